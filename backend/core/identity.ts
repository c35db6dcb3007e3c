import type { Role } from '../../miniprogram/shared/orgs';
import { cloud, db, type Doc } from './cloud';
import { COLLECTIONS } from './collections';
import { unauthenticated } from './errors';
import { settingList } from './settings';

export interface Grant extends Doc {
  _id: string;
  openid: string;
  role: Role;
  orgId: string;
  orgName: string;
  /** The granted org's path from the root, itself included: a grant covers every org whose ancestors hold orgId. */
  ancestors: string[];
}

export interface Caller {
  openid: string;
  /** Listed in ADMIN_OPENIDS: admin of every root org, so of everything. */
  isRootAdmin: boolean;
  grants: Grant[];
}

/** The caller's openid, from the WeChat context only (never from input). */
export function callerOpenid(): string {
  const { OPENID } = cloud.getWXContext();
  if (!OPENID) throw unauthenticated();
  return OPENID;
}

export function rootAdminOpenids(): string[] {
  return settingList('ADMIN_OPENIDS');
}

/** Loads the caller's grants (one database call). */
export async function loadCaller(openid: string): Promise<Caller> {
  const { data } = await db.collection(COLLECTIONS.grants).where({ openid }).limit(100).get();
  return { openid, isRootAdmin: rootAdminOpenids().includes(openid), grants: data as Grant[] };
}

/**
 * Whether the caller holds one of `roles` on the org or one of its ancestors (a grant covers its subtree).
 * `ancestors` is the target org's path from the root, itself included.
 */
export function can(caller: Caller, roles: readonly Role[], ancestors: readonly string[]): boolean {
  if (caller.isRootAdmin && roles.includes('admin')) return true;
  return caller.grants.some((g) => roles.includes(g.role) && ancestors.includes(g.orgId));
}

/** Whether the caller has any of `roles` anywhere. */
export function hasRole(caller: Caller, roles: readonly Role[]): boolean {
  return (caller.isRootAdmin && roles.includes('admin')) || caller.grants.some((g) => roles.includes(g.role));
}

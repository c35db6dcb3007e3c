import type { ReqOf } from '../shared/api';
import { markHomeChanged } from '../utils/session';
import { callCloud } from './cloud';
import { forgetMe } from './session';

/** Runs a call that changes the caller's `me` (profile, roles, home), then drops the cached one. */
async function changingMe<T>(call: Promise<T>): Promise<T> {
  const res = await call;
  forgetMe();
  return res;
}

/** Saves name and/or phone; an empty phone clears it. */
export const updateProfile = (req: ReqOf<'users', 'updateProfile'>) =>
  changingMe(callCloud('users', 'updateProfile', req));

/** Makes a community or grid the caller's home (what the home page shows); tab pages reload when shown. */
export async function setHome(orgId: string) {
  const res = await changingMe(callCloud('users', 'setHome', { orgId }));
  markHomeChanged();
  return res;
}

/** An invite for `role` at `orgId`: admins invite any role in scope, staff only grid workers. */
export const createInvite = (req: ReqOf<'users', 'createInvite'>) => callCloud('users', 'createInvite', req);

/**
 * Redeems an invite code: the caller gets its role. Used or expired codes fail with INVITE_USED / INVITE_EXPIRED.
 * A grid worker's invite may carry the card (name, service phone) residents of the grid then see on 首页.
 */
export const redeemInvite = (req: ReqOf<'users', 'redeemInvite'>) =>
  changingMe(callCloud('users', 'redeemInvite', req));

/** Grants within an org's subtree (admins only), a page at a time. */
export const listGrants = (req: ReqOf<'users', 'listGrants'>) => callCloud('users', 'listGrants', req);

/** Withdraws a grant (admins of its org's subtree; it may be the caller's own). */
export const revokeGrant = (id: string) => changingMe(callCloud('users', 'revokeGrant', { id }));

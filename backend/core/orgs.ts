import type { Contact, OrgView } from '../../miniprogram/shared/api';
import type { OrgLevel } from '../../miniprogram/shared/orgs';
import { _, db, findById, type Doc } from './cloud';
import { COLLECTIONS } from './collections';
import { notFound, precondition } from './errors';
import { newSceneToken } from './ids';
import { reissueInviteCode } from './invites';

export interface OrgDoc extends Doc {
  name: string;
  level: OrgLevel;
  parentId: string | null;
  /** Path from the root, itself included: the subtree of X is one indexed query `{ ancestors: X }`. */
  ancestors: string[];
  path: string;
  depth: number;
  scene: string;
  contact: Contact | null;
  /** Set by orgs.archive on the org and its whole subtree: hidden from new work, its history kept. */
  archivedAt?: Date | null;
  archivedBy?: string;
}

export async function loadOrg(id: string): Promise<OrgDoc> {
  const org = await findById<OrgDoc>(COLLECTIONS.orgs, id);
  if (!org) throw notFound('组织不存在');
  return org;
}

export function isArchived(org: OrgDoc): boolean {
  return Boolean(org.archivedAt);
}

/** The one check before new work (a child org, a request, an event, a household, an invite) lands in an org. */
export async function loadActiveOrg(id: string): Promise<OrgDoc> {
  const org = await loadOrg(id);
  if (isArchived(org)) throw precondition('ORG_ARCHIVED', `“${org.name}”已归档，不能再添加新的内容`);
  return org;
}

export async function loadOrgs(ids: string[]): Promise<Map<string, OrgDoc>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const { data } = await db
    .collection(COLLECTIONS.orgs)
    .where({ _id: _.in(unique) })
    .limit(unique.length)
    .get();
  return new Map((data as OrgDoc[]).map((o) => [o._id, o]));
}

export function toOrgView(org: OrgDoc): OrgView {
  const view: OrgView = {
    id: org._id,
    name: org.name,
    level: org.level,
    parentId: org.parentId,
    path: org.path,
    scene: org.scene,
  };
  if (org.contact && Object.keys(org.contact).length) view.contact = org.contact;
  if (isArchived(org)) view.archived = true;
  return view;
}

export type SceneType = 'org' | 'household' | 'event' | 'invite' | 'checkin' | 'survey';

export interface SceneDoc extends Doc {
  type: SceneType;
  targetId: string;
  revokedAt?: Date | null;
}

/**
 * Registers a fresh opaque scene token for a target. A new scene for an existing invite (a rotation) also replaces
 * the invite's code, since the old scene handed that code out; `newTarget` says the target is being created.
 */
export async function createScene(
  type: SceneType,
  targetId: string,
  opts: { newTarget?: boolean } = {},
): Promise<string> {
  const scene = newSceneToken();
  await db
    .collection(COLLECTIONS.qrScenes)
    .add({ data: { _id: scene, type, targetId, createdAt: new Date(), revokedAt: null } });
  if (type === 'invite' && !opts.newTarget) await reissueInviteCode(targetId);
  return scene;
}

import type { GrantView, HomeRef, MeView, RoleView } from '../../miniprogram/shared/api';
import { maskPhone } from '../../miniprogram/shared/mask';
import { ROLE_LABELS, type Role } from '../../miniprogram/shared/orgs';
import { usersSchemas } from '../../miniprogram/shared/schemas/users';
import { audit } from '../../backend/core/audit';
import { _, db, findById, isDuplicateKey, type Doc } from '../../backend/core/cloud';
import { denied, invalid, notFound, precondition } from '../../backend/core/errors';
import { newCode } from '../../backend/core/ids';
import { can, type Caller, type Grant } from '../../backend/core/identity';
import { createScene, loadOrg, type OrgDoc } from '../../backend/core/orgs';
import { decrypt, encrypt } from '../../backend/core/pii';
import { action, createRouter } from '../../backend/core/router';
import { toIso } from '../../backend/core/time';

const INVITE_TTL_DAYS = 7;

interface UserDoc extends Doc {
  profile: { name?: string; phoneEnc?: string };
  homeOrgId?: string | null;
}

interface InviteDoc extends Doc {
  code: string;
  scene: string;
  role: Role;
  orgId: string;
  orgName: string;
  ancestors: string[];
  createdBy: string;
  expiresAt: Date;
  usedBy: string | null;
}

/** The caller's user document, created on first sight. */
async function ensureUser(openid: string): Promise<UserDoc> {
  const existing = await findById<UserDoc>('users', openid);
  if (existing) return existing;
  const user: UserDoc = { _id: openid, profile: {}, homeOrgId: null };
  try {
    await db.collection('users').add({ data: { ...user, createdAt: new Date() } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // created by a concurrent first call
  }
  return user;
}

function profileView(user: UserDoc): MeView['profile'] {
  const profile: MeView['profile'] = {};
  if (user.profile.name) profile.name = user.profile.name;
  if (user.profile.phoneEnc) profile.phone = maskPhone(decrypt(user.profile.phoneEnc));
  return profile;
}

/** The community (and grid) a home org id stands for; a grid's community is its parent. */
function homeRef(home: OrgDoc | undefined, parent: OrgDoc | undefined): HomeRef | null {
  if (!home) return null;
  if (home.level === 'grid' && parent)
    return { communityId: parent._id, communityName: parent.name, gridId: home._id, gridName: home.name };
  return { communityId: home._id, communityName: home.name };
}

async function loadHome(homeOrgId: string | null | undefined): Promise<HomeRef | null> {
  if (!homeOrgId) return null;
  const home = await findById<OrgDoc>('orgs', homeOrgId);
  const parent = home?.level === 'grid' && home.parentId ? await findById<OrgDoc>('orgs', home.parentId) : undefined;
  return homeRef(home, parent);
}

async function rolesOf(caller: Caller): Promise<RoleView[]> {
  const roles: RoleView[] = caller.grants.map((g) => ({ role: g.role, orgId: g.orgId, orgName: g.orgName }));
  if (caller.isRootAdmin) {
    const { data } = await db.collection('orgs').where({ parentId: null }).limit(100).get();
    for (const root of data as OrgDoc[]) roles.push({ role: 'admin', orgId: root._id, orgName: root.name });
  }
  return roles;
}

/** Roles an inviter may hand out: an admin any role in scope, staff only grid workers. */
function mayInvite(caller: Caller, role: Role, org: OrgDoc): boolean {
  if (can(caller, ['admin'], org.ancestors)) return true;
  return role === 'grid_worker' && can(caller, ['staff'], org.ancestors);
}

/** Grid workers are bound to a grid; staff and admins to an org above the grids. */
function roleFitsLevel(role: Role, org: OrgDoc): boolean {
  return role === 'grid_worker' ? org.level === 'grid' : org.level !== 'grid';
}

export const main = createRouter('users', {
  me: action({
    schema: usersSchemas.me,
    async handler(_input, ctx) {
      const [user, caller] = await Promise.all([ensureUser(ctx.openid), ctx.caller()]);
      const [roles, home] = await Promise.all([rolesOf(caller), loadHome(user.homeOrgId)]);
      return { openid: ctx.openid, profile: profileView(user), roles, home };
    },
  }),

  updateProfile: action({
    schema: usersSchemas.updateProfile,
    limit: { max: 20, windowSeconds: 60 },
    async handler(input, ctx) {
      const user = await ensureUser(ctx.openid);
      const set: Record<string, unknown> = { updatedAt: new Date() };
      if (input.name !== undefined) set['profile.name'] = input.name;
      if (input.phone !== undefined) set['profile.phoneEnc'] = input.phone === '' ? _.remove() : encrypt(input.phone);
      await db.collection('users').doc(ctx.openid).update({ data: set });
      const profile = { ...user.profile };
      if (input.name !== undefined) profile.name = input.name;
      if (input.phone !== undefined)
        profile.phoneEnc = input.phone === '' ? undefined : (set['profile.phoneEnc'] as string);
      return profileView({ ...user, profile });
    },
  }),

  setHome: action({
    schema: usersSchemas.setHome,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const org = await loadOrg(input.orgId);
      if (org.level !== 'community' && org.level !== 'grid') throw invalid({ orgId: '请选择社区或网格' });
      const parent = org.level === 'grid' && org.parentId ? await loadOrg(org.parentId) : undefined;
      await ensureUser(ctx.openid);
      await db
        .collection('users')
        .doc(ctx.openid)
        .update({ data: { homeOrgId: org._id, updatedAt: new Date() } });
      return { home: homeRef(org, parent)! };
    },
  }),

  createInvite: action({
    schema: usersSchemas.createInvite,
    limit: { max: 30, windowSeconds: 3600 },
    async handler(input, ctx) {
      const [org, caller] = await Promise.all([loadOrg(input.orgId), ctx.caller()]);
      if (!mayInvite(caller, input.role, org)) throw denied(`不能邀请${ROLE_LABELS[input.role]}加入该组织`);
      if (!roleFitsLevel(input.role, org)) {
        throw invalid({ orgId: input.role === 'grid_worker' ? '网格员只能绑定到网格' : '该角色不能绑定到网格' });
      }
      const now = new Date();
      const expiresAt = new Date(now.getTime() + INVITE_TTL_DAYS * 86400_000);
      const id = newCode();
      const scene = await createScene('invite', id);
      const invite: InviteDoc = {
        _id: id,
        code: newCode(),
        scene,
        role: input.role,
        orgId: org._id,
        orgName: org.name,
        ancestors: org.ancestors,
        createdBy: ctx.openid,
        expiresAt,
        usedBy: null,
      };
      await db.collection('invites').add({ data: { ...invite, createdAt: now } });
      await audit({
        actor: ctx.openid,
        action: 'invite.create',
        targetType: 'invite',
        targetId: id,
        orgId: org._id,
        details: { role: input.role },
      });
      return { code: invite.code, scene, expiresAt: toIso(expiresAt) };
    },
  }),

  redeemInvite: action({
    schema: usersSchemas.redeemInvite,
    limit: { max: 10, windowSeconds: 60 },
    async handler(input, ctx) {
      const { data } = await db.collection('invites').where({ code: input.code }).limit(1).get();
      const invite = data[0] as InviteDoc | undefined;
      if (!invite) throw notFound('邀请码不存在');
      if (invite.usedBy) throw precondition('INVITE_USED', '该邀请码已被使用');
      if (new Date(invite.expiresAt).getTime() < Date.now()) throw precondition('INVITE_EXPIRED', '该邀请码已过期');
      // Single use even under a race: only the call that flips usedBy from null wins.
      const { stats } = await db
        .collection('invites')
        .where({ _id: invite._id, usedBy: null })
        .update({
          data: { usedBy: ctx.openid, usedAt: new Date() },
        });
      if (stats.updated !== 1) throw precondition('INVITE_USED', '该邀请码已被使用');
      try {
        await db.collection('grants').add({
          data: {
            openid: ctx.openid,
            role: invite.role,
            orgId: invite.orgId,
            orgName: invite.orgName,
            ancestors: invite.ancestors,
            grantedBy: invite.createdBy,
            inviteId: invite._id,
            createdAt: new Date(),
          },
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // already held: redeeming again changes nothing
      }
      await ensureUser(ctx.openid);
      await audit({
        actor: ctx.openid,
        action: 'grant.create',
        targetType: 'grant',
        targetId: invite._id,
        orgId: invite.orgId,
        details: { role: invite.role, via: 'invite', invitedBy: invite.createdBy },
      });
      return { role: invite.role, orgId: invite.orgId };
    },
  }),

  listGrants: action({
    schema: usersSchemas.listGrants,
    async handler(input, ctx) {
      const [org, caller] = await Promise.all([loadOrg(input.orgId), ctx.caller()]);
      if (!can(caller, ['admin'], org.ancestors)) throw notFound('组织不存在');
      const limit = input.limit ?? 20;
      const where: Record<string, unknown> = { ancestors: org._id };
      if (input.cursor) where._id = _.gt(input.cursor);
      const { data } = await db
        .collection('grants')
        .where(where)
        .orderBy('_id', 'asc')
        .limit(limit + 1)
        .get();
      const grants = (data as (Grant & { createdAt: Date })[]).slice(0, limit);
      const users = grants.length
        ? ((
            await db
              .collection('users')
              .where({ _id: _.in(grants.map((g) => g.openid)) })
              .limit(limit)
              .get()
          ).data as UserDoc[])
        : [];
      const names = new Map(users.map((u) => [u._id, u.profile?.name]));
      const items: GrantView[] = grants.map((g) => {
        const view: GrantView = {
          id: g._id,
          openid: g.openid,
          role: g.role,
          orgId: g.orgId,
          orgName: g.orgName,
          createdAt: toIso(g.createdAt),
        };
        const name = names.get(g.openid);
        if (name) view.name = name;
        return view;
      });
      return { items, nextCursor: data.length > limit ? grants[grants.length - 1]._id : null };
    },
  }),

  revokeGrant: action({
    schema: usersSchemas.revokeGrant,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const [grant, caller] = await Promise.all([findById<Grant>('grants', input.id), ctx.caller()]);
      if (!grant || !can(caller, ['admin'], grant.ancestors)) throw notFound('授权不存在');
      await db.collection('grants').doc(grant._id).remove();
      await audit({
        actor: ctx.openid,
        action: 'grant.revoke',
        targetType: 'grant',
        targetId: grant._id,
        orgId: grant.orgId,
        details: { role: grant.role, holder: grant.openid },
      });
      return { id: grant._id };
    },
  }),
});

import type { GrantView, HomeRef, InviteView, MeView, RoleView } from '../../miniprogram/shared/api';
import { maskPhone } from '../../miniprogram/shared/mask';
import { ROLE_LABELS, type Role } from '../../miniprogram/shared/orgs';
import { usersSchemas } from '../../miniprogram/shared/schemas/users';
import { audit } from '../../backend/core/audit';
import { _, db, findById, isDuplicateKey } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { denied, invalid, notFound, precondition } from '../../backend/core/errors';
import { newCode } from '../../backend/core/ids';
import { can, type Caller, type Grant } from '../../backend/core/identity';
import { type InviteDoc } from '../../backend/core/invites';
import { createScene, loadActiveOrg, loadOrg, type OrgDoc } from '../../backend/core/orgs';
import { pageOf, readPage } from '../../backend/core/paging';
import { decrypt, encrypt } from '../../backend/core/pii';
import { action, createRouter } from '../../backend/core/router';
import { toIso } from '../../backend/core/time';
import { ensureUser, profileNames, type UserDoc } from '../../backend/core/users';

const INVITE_TTL_DAYS = 7;

function profileView(user: UserDoc): MeView['profile'] {
  const profile: MeView['profile'] = {};
  if (user.profile.name) profile.name = user.profile.name;
  if (user.profile.phoneEnc) profile.phone = maskPhone(decrypt(user.profile.phoneEnc));
  if (user.profile.languages?.length) profile.languages = user.profile.languages;
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
  const home = await findById<OrgDoc>(COLLECTIONS.orgs, homeOrgId);
  const parent =
    home?.level === 'grid' && home.parentId ? await findById<OrgDoc>(COLLECTIONS.orgs, home.parentId) : undefined;
  return homeRef(home, parent);
}

async function rolesOf(caller: Caller): Promise<RoleView[]> {
  const roles: RoleView[] = caller.grants.map((g) => ({ role: g.role, orgId: g.orgId, orgName: g.orgName }));
  if (caller.isRootAdmin) {
    const { data } = await db.collection(COLLECTIONS.orgs).where({ parentId: null }).limit(100).get();
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

/** A revoked or used invite is refused with its reason (an expired one is checked by the caller). */
function assertRedeemable(invite: InviteDoc): void {
  if (invite.revokedAt) throw precondition('INVITE_REVOKED', '该邀请码已被撤销');
  if (invite.usedBy) throw precondition('INVITE_USED', '该邀请码已被使用');
}

/**
 * Puts the card a new grid worker chose into the grid's contact, which orgs.home shows residents. Only name and phone
 * change: the office hours and address stay. A null contact cannot take dot paths, so it is set whole.
 */
async function showWorkerCard(grid: OrgDoc, card: { name: string; phone: string }): Promise<void> {
  const contact = grid.contact
    ? { 'contact.name': card.name, 'contact.phone': card.phone }
    : { contact: _.set({ name: card.name, phone: card.phone }) };
  await db
    .collection(COLLECTIONS.orgs)
    .doc(grid._id)
    .update({ data: { ...contact, updatedAt: new Date() } });
}

/**
 * Whether the caller stands above a grant they may see: root admins always; an admin otherwise needs an admin grant
 * above the grant's org, or on the same org for a lower role. Peer admins (and oneself) are out of reach.
 */
function outranks(caller: Caller, grant: Grant, ancestors: readonly string[]): boolean {
  if (caller.isRootAdmin) return true;
  return caller.grants.some(
    (g) => g.role === 'admin' && ancestors.includes(g.orgId) && (g.orgId !== grant.orgId || grant.role !== 'admin'),
  );
}

/** Admin grants held on the org itself (not above it). */
async function adminCount(orgId: string): Promise<number> {
  const { total } = await db.collection(COLLECTIONS.grants).where({ ancestors: orgId, role: 'admin', orgId }).count();
  return total;
}

const lastAdmin = () => precondition('LAST_ADMIN', '这是该组织唯一的管理员，请先邀请另一位管理员');

async function restoreGrant(grant: Grant): Promise<void> {
  try {
    await db.collection(COLLECTIONS.grants).add({ data: { ...grant } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
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
      if (input.languages !== undefined) set['profile.languages'] = input.languages;
      await db.collection(COLLECTIONS.users).doc(ctx.openid).update({ data: set });
      const profile = { ...user.profile };
      if (input.name !== undefined) profile.name = input.name;
      if (input.phone !== undefined)
        profile.phoneEnc = input.phone === '' ? undefined : (set['profile.phoneEnc'] as string);
      if (input.languages !== undefined) profile.languages = input.languages;
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
        .collection(COLLECTIONS.users)
        .doc(ctx.openid)
        .update({ data: { homeOrgId: org._id, updatedAt: new Date() } });
      return { home: homeRef(org, parent)! };
    },
  }),

  createInvite: action({
    schema: usersSchemas.createInvite,
    limit: { max: 30, windowSeconds: 3600 },
    async handler(input, ctx) {
      const [org, caller] = await Promise.all([loadActiveOrg(input.orgId), ctx.caller()]);
      if (!mayInvite(caller, input.role, org)) throw denied(`不能邀请${ROLE_LABELS[input.role]}加入该组织`);
      if (!roleFitsLevel(input.role, org)) {
        throw invalid({ orgId: input.role === 'grid_worker' ? '网格员只能绑定到网格' : '该角色不能绑定到网格' });
      }
      const now = new Date();
      const expiresAt = new Date(now.getTime() + INVITE_TTL_DAYS * 86400_000);
      const id = newCode();
      const scene = await createScene('invite', id, { newTarget: true });
      const invite: InviteDoc = {
        _id: id,
        code: newCode(),
        scene,
        role: input.role,
        orgId: org._id,
        orgName: org.name,
        ancestors: org.ancestors,
        createdBy: ctx.openid,
        createdAt: now,
        expiresAt,
        usedBy: null,
        revokedAt: null,
      };
      await db.collection(COLLECTIONS.invites).add({ data: invite });
      await audit({
        actor: ctx.openid,
        action: 'invite.create',
        targetType: 'invite',
        targetId: id,
        orgId: org._id,
        details: { role: input.role },
      });
      return { id, code: invite.code, scene, expiresAt: toIso(expiresAt) };
    },
  }),

  redeemInvite: action({
    schema: usersSchemas.redeemInvite,
    limit: { max: 10, windowSeconds: 60 },
    async handler(input, ctx) {
      const { data } = await db.collection(COLLECTIONS.invites).where({ code: input.code }).limit(1).get();
      const invite = data[0] as InviteDoc | undefined;
      if (!invite) throw notFound('邀请码不存在');
      assertRedeemable(invite);
      if (new Date(invite.expiresAt).getTime() < Date.now()) throw precondition('INVITE_EXPIRED', '该邀请码已过期');
      // The grant hangs where the org is now: an invite made before the org moved (or was renamed) must not give a
      // grant on its old path, which the new community's admins could neither see nor revoke.
      const org = await loadOrg(invite.orgId);
      if (input.card && (invite.role !== 'grid_worker' || org.level !== 'grid'))
        throw invalid({ card: '只有网格员邀请可以填写名片' });
      // Single use even under a race, and never after a revocation: only the call that flips usedBy from null wins.
      const { stats } = await db
        .collection(COLLECTIONS.invites)
        .where({ _id: invite._id, usedBy: null, revokedAt: null })
        .update({ data: { usedBy: ctx.openid, usedAt: new Date() } });
      if (stats.updated !== 1) {
        assertRedeemable((await findById<InviteDoc>(COLLECTIONS.invites, invite._id)) ?? invite);
        throw precondition('INVITE_USED', '该邀请码已被使用');
      }
      try {
        await db.collection(COLLECTIONS.grants).add({
          data: {
            openid: ctx.openid,
            role: invite.role,
            orgId: org._id,
            orgName: org.name,
            ancestors: org.ancestors,
            grantedBy: invite.createdBy,
            inviteId: invite._id,
            createdAt: new Date(),
          },
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // already held: redeeming again changes nothing
      }
      if (input.card) await showWorkerCard(org, input.card);
      await ensureUser(ctx.openid);
      await audit({
        actor: ctx.openid,
        action: 'grant.create',
        targetType: 'grant',
        targetId: invite._id,
        orgId: invite.orgId,
        details: { role: invite.role, via: 'invite', invitedBy: invite.createdBy, ...(input.card && { card: true }) },
      });
      return { role: invite.role, orgId: invite.orgId };
    },
  }),

  listGrants: action({
    schema: usersSchemas.listGrants,
    async handler(input, ctx) {
      const [org, caller] = await Promise.all([loadOrg(input.orgId), ctx.caller()]);
      if (!can(caller, ['admin'], org.ancestors)) throw notFound('组织不存在');
      const page = await readPage<Grant & { createdAt: Date }>({
        collection: COLLECTIONS.grants,
        where: { ancestors: org._id },
        orderBy: '_id',
        order: 'asc',
        limit: input.limit,
        after: input.cursor,
      });
      const names = await profileNames(page.rows.map((g) => g.openid));
      return pageOf(page, (g) => {
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
    },
  }),

  revokeGrant: action({
    schema: usersSchemas.revokeGrant,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const [grant, caller] = await Promise.all([findById<Grant>(COLLECTIONS.grants, input.id), ctx.caller()]);
      // Scope is judged on where the org is now, so that a move in progress already counts.
      const org = grant ? await findById<OrgDoc>(COLLECTIONS.orgs, grant.orgId) : undefined;
      const ancestors = org?.ancestors ?? grant?.ancestors ?? [];
      if (!grant || !can(caller, ['admin'], ancestors)) throw notFound('授权不存在');
      if (!outranks(caller, grant, ancestors)) throw denied('不能撤销与你同级或更高级别的管理员授权');
      if (grant.role === 'admin' && (await adminCount(grant.orgId)) <= 1) throw lastAdmin();
      await db.collection(COLLECTIONS.grants).doc(grant._id).remove();
      if (grant.role === 'admin' && (await adminCount(grant.orgId)) === 0) {
        // Two revocations raced past the first count: put this one back, so the org keeps an admin.
        await restoreGrant(grant);
        throw lastAdmin();
      }
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

  invites: action({
    schema: usersSchemas.invites,
    async handler(input, ctx) {
      const [org, caller] = await Promise.all([loadOrg(input.orgId), ctx.caller()]);
      const where: Record<string, unknown> = { ancestors: org._id, usedBy: null, revokedAt: null };
      // Admins see every pending invite of their subtree; staff, the grid-worker invites they made themselves.
      if (!can(caller, ['admin'], org.ancestors)) {
        if (!can(caller, ['staff'], org.ancestors)) throw notFound('组织不存在');
        where.createdBy = ctx.openid;
      }
      const page = await readPage<InviteDoc>({
        collection: COLLECTIONS.invites,
        where,
        orderBy: '_id',
        order: 'asc',
        limit: input.limit,
        after: input.cursor,
      });
      const names = await profileNames(page.rows.map((i) => i.createdBy));
      return pageOf(page, (i): InviteView => {
        const view: InviteView = {
          id: i._id,
          role: i.role,
          orgId: i.orgId,
          orgName: i.orgName,
          invitedBy: i.createdBy,
          createdAt: toIso(i.createdAt),
          expiresAt: toIso(i.expiresAt),
          expired: new Date(i.expiresAt).getTime() < Date.now(),
        };
        const name = names.get(i.createdBy);
        if (name) view.invitedByName = name;
        return view;
      });
    },
  }),

  revokeInvite: action({
    schema: usersSchemas.revokeInvite,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      if ((input.code === undefined) === (input.inviteId === undefined)) {
        const message = '请提供邀请码或邀请编号之一';
        throw invalid({ code: message, inviteId: message });
      }
      const invite = input.code
        ? ((await db.collection(COLLECTIONS.invites).where({ code: input.code }).limit(1).get()).data[0] as
            InviteDoc | undefined)
        : await findById<InviteDoc>(COLLECTIONS.invites, input.inviteId!);
      const caller = await ctx.caller();
      const org = invite ? await findById<OrgDoc>(COLLECTIONS.orgs, invite.orgId) : undefined;
      const ancestors = org?.ancestors ?? invite?.ancestors ?? [];
      // The inviter, or an admin over the invite's org; to anyone else an invite does not exist.
      if (!invite || (invite.createdBy !== ctx.openid && !can(caller, ['admin'], ancestors))) {
        throw notFound('邀请不存在');
      }
      if (invite.revokedAt) return { id: invite._id };
      if (invite.usedBy) throw precondition('INVITE_USED', '该邀请码已被使用，如需收回请撤销对应授权');
      const now = new Date();
      const { stats } = await db
        .collection(COLLECTIONS.invites)
        .where({ _id: invite._id, usedBy: null, revokedAt: null })
        .update({ data: { revokedAt: now, revokedBy: ctx.openid } });
      if (stats.updated !== 1) {
        const current = await findById<InviteDoc>(COLLECTIONS.invites, invite._id);
        if (current?.revokedAt) return { id: invite._id };
        throw precondition('INVITE_USED', '该邀请码已被使用，如需收回请撤销对应授权');
      }
      // Its QR stops resolving too.
      await db
        .collection(COLLECTIONS.qrScenes)
        .where({ _id: invite.scene, revokedAt: null })
        .update({ data: { revokedAt: now } });
      await audit({
        actor: ctx.openid,
        action: 'invite.revoke',
        targetType: 'invite',
        targetId: invite._id,
        orgId: invite.orgId,
        details: { role: invite.role },
      });
      return { id: invite._id };
    },
  }),
});

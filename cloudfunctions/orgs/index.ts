import type { HomeView, OrgView } from '../../miniprogram/shared/api';
import { EVENT_STATUSES } from '../../miniprogram/shared/events';
import { childLevel, ORG_LEVEL_LABELS } from '../../miniprogram/shared/orgs';
import { REQUEST_STATUSES } from '../../miniprogram/shared/requests';
import { orgsSchemas } from '../../miniprogram/shared/schemas/orgs';
import { audit } from '../../backend/core/audit';
import { _, db } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { alreadyExists, denied, invalid, precondition } from '../../backend/core/errors';
import { can, hasRole, type Caller } from '../../backend/core/identity';
import { resumeMoves, runMove, startMove, toMoveView } from '../../backend/core/moves';
import { createScene, isArchived, loadActiveOrg, loadOrg, toOrgView, type OrgDoc } from '../../backend/core/orgs';
import { action, createRouter, deadlineOf, type InvocationContext } from '../../backend/core/router';
import { isTimerCall, runTimer } from '../../backend/core/timer';
import { homeOrgIdOf } from '../../backend/core/users';
import { isRootAdmin, mayArchive, orgCan } from './manage';
import { sortStations, stationActions, stationsUnder, toStationView } from './stations';

async function assertUniqueName(parentId: string | null, name: string, exceptId?: string): Promise<void> {
  const { data } = await db.collection(COLLECTIONS.orgs).where({ parentId, name }).limit(2).get();
  if (data.some((o) => o._id !== exceptId)) throw alreadyExists(`同一上级下已有名为“${name}”的组织`);
}

async function listChildren(parentId: string | null): Promise<OrgView[]> {
  const { data } = await db.collection(COLLECTIONS.orgs).where({ parentId }).orderBy('name', 'asc').limit(200).get();
  return (data as OrgDoc[]).filter((o) => !isArchived(o)).map(toOrgView);
}

/** How many orgs one archive may close at once: past this, archive the branches one by one. */
const MAX_ARCHIVED_SUBTREE = 500;
const OPEN_REQUEST_STATUSES = REQUEST_STATUSES.filter((s) => !['resolved', 'closed', 'withdrawn'].includes(s));
const LIVE_EVENT_STATUSES = EVENT_STATUSES.filter((s) => s !== 'cancelled');

/** Refuses while work under the subtree is still open: requests not finished, events still to come. */
async function assertNothingOpen(orgId: string): Promise<void> {
  const [requests, events] = await Promise.all([
    db
      .collection(COLLECTIONS.requests)
      .where({ ancestors: orgId, status: _.in(OPEN_REQUEST_STATUSES) })
      .count(),
    db
      .collection(COLLECTIONS.events)
      .where({ ancestors: orgId, status: _.in(LIVE_EVENT_STATUSES), startAt: _.gt(new Date()) })
      .count(),
  ]);
  if (requests.total > 0)
    throw precondition('OPEN_REQUESTS', `该组织下还有 ${requests.total} 件未办结的诉求，请先处理完毕再归档`);
  if (events.total > 0)
    throw precondition('UPCOMING_EVENTS', `该组织下还有 ${events.total} 场未开始的活动，请先取消或等其结束再归档`);
}

/** Where the caller may manage an org: admins of the subtree, and staff for contact details and stations. */
async function requireScope(
  ctx: { caller(): Promise<Caller> },
  org: OrgDoc,
  roles: ('admin' | 'staff')[],
): Promise<Caller> {
  const caller = await ctx.caller();
  if (!can(caller, roles, org.ancestors)) throw denied('该组织不在你的管辖范围内');
  return caller;
}

const router = createRouter('orgs', {
  create: action({
    schema: orgsSchemas.create,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      let parent: OrgDoc | undefined;
      if (input.parentId) {
        parent = await loadActiveOrg(input.parentId);
        if (!can(caller, ['admin'], parent.ancestors)) throw denied('该组织不在你的管辖范围内');
        const expected = childLevel(parent.level);
        if (!expected) throw precondition('GRID_HAS_NO_CHILDREN', '网格下不能再建下级组织');
        if (input.level !== expected)
          throw invalid({ level: `${ORG_LEVEL_LABELS[parent.level]}的下级必须是${ORG_LEVEL_LABELS[expected]}` });
      } else {
        if (!isRootAdmin(caller)) throw denied('只有根节点管理员可以新建市级组织');
        if (input.level !== 'city') throw invalid({ level: '根节点必须是市' });
      }
      await assertUniqueName(parent?._id ?? null, input.name);
      const id = (
        await db
          .collection(COLLECTIONS.orgs)
          .add({ data: { name: input.name, level: input.level, parentId: parent?._id ?? null, createdAt: new Date() } })
      )._id;
      const ancestors = [...(parent?.ancestors ?? []), id];
      const scene = await createScene('org', id);
      await db
        .collection(COLLECTIONS.orgs)
        .doc(id)
        .update({
          data: {
            ancestors,
            path: `/${ancestors.join('/')}/`,
            depth: ancestors.length - 1,
            scene,
            contact: null,
            updatedAt: new Date(),
          },
        });
      await audit({
        actor: ctx.openid,
        action: 'org.create',
        targetType: 'org',
        targetId: id,
        orgId: parent?._id ?? id,
        details: { level: input.level },
      });
      return { id, scene };
    },
  }),

  get: action({
    schema: orgsSchemas.get,
    async handler(input) {
      return toOrgView(await loadOrg(input.id));
    },
  }),

  children: action({
    schema: orgsSchemas.children,
    async handler(input) {
      const org = await loadOrg(input.id);
      return { items: await listChildren(org._id) };
    },
  }),

  roots: action({
    schema: orgsSchemas.roots,
    async handler() {
      return { items: await listChildren(null) };
    },
  }),

  home: action({
    schema: orgsSchemas.home,
    async handler(input, ctx) {
      let orgId = input.orgId;
      if (!orgId) {
        orgId = await homeOrgIdOf(ctx.openid);
        if (!orgId) throw precondition('NO_HOME', '请先选择所在社区');
      }
      const org = await loadOrg(orgId);
      if (org.level !== 'community' && org.level !== 'grid') throw invalid({ orgId: '请选择社区或网格' });
      const community = org.level === 'grid' ? await loadOrg(org.parentId!) : org;
      const stations = sortStations(await stationsUnder(community._id))
        .slice(0, 5)
        .map((s) => toStationView(s));
      const view: HomeView = { community: { id: community._id, name: community.name, path: community.path }, stations };
      if (community.contact) view.community.contact = community.contact;
      if (org.level === 'grid') {
        view.grid = { id: org._id, name: org.name };
        if (org.contact?.name && org.contact.phone)
          view.grid.worker = { name: org.contact.name, phone: org.contact.phone };
      }
      return view;
    },
  }),

  rename: action({
    schema: orgsSchemas.rename,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const org = await loadOrg(input.id);
      await requireScope(ctx, org, ['admin']);
      await assertUniqueName(org.parentId, input.name, org._id);
      await db
        .collection(COLLECTIONS.orgs)
        .doc(org._id)
        .update({ data: { name: input.name, updatedAt: new Date() } });
      // Grants carry their org's name so that users.me needs no extra read.
      await db
        .collection(COLLECTIONS.grants)
        .where({ orgId: org._id })
        .update({ data: { orgName: input.name } });
      await audit({ actor: ctx.openid, action: 'org.rename', targetType: 'org', targetId: org._id, orgId: org._id });
      return toOrgView({ ...org, name: input.name });
    },
  }),

  move: action({
    schema: orgsSchemas.move,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const [org, target] = await Promise.all([loadOrg(input.id), loadActiveOrg(input.parentId)]);
      const caller = await requireScope(ctx, org, ['admin']);
      if (!can(caller, ['admin'], target.ancestors)) throw denied('目标社区不在你的管辖范围内');
      if (org.level !== 'grid') throw precondition('ONLY_GRIDS_MOVE', '只有网格可以调整所属社区');
      if (target.level !== 'community') throw invalid({ parentId: '网格只能移到社区下' });
      if (org.parentId === target._id) return { ...toOrgView(org), move: null };
      await assertUniqueName(target._id, org.name);
      // Everything under the grid (grants, invites, events, sign-ups, requests, the registry...) follows it, in
      // batches; what this call's time does not cover, orgs.resumeMoves or the hourly timer finishes.
      const job = await startMove(org, target, ctx.openid);
      await audit({
        actor: ctx.openid,
        action: 'org.move',
        targetType: 'org',
        targetId: org._id,
        orgId: target._id,
        details: { from: org.parentId, job: job._id },
      });
      const run = await runMove(job, {
        deadline: ctx.deadline,
        batchSize: input.batchSize,
        maxBatches: input.maxBatches,
      });
      const ancestors = job.newAncestors;
      return {
        ...toOrgView({ ...org, parentId: target._id, ancestors, path: `/${ancestors.join('/')}/` }),
        move: toMoveView(run.job),
      };
    },
  }),

  resumeMoves: action({
    schema: orgsSchemas.resumeMoves,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      if (!hasRole(caller, ['admin'])) throw denied('只有管理员可以继续调整组织');
      const jobs = await resumeMoves(
        { deadline: ctx.deadline, batchSize: input.batchSize, maxBatches: input.maxBatches },
        (job) => can(caller, ['admin'], job.newAncestors),
      );
      return { items: jobs.map(toMoveView) };
    },
  }),

  updateContact: action({
    schema: orgsSchemas.updateContact,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const org = await loadOrg(input.id);
      await requireScope(ctx, org, ['admin', 'staff']);
      const contact = Object.fromEntries(Object.entries(input.contact).filter(([, v]) => v !== undefined && v !== ''));
      await db
        .collection(COLLECTIONS.orgs)
        .doc(org._id)
        .update({ data: { contact: _.set(contact), updatedAt: new Date() } });
      return toOrgView({ ...org, contact });
    },
  }),

  archive: action({
    schema: orgsSchemas.archive,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const org = await loadOrg(input.id);
      const caller = await requireScope(ctx, org, ['admin']);
      if (!org.parentId) throw precondition('ROOT_NOT_ARCHIVABLE', '根组织不能归档');
      if (!mayArchive(caller, org)) throw denied('只能归档你所管辖组织的下级组织');
      if (isArchived(org)) return { ...toOrgView(org), archivedOrgs: 0 };
      const { data } = await db
        .collection(COLLECTIONS.orgs)
        .where({ ancestors: org._id })
        .limit(MAX_ARCHIVED_SUBTREE + 1)
        .get();
      if (data.length > MAX_ARCHIVED_SUBTREE)
        throw precondition('SUBTREE_TOO_LARGE', `下级组织超过 ${MAX_ARCHIVED_SUBTREE} 个，请先分别归档各个下级`);
      await assertNothingOpen(org._id);
      const ids = (data as OrgDoc[]).filter((o) => !isArchived(o)).map((o) => o._id);
      const archivedAt = new Date();
      await db
        .collection(COLLECTIONS.orgs)
        .where({ _id: _.in(ids) })
        .update({ data: { archivedAt, archivedBy: ctx.openid, updatedAt: archivedAt } });
      await audit({
        actor: ctx.openid,
        action: 'org.archive',
        targetType: 'org',
        targetId: org._id,
        orgId: org._id,
        details: { orgs: ids.length },
      });
      return { ...toOrgView({ ...org, archivedAt }), archivedOrgs: ids.length };
    },
  }),

  manage: action({
    schema: orgsSchemas.manage,
    async handler(input, ctx) {
      const caller = await ctx.caller();
      if (!input.id) return { org: null, children: await listChildren(null), can: orgCan(caller, null) };
      const org = await loadOrg(input.id);
      if (!can(caller, ['admin', 'staff'], org.ancestors)) throw denied('该组织不在你的管辖范围内');
      return { org: toOrgView(org), children: await listChildren(org._id), can: orgCan(caller, org) };
    },
  }),

  ...stationActions,
});

/**
 * The hourly timer (`resumeMoves` in config.json) finishes org moves that their call left unfinished; any other
 * call goes to the router.
 */
export async function main(event: Record<string, unknown>, context?: InvocationContext) {
  if (!isTimerCall(event)) return router(event, context);
  return runTimer('orgs', async () => ({
    items: (await resumeMoves({ deadline: deadlineOf(context) })).map(toMoveView),
  }));
}

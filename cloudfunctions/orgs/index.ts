import type { HomeView, OrgView } from '../../miniprogram/shared/api';
import { childLevel, ORG_LEVEL_LABELS } from '../../miniprogram/shared/orgs';
import { orgsSchemas } from '../../miniprogram/shared/schemas/orgs';
import { audit } from '../../backend/core/audit';
import { _, db, findById } from '../../backend/core/cloud';
import { alreadyExists, denied, invalid, notFound, precondition } from '../../backend/core/errors';
import { can, type Caller } from '../../backend/core/identity';
import { createScene, loadOrg, toOrgView, type OrgDoc } from '../../backend/core/orgs';
import { action, createRouter } from '../../backend/core/router';
import { sortStations, toStationView, type StationDoc } from './stations';

/** Stations of a subtree are few (tens); sorting by distance happens after one indexed read of at most this many. */
const MAX_STATIONS = 500;

function isRootAdmin(caller: Caller): boolean {
  return caller.isRootAdmin || caller.grants.some((g) => g.role === 'admin' && g.ancestors.length === 1);
}

async function assertUniqueName(parentId: string | null, name: string, exceptId?: string): Promise<void> {
  const { data } = await db.collection('orgs').where({ parentId, name }).limit(2).get();
  if (data.some((o) => o._id !== exceptId)) throw alreadyExists(`同一上级下已有名为“${name}”的组织`);
}

async function listChildren(parentId: string | null): Promise<OrgView[]> {
  const { data } = await db.collection('orgs').where({ parentId }).orderBy('name', 'asc').limit(200).get();
  return (data as OrgDoc[]).map(toOrgView);
}

async function stationsUnder(orgId: string): Promise<StationDoc[]> {
  const { data } = await db.collection('stations').where({ ancestors: orgId }).limit(MAX_STATIONS).get();
  return data as StationDoc[];
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

export const main = createRouter('orgs', {
  create: action({
    schema: orgsSchemas.create,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      let parent: OrgDoc | undefined;
      if (input.parentId) {
        parent = await loadOrg(input.parentId);
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
          .collection('orgs')
          .add({ data: { name: input.name, level: input.level, parentId: parent?._id ?? null, createdAt: new Date() } })
      )._id;
      const ancestors = [...(parent?.ancestors ?? []), id];
      const scene = await createScene('org', id);
      await db
        .collection('orgs')
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
        const user = await findById<{ _id: string; homeOrgId?: string | null }>('users', ctx.openid);
        orgId = user?.homeOrgId ?? undefined;
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
        .collection('orgs')
        .doc(org._id)
        .update({ data: { name: input.name, updatedAt: new Date() } });
      // Grants carry their org's name so that users.me needs no extra read.
      await db
        .collection('grants')
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
      const [org, target] = await Promise.all([loadOrg(input.id), loadOrg(input.parentId)]);
      const caller = await requireScope(ctx, org, ['admin']);
      if (!can(caller, ['admin'], target.ancestors)) throw denied('目标社区不在你的管辖范围内');
      if (org.level !== 'grid') throw precondition('ONLY_GRIDS_MOVE', '只有网格可以调整所属社区');
      if (target.level !== 'community') throw invalid({ parentId: '网格只能移到社区下' });
      if (org.parentId === target._id) return toOrgView(org);
      await assertUniqueName(target._id, org.name);
      const ancestors = [...target.ancestors, org._id];
      const path = `/${ancestors.join('/')}/`;
      await db
        .collection('orgs')
        .doc(org._id)
        .update({
          data: { parentId: target._id, ancestors, path, depth: ancestors.length - 1, updatedAt: new Date() },
        });
      // Everything hung on the grid follows it, so that scope checks keep working after the move.
      await db.collection('grants').where({ orgId: org._id }).update({ data: { ancestors } });
      await db.collection('stations').where({ orgId: org._id }).update({ data: { ancestors } });
      await db.collection('requests').where({ orgId: org._id }).update({ data: { ancestors } });
      for (const registry of ['households', 'householdMembers', 'householdVisits']) {
        await db
          .collection(registry)
          .where({ gridId: org._id })
          .update({ data: { ancestors: _.set(ancestors), communityId: target._id } });
      }
      await audit({
        actor: ctx.openid,
        action: 'org.move',
        targetType: 'org',
        targetId: org._id,
        orgId: target._id,
        details: { from: org.parentId },
      });
      return toOrgView({ ...org, parentId: target._id, ancestors, path });
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
        .collection('orgs')
        .doc(org._id)
        .update({ data: { contact: _.set(contact), updatedAt: new Date() } });
      return toOrgView({ ...org, contact });
    },
  }),

  stations: action({
    schema: orgsSchemas.stations,
    async handler(input) {
      const org = await loadOrg(input.orgId);
      const from =
        input.latitude !== undefined && input.longitude !== undefined
          ? { latitude: input.latitude, longitude: input.longitude }
          : undefined;
      const sorted = sortStations(await stationsUnder(org._id), from);
      const offset = input.cursor ? Number.parseInt(input.cursor, 10) : 0;
      if (!Number.isInteger(offset) || offset < 0) throw invalid({ cursor: '游标无效' });
      const limit = input.limit ?? 20;
      const page = sorted.slice(offset, offset + limit);
      return {
        items: page.map((s) => toStationView(s, from)),
        nextCursor: offset + limit < sorted.length ? String(offset + limit) : null,
      };
    },
  }),

  createStation: action({
    schema: orgsSchemas.createStation,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const org = await loadOrg(input.orgId);
      await requireScope(ctx, org, ['admin', 'staff']);
      const { orgId: _orgId, latitude, longitude, ...fields } = input;
      const now = new Date();
      const doc = {
        ...fields,
        orgId: org._id,
        ancestors: org.ancestors,
        location: { latitude, longitude },
        createdAt: now,
        updatedAt: now,
      };
      const { _id } = await db.collection('stations').add({ data: doc });
      return toStationView({ _id, ...doc });
    },
  }),

  updateStation: action({
    schema: orgsSchemas.updateStation,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const station = await findById<StationDoc>('stations', input.id);
      if (!station) throw notFound('站点不存在');
      if (!can(await ctx.caller(), ['admin', 'staff'], station.ancestors)) throw denied('该站点不在你的管辖范围内');
      const { id: _id, latitude, longitude, ...fields } = input;
      const next: StationDoc = { ...station, ...fields };
      if (latitude !== undefined || longitude !== undefined) {
        next.location = {
          latitude: latitude ?? station.location.latitude,
          longitude: longitude ?? station.location.longitude,
        };
      }
      const set: Record<string, unknown> = { ...fields, updatedAt: new Date() };
      if (next.location !== station.location) set.location = _.set(next.location);
      await db.collection('stations').doc(station._id).update({ data: set });
      return toStationView(next);
    },
  }),
});

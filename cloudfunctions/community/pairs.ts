import type * as v from 'valibot';
import type { PairView } from '../../miniprogram/shared/api';
import { familyNameOf } from '../../miniprogram/shared/community';
import type { communitySchemas } from '../../miniprogram/shared/schemas/community';
import { audit } from '../../backend/core/audit';
import { _, db, findById, isDuplicateKey } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { checkText } from '../../backend/core/content';
import { alreadyExists, denied, invalid, notFound, precondition } from '../../backend/core/errors';
import { can, hasRole, type Caller } from '../../backend/core/identity';
import { isArchived, loadOrgs, type OrgDoc } from '../../backend/core/orgs';
import { pageOf, readPage } from '../../backend/core/paging';
import type { RequestContext } from '../../backend/core/router';
import { enforce } from '../../backend/core/rules';
import { profileName } from '../../backend/core/users';
import { countCommunity } from '../../backend/community/hours';
import { loadPair, pairKeyOf, sortKeyOf, type PairActivityDoc, type PairDoc } from '../../backend/community/model';
import { mayManagePair, mySide, pairRules, pairVisible, type PairAccess } from '../../backend/community/rules';
import { toPairSummary, toPairView } from '../../backend/community/views';
import {
  HOUSEHOLD_NOT_FOUND,
  householdInScope,
  SCOPE_ROLES,
  type HouseholdDoc,
  type MemberDoc,
} from '../../backend/households/model';
import { householdActive } from '../../backend/households/rules';

type In<K extends keyof typeof communitySchemas> = v.InferOutput<(typeof communitySchemas)[K]>;

/** The households the caller has claimed (a resident is linked to one by the grid worker's claim code). */
async function myHouseholdIds(openid: string): Promise<string[]> {
  const { data } = await db.collection(COLLECTIONS.householdMembers).where({ openid, status: 'active' }).limit(5).get();
  return (data as MemberDoc[]).map((m) => m.householdId);
}

async function accessOf(ctx: RequestContext): Promise<PairAccess> {
  const [caller, myHouseholds] = await Promise.all([ctx.caller(), myHouseholdIds(ctx.openid)]);
  return { caller, myHouseholdIds: myHouseholds };
}

/** The heads' names of the households of some pairs, for staff and grid workers who manage them. */
async function headsOf(pairs: PairDoc[], caller: Caller): Promise<Map<string, string | null>> {
  const ids = pairs.filter((p) => mayManagePair(caller, p)).flatMap((p) => p.householdIds);
  if (!ids.length) return new Map();
  const { data } = await db
    .collection(COLLECTIONS.households)
    .where({ _id: _.in([...new Set(ids)]) })
    .field({ _id: true, headName: true })
    .limit(ids.length)
    .get();
  return new Map((data as HouseholdDoc[]).map((h) => [h._id, h.headName]));
}

async function pairView(pair: PairDoc, access: PairAccess): Promise<PairView> {
  return toPairView(pair, access, await headsOf([pair], access.caller));
}

/** The org a worker lists or pairs in: one their scope covers, else NOT_FOUND (it is not told apart). */
async function orgInScope(caller: Caller, orgId: string): Promise<OrgDoc> {
  const org = await findById<OrgDoc>(COLLECTIONS.orgs, orgId);
  if (!org || !can(caller, SCOPE_ROLES, org.ancestors)) throw notFound('组织不存在或不在你的管辖范围内');
  return org;
}

/**
 * Pairs two households of the caller's scope under `orgId`. An out-of-scope household is NOT_FOUND, as a missing
 * one is; the pair's id is made of both households, so a second pair of the same two (either order, in parallel)
 * is ALREADY_EXISTS — also after the first one ended: its history stays one record.
 */
export async function createPair(input: In<'createPair'>, ctx: RequestContext): Promise<{ id: string }> {
  const caller = await ctx.caller();
  if (!hasRole(caller, SCOPE_ROLES)) throw denied('只有社区工作人员或网格员可以建立结对');
  const org = await orgInScope(caller, input.orgId);
  if (isArchived(org)) throw precondition('ORG_ARCHIVED', `“${org.name}”已归档，不能再添加新的内容`);
  const households = await Promise.all(input.households.map((id) => householdInScope(caller, id)));
  for (const h of households) {
    if (!h.ancestors.includes(org._id)) throw notFound(HOUSEHOLD_NOT_FOUND);
    enforce(householdActive(h));
  }
  if (input.note) await checkText(ctx.openid, 'note', input.note);
  const grids = await loadOrgs(households.map((h) => h.gridId));
  const id = pairKeyOf(input.households);
  const now = new Date();
  const pair: PairDoc = {
    _id: id,
    orgId: org._id,
    orgName: org.name,
    ancestors: org.ancestors,
    householdIds: [...input.households].sort(),
    sides: households.map((h) => ({
      householdId: h._id,
      gridId: h.gridId,
      gridName: grids.get(h.gridId)?.name ?? '',
      familyName: familyNameOf(h.headName),
    })),
    status: 'active',
    note: input.note || null,
    activities: [],
    activityCount: 0,
    lastActivityAt: null,
    sortKey: sortKeyOf(now, id),
    createdBy: ctx.openid,
    createdAt: now,
  };
  try {
    await db.collection(COLLECTIONS.pairs).add({ data: pair });
  } catch (err) {
    if (isDuplicateKey(err)) throw alreadyExists('这两户家庭已经结过对');
    throw err;
  }
  await countCommunity(org.ancestors, now, { 'community.pairs': 1 });
  await audit({ actor: ctx.openid, action: 'pair.create', targetType: 'pair', targetId: id, orgId: org._id });
  return { id };
}

/**
 * Pairs newest first: under `orgId` (a worker in scope), under every org a worker serves, or — for a resident, or
 * with `mine` — the pairs of the caller's own household (none when they have not claimed one).
 */
export async function listPairs(input: In<'pairs'>, ctx: RequestContext) {
  const access = await accessOf(ctx);
  const { caller } = access;
  let where: Record<string, unknown>;
  if (input.orgId) {
    where = { ancestors: (await orgInScope(caller, input.orgId))._id };
  } else if (!input.mine && hasRole(caller, SCOPE_ROLES)) {
    const orgIds = caller.grants.filter((g) => SCOPE_ROLES.includes(g.role)).map((g) => g.orgId);
    where = orgIds.length ? { ancestors: _.in(orgIds) } : {};
  } else {
    if (!access.myHouseholdIds.length) return { items: [], nextCursor: null };
    where = { householdIds: _.in([...access.myHouseholdIds]) };
  }
  if (input.status) where.status = input.status;
  const page = await readPage<PairDoc>({
    collection: COLLECTIONS.pairs,
    where,
    orderBy: 'sortKey',
    order: 'desc',
    limit: input.limit,
    after: input.cursor,
  });
  const heads = await headsOf(page.rows, caller);
  return pageOf(page, (pair) => toPairSummary(pair, access, heads));
}

export async function getPair(input: In<'getPair'>, ctx: RequestContext): Promise<PairView> {
  const [pair, access] = await Promise.all([loadPair(input.id), accessOf(ctx)]);
  enforce(pairVisible(pair, access));
  return pairView(pair, access);
}

/** A visit, a meal, help with papers: written down by a worker in scope or by one of the two families. */
export async function logPairActivity(input: In<'logPairActivity'>, ctx: RequestContext): Promise<PairView> {
  const [pair, access] = await Promise.all([loadPair(input.pairId), accessOf(ctx)]);
  enforce(pairRules.logActivity(pair, access));
  const at = new Date(input.at);
  if (at.getTime() > Date.now() + 60_000) throw invalid({ at: '不能晚于现在' });
  await checkText(ctx.openid, 'note', input.note);
  const side = mySide(pair, access.myHouseholdIds);
  const byLabel = mayManagePair(access.caller, pair)
    ? ((await profileName(ctx.openid)) ?? '社区工作人员')
    : pair.sides[side].familyName;
  const activity: PairActivityDoc = { at, note: input.note, by: ctx.openid, byLabel, createdAt: new Date() };
  const newest = !pair.lastActivityAt || at.getTime() > new Date(pair.lastActivityAt).getTime();
  const { stats } = await db
    .collection(COLLECTIONS.pairs)
    .where({ _id: pair._id, status: 'active', activityCount: pair.activityCount })
    .update({
      data: {
        activities: _.push([activity]),
        activityCount: _.inc(1),
        ...(newest ? { lastActivityAt: at } : {}),
      },
    });
  if (stats.updated !== 1) {
    // Ended meanwhile, or another entry landed first: judged again on the fresh record.
    const fresh = await loadPair(pair._id);
    enforce(pairRules.logActivity(fresh, access));
    return logPairActivity(input, ctx);
  }
  await countCommunity(pair.ancestors, at, { 'community.pairActivities': 1 });
  return pairView(await loadPair(pair._id), access);
}

export async function endPair(input: In<'endPair'>, ctx: RequestContext): Promise<PairView> {
  const [pair, access] = await Promise.all([loadPair(input.pairId), accessOf(ctx)]);
  enforce(pairRules.end(pair, access));
  const now = new Date();
  const { stats } = await db
    .collection(COLLECTIONS.pairs)
    .where({ _id: pair._id, status: 'active' })
    .update({ data: { status: 'ended', endedAt: now, endedBy: ctx.openid, endReason: input.reason } });
  if (stats.updated !== 1) throw precondition('PAIR_ENDED', '该结对已结束');
  await countCommunity(pair.ancestors, now, { 'community.pairs': -1 });
  await audit({
    actor: ctx.openid,
    action: 'pair.end',
    targetType: 'pair',
    targetId: pair._id,
    orgId: pair.orgId,
    reason: input.reason,
  });
  return pairView(await loadPair(pair._id), access);
}

import type * as v from 'valibot';
import type { HouseholdListItem, Page } from '../../miniprogram/shared/api';
import { nameKey } from '../../miniprogram/shared/households';
import type { householdsSchemas } from '../../miniprogram/shared/schemas/households';
import { _, db, findById } from '../../backend/core/cloud';
import { denied, invalid } from '../../backend/core/errors';
import { can, type Caller } from '../../backend/core/identity';
import { loadOrg, loadOrgs, type OrgDoc } from '../../backend/core/orgs';
import { HOUSEHOLDS, MEMBERS, SCOPE_ROLES, type HouseholdDoc, type MemberDoc } from '../../backend/households/model';
import { toSummary } from '../../backend/households/views';

type ListInput = v.InferOutput<typeof householdsSchemas.list>;

/**
 * The field that bounds a list to the org: a grid and a community are plain fields, so the index
 * `{ gridId | communityId, status, addrKey | nameSort }` yields the page in order and stops after it. Lists above a
 * community are not offered (pick a community): an `ancestors` index over 70,000 members per community would cost
 * every write more than such a list is worth.
 */
function scopeFilter(org: OrgDoc, field: 'gridId' | 'orgId'): Record<string, string> {
  if (org.level === 'grid') return { gridId: org._id };
  if (org.level === 'community') return { communityId: org._id };
  throw invalid({ [field]: '请选择社区或网格' });
}

/** The sort value of the last item of the previous page: cursors are record ids, so they stay short and opaque. */
async function cursorValue<T extends HouseholdDoc | MemberDoc>(
  collection: string,
  cursor: string | undefined,
  field: keyof T,
): Promise<string | undefined> {
  if (!cursor) return undefined;
  const doc = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? await findById<T>(collection, cursor) : undefined;
  if (!doc) throw invalid({ cursor: '游标无效' });
  return doc[field] as string;
}

async function gridsOf(org: OrgDoc, households: HouseholdDoc[]): Promise<Map<string, OrgDoc>> {
  if (org.level === 'grid') return new Map([[org._id, org]]);
  return loadOrgs(households.map((h) => h.gridId));
}

/** Households by address: a grid worker walks their grid door by door. */
async function byAddress(
  input: ListInput,
  org: OrgDoc,
  scope: Record<string, string>,
): Promise<Page<HouseholdListItem>> {
  const limit = input.limit ?? 20;
  const after = await cursorValue<HouseholdDoc>(HOUSEHOLDS, input.cursor, 'addrKey');
  const where: Record<string, unknown> = { ...scope, status: 'active' };
  if (input.tag) where.tags = input.tag;
  if (after !== undefined) where.addrKey = _.gt(after);
  const { data } = await db
    .collection(HOUSEHOLDS)
    .where(where)
    .orderBy('addrKey', 'asc')
    .limit(limit + 1)
    .get();
  const page = (data as HouseholdDoc[]).slice(0, limit);
  const grids = await gridsOf(org, page);
  return {
    items: page.map((h) => toSummary(h, grids.get(h.gridId))),
    nextCursor: data.length > limit ? page[page.length - 1]._id : null,
  };
}

/**
 * Households found by a member's name: an exact-prefix search on the normalized name (surname first, as names are
 * written), one range over the indexed `nameSort`, then one lookup of the page's households. A household appears
 * once per matching member.
 */
async function byName(input: ListInput, org: OrgDoc, scope: Record<string, string>): Promise<Page<HouseholdListItem>> {
  const limit = input.limit ?? 20;
  const prefix = nameKey(input.q ?? '');
  const after = await cursorValue<MemberDoc>(MEMBERS, input.cursor, 'nameSort');
  // Both bounds in one object: `_.gt(a).and(_.lt(b))` would be sent as an $and of two conditions.
  const nameSort =
    after !== undefined ? { $gt: after, $lt: `${prefix}\uffff` } : { $gte: prefix, $lt: `${prefix}\uffff` };
  const { data } = await db
    .collection(MEMBERS)
    .where({ ...scope, status: 'active', nameSort })
    .orderBy('nameSort', 'asc')
    .limit(limit + 1)
    .get();
  const members = (data as MemberDoc[]).slice(0, limit);
  const ids = [...new Set(members.map((m) => m.householdId))];
  const households = ids.length
    ? ((
        await db
          .collection(HOUSEHOLDS)
          .where({ _id: _.in(ids) })
          .limit(ids.length)
          .get()
      ).data as HouseholdDoc[])
    : [];
  const byId = new Map(households.map((h) => [h._id, h]));
  const grids = await gridsOf(org, households);
  const items: HouseholdListItem[] = [];
  for (const m of members) {
    const h = byId.get(m.householdId);
    if (!h || h.status !== 'active' || (input.tag && !h.tags.includes(input.tag))) continue;
    items.push({ ...toSummary(h, grids.get(h.gridId)), match: { memberId: m._id, name: m.name } });
  }
  return { items, nextCursor: data.length > limit ? members[members.length - 1]._id : null };
}

export async function listHouseholds(input: ListInput, caller: Caller): Promise<Page<HouseholdListItem>> {
  const org = await loadOrg((input.gridId ?? input.orgId)!);
  if (!can(caller, SCOPE_ROLES, org.ancestors)) throw denied('该网格不在你的管辖范围内');
  const scope = scopeFilter(org, input.gridId ? 'gridId' : 'orgId');
  return input.q ? byName(input, org, scope) : byAddress(input, org, scope);
}

import type * as v from 'valibot';
import type { HouseholdListItem, Page } from '../../miniprogram/shared/api';
import { nameKey } from '../../miniprogram/shared/households';
import type { householdsSchemas } from '../../miniprogram/shared/schemas/households';
import { _, db, findById } from '../../backend/core/cloud';
import { COLLECTIONS, type CollectionName } from '../../backend/core/collections';
import { denied, invalid } from '../../backend/core/errors';
import { can, type Caller } from '../../backend/core/identity';
import { loadOrg, loadOrgs, type OrgDoc } from '../../backend/core/orgs';
import { pageOf, readPage } from '../../backend/core/paging';
import { SCOPE_ROLES, type HouseholdDoc, type MemberDoc } from '../../backend/households/model';
import { visibleDuplicateHouseholds } from '../../backend/households/duplicates';
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

/**
 * The sort value of the last item of the previous page: cursors are record ids, so they stay short and opaque.
 * A record outside this list's grid or community answers exactly as a string that is no record at all: a cursor
 * must not tell whether some other scope's id exists.
 */
async function cursorValue<T extends HouseholdDoc | MemberDoc>(
  collection: CollectionName,
  cursor: string | undefined,
  field: keyof T,
  scope: Record<string, string>,
): Promise<string | undefined> {
  if (!cursor) return undefined;
  const doc = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? await findById<T>(collection, cursor) : undefined;
  if (!doc || !Object.entries(scope).every(([key, value]) => doc[key] === value)) throw invalid({ cursor: '游标无效' });
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
  caller: Caller,
): Promise<Page<HouseholdListItem>> {
  const where: Record<string, unknown> = { ...scope, status: 'active' };
  if (input.tag) where.tags = input.tag;
  const page = await readPage<HouseholdDoc>({
    collection: COLLECTIONS.households,
    where,
    orderBy: 'addrKey',
    order: 'asc',
    limit: input.limit,
    after: await cursorValue<HouseholdDoc>(COLLECTIONS.households, input.cursor, 'addrKey', scope),
    cursorOf: (h) => h._id,
  });
  const [grids, duplicates] = await Promise.all([
    gridsOf(org, page.rows),
    visibleDuplicateHouseholds(caller, page.rows),
  ]);
  return pageOf(page, (h) => toSummary(h, grids.get(h.gridId), duplicates.has(h._id)));
}

/**
 * Households found by a member's name: an exact-prefix search on the normalized name (surname first, as names are
 * written), one range over the indexed `nameSort`, then one lookup of the page's households. A household appears
 * once per matching member.
 */
async function byName(
  input: ListInput,
  org: OrgDoc,
  scope: Record<string, string>,
  caller: Caller,
): Promise<Page<HouseholdListItem>> {
  const prefix = nameKey(input.q ?? '');
  const after = await cursorValue<MemberDoc>(COLLECTIONS.householdMembers, input.cursor, 'nameSort', scope);
  // A name starts with the prefix exactly when its nameSort lies strictly between the prefix and prefix + \uffff
  // (a nameSort is never the bare prefix: it goes on with \u0001 and the id).
  const page = await readPage<MemberDoc>({
    collection: COLLECTIONS.householdMembers,
    where: { ...scope, status: 'active' },
    orderBy: 'nameSort',
    order: 'asc',
    limit: input.limit,
    after: after ?? prefix,
    before: `${prefix}\uffff`,
    cursorOf: (m) => m._id,
  });
  const members = page.rows;
  const ids = [...new Set(members.map((m) => m.householdId))];
  const households = ids.length
    ? ((
        await db
          .collection(COLLECTIONS.households)
          .where({ _id: _.in(ids) })
          .limit(ids.length)
          .get()
      ).data as HouseholdDoc[])
    : [];
  const byId = new Map(households.map((h) => [h._id, h]));
  const [grids, duplicates] = await Promise.all([
    gridsOf(org, households),
    visibleDuplicateHouseholds(caller, households),
  ]);
  const items: HouseholdListItem[] = [];
  for (const m of members) {
    const h = byId.get(m.householdId);
    if (!h || h.status !== 'active' || (input.tag && !h.tags.includes(input.tag))) continue;
    items.push({
      ...toSummary(h, grids.get(h.gridId), duplicates.has(h._id)),
      match: { memberId: m._id, name: m.name },
    });
  }
  return { items, nextCursor: page.nextCursor };
}

export async function listHouseholds(input: ListInput, caller: Caller): Promise<Page<HouseholdListItem>> {
  const org = await loadOrg((input.gridId ?? input.orgId)!);
  if (!can(caller, SCOPE_ROLES, org.ancestors)) throw denied('该网格不在你的管辖范围内');
  const scope = scopeFilter(org, input.gridId ? 'gridId' : 'orgId');
  return input.q ? byName(input, org, scope, caller) : byAddress(input, org, scope, caller);
}

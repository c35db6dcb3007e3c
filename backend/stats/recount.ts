import { _, db, type Doc } from '../core/cloud';
import { COLLECTIONS, type CollectionName } from '../core/collections';
import type { OrgDoc } from '../core/orgs';
import type { EventDoc, SignupDoc } from '../events/model';
import type { HouseholdDoc, MemberDoc } from '../households/model';
import type { RequestDoc } from '../requests/model';
import {
  eventContribution,
  householdContribution,
  memberContribution,
  requestContribution,
  signupContribution,
} from './contributions';
import { addDeltas, flatten, type Deltas, type OrgStatsDoc } from './counters';

/**
 * The consistency check: recomputes counters from the records and repairs any drift (a hook that failed, a write
 * racing an org move). It works bottom-up: an org's true counters are what its OWN records add (records whose
 * org is this one) plus its direct children's counters, once those are repaired. So every org costs the reading
 * of its own records only, and the work can stop at any org and resume later. Keys it does not compute (survey and
 * community counters, bumped by their functions) are left as they are.
 */

/** Records read per database call (the server SDK's maximum). */
const PAGE = 1000;
/** Time kept free at the end of an invocation for the answer. */
const MARGIN_MS = 4_000;

/** The month metrics the contribution functions count (`months.<YYYY-MM>.<metric>`). */
const OWNED_MONTH_METRICS = new Set([
  'newResidents',
  'floatingArrivals',
  'requestsCreated',
  'requestsResolved',
  'attendance',
]);
const OWNED_PREFIXES = ['residents.', 'households.', 'requests.', 'events.'];

/**
 * Whether this check computes `key` from records. Keys other domains add through bumpCounters (`surveys.*`,
 * `community.*`, `months.*.surveyResponses`...) are theirs: the check leaves them exactly as they are.
 */
export function ownedKey(key: string): boolean {
  if (key.startsWith('months.')) return OWNED_MONTH_METRICS.has(key.split('.')[2] ?? '');
  return OWNED_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** Every record of `where`, page by page in `order` (a unique, indexed field), summed through `contribution`. */
async function sumRecords<T extends Doc>(
  collection: CollectionName,
  where: Record<string, unknown>,
  order: string,
  contribution: (doc: T) => Deltas,
  into: Deltas,
  each?: (doc: T) => void,
): Promise<number> {
  let last: string | undefined;
  let count = 0;
  for (;;) {
    const page = (
      await db
        .collection(collection)
        .where(last === undefined ? where : { ...where, [order]: _.gt(last) })
        .orderBy(order, 'asc')
        .limit(PAGE)
        .get()
    ).data as T[];
    for (const doc of page) {
      addDeltas(into, contribution(doc));
      each?.(doc);
    }
    count += page.length;
    if (page.length < PAGE) return count;
    last = String(page[page.length - 1][order]);
  }
}

/** What an org's own records add up to (members and households sit in grids; requests and events in any org). */
async function ownCounters(org: OrgDoc): Promise<{ deltas: Deltas; records: number }> {
  const deltas: Deltas = {};
  let records = 0;
  if (org.level === 'grid') {
    const active = { gridId: org._id, status: 'active' };
    records += await sumRecords<MemberDoc>(
      COLLECTIONS.householdMembers,
      active,
      'nameSort',
      memberContribution,
      deltas,
    );
    records += await sumRecords<HouseholdDoc>(COLLECTIONS.households, active, 'addrKey', householdContribution, deltas);
  }
  const own = { ancestors: org._id, orgId: org._id };
  records += await sumRecords<RequestDoc>(COLLECTIONS.requests, own, 'sortKey', requestContribution, deltas);
  const eventIds: string[] = [];
  records += await sumRecords<EventDoc>(
    COLLECTIONS.events,
    { orgId: org._id },
    'sortKey',
    eventContribution,
    deltas,
    (e) => eventIds.push(e._id),
  );
  for (const eventId of eventIds) {
    records += await sumRecords<SignupDoc>(COLLECTIONS.signups, { eventId }, 'queueKey', signupContribution, deltas);
  }
  return { deltas, records };
}

async function statsOf(ids: string[]): Promise<Map<string, OrgStatsDoc>> {
  const out = new Map<string, OrgStatsDoc>();
  for (let i = 0; i < ids.length; i += PAGE) {
    const chunk = ids.slice(i, i + PAGE);
    const { data } = await db
      .collection(COLLECTIONS.orgStats)
      .where({ _id: _.in(chunk) })
      .limit(chunk.length)
      .get();
    for (const doc of data) out.set(doc._id, doc as OrgStatsDoc);
  }
  return out;
}

function owned(doc: OrgStatsDoc | undefined): Deltas {
  return Object.fromEntries(Object.entries(flatten(doc ?? {})).filter(([k]) => ownedKey(k)));
}

/** Counted minus kept, for every key where they differ. */
export function driftOf(expected: Deltas, kept: Deltas): Deltas {
  const drift: Deltas = {};
  for (const key of new Set([...Object.keys(expected), ...Object.keys(kept)])) {
    const d = (expected[key] ?? 0) - (kept[key] ?? 0);
    if (d !== 0) drift[key] = d;
  }
  return drift;
}

/** Repairs one org, its children being repaired already; answers the drift it fixed. */
export async function recountOrg(org: OrgDoc, childIds: string[]): Promise<{ drift: Deltas; records: number }> {
  const { deltas, records } = await ownCounters(org);
  const docs = await statsOf([org._id, ...childIds]);
  for (const id of childIds) addDeltas(deltas, owned(docs.get(id)));
  const drift = driftOf(deltas, owned(docs.get(org._id)));
  if (Object.keys(drift).length) {
    // By increments, not by a set: a write counted while this ran is kept.
    const data: Record<string, unknown> = { recountedAt: new Date(), updatedAt: new Date() };
    for (const [key, n] of Object.entries(drift)) data[key] = _.inc(n);
    if (!docs.has(org._id))
      await db.collection(COLLECTIONS.orgStats).add({ data: { _id: org._id, createdAt: new Date() } });
    await db.collection(COLLECTIONS.orgStats).doc(org._id).update({ data });
  }
  return { drift, records };
}

/** The orgs of a subtree (every org without `rootId`), deepest first (children before their parent). */
export async function subtreeOrgs(rootId?: string): Promise<OrgDoc[]> {
  const orgs: OrgDoc[] = [];
  const where: Record<string, unknown> = rootId ? { ancestors: rootId } : {};
  let last: string | undefined;
  for (;;) {
    const { data } = await db
      .collection(COLLECTIONS.orgs)
      .where(last === undefined ? where : { ...where, _id: _.gt(last) })
      .orderBy('_id', 'asc')
      .limit(PAGE)
      .get();
    orgs.push(...(data as OrgDoc[]));
    if (data.length < PAGE) break;
    last = data[data.length - 1]._id;
  }
  return orgs.sort((a, b) => b.depth - a.depth || (a._id < b._id ? -1 : 1));
}

export interface RecountResult {
  orgs: number;
  records: number;
  repaired: { orgId: string; name: string; drift: Deltas }[];
  done: boolean;
  /** How many orgs of the list were done (where a later run resumes). */
  next: number;
}

/** Recounts `orgs` (deepest first) from `start`, until the list ends or the deadline nears. */
export async function recountList(orgs: OrgDoc[], deadline: number, start = 0): Promise<RecountResult> {
  const childrenOf = new Map<string, string[]>();
  for (const o of orgs) if (o.parentId) childrenOf.set(o.parentId, [...(childrenOf.get(o.parentId) ?? []), o._id]);
  const result: RecountResult = { orgs: 0, records: 0, repaired: [], done: false, next: start };
  for (let i = start; i < orgs.length; i++) {
    if (Date.now() > deadline - MARGIN_MS) return result;
    const org = orgs[i];
    const { drift, records } = await recountOrg(org, childrenOf.get(org._id) ?? []);
    result.orgs += 1;
    result.records += records;
    result.next = i + 1;
    if (Object.keys(drift).length) result.repaired.push({ orgId: org._id, name: org.name, drift });
  }
  result.done = true;
  return result;
}

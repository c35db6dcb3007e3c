import { _, db, isDuplicateKey, type Doc } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { monthKey, monthOf, MONTHLY_KEYS } from './keys';

/** Deltas of counters by dotted path (`residents.total`, `months.2026-11.requestsCreated`...). */
export type Deltas = Record<string, number>;

/** One org's counters: totals over its whole subtree (see docs/stats.md for every key). */
export interface OrgStatsDoc extends Doc {
  residents?: { total?: number; registered?: number; floating?: number; eth?: Record<string, number> };
  households?: { total?: number; complete?: number };
  requests?: {
    open?: number;
    resolved?: number;
    byStatus?: Record<string, number>;
    byCategory?: Record<string, number>;
    openDue?: Record<string, number>;
    resolveHours?: Record<string, number>;
    rated?: number;
    ratingSum?: number;
  };
  events?: {
    startHours?: Record<string, number>;
    signups?: number;
    people?: number;
    checkedIn?: number;
    dishes?: number;
    halalDishes?: number;
    cuisines?: Record<string, number>;
  };
  surveys?: { open?: number; responses?: number };
  community?: { pairs?: number; pairActivities?: number; volunteerHours?: number };
  months?: Record<string, Record<string, number>>;
  updatedAt?: Date;
  recountedAt?: Date;
}

const stats = () => db.collection(COLLECTIONS.orgStats);

/** Orgs whose counter document this instance has seen exist: their bumps are one update and nothing else. */
const known = new Set<string>();

/** Creates the missing counter documents of `orgIds` (a racing creator is fine: the document exists either way). */
async function ensureDocs(orgIds: string[]): Promise<void> {
  const unknown = orgIds.filter((id) => !known.has(id));
  if (unknown.length === 0) return;
  const { data } = await stats()
    .where({ _id: _.in(unknown) })
    .field({ _id: true })
    .limit(unknown.length)
    .get();
  const found = new Set(data.map((d) => d._id));
  for (const id of unknown) {
    if (!found.has(id)) {
      try {
        await stats().add({ data: { _id: id, createdAt: new Date() } });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    known.add(id);
  }
}

function nonZero(deltas: Deltas): Deltas {
  return Object.fromEntries(Object.entries(deltas).filter(([, n]) => Number.isFinite(n) && n !== 0));
}

/** Adds the same deltas to the counters of every org of `orgIds` in one atomic update. */
async function incAll(orgIds: string[], deltas: Deltas): Promise<void> {
  const changes = nonZero(deltas);
  if (orgIds.length === 0 || Object.keys(changes).length === 0) return;
  await ensureDocs(orgIds);
  const data: Record<string, unknown> = { updatedAt: new Date() };
  for (const [key, n] of Object.entries(changes)) data[key] = _.inc(n);
  await stats()
    .where({ _id: _.in([...new Set(orgIds)]) })
    .update({ data });
}

/**
 * Adds `deltas` (dotted counter paths → amounts) to the counters of every org on a record's path. `at` is when the
 * counted thing happened: keys of MONTHLY_KEYS (e.g. `surveys.responses`) also count in that month's trend.
 * Atomic per org (`_.inc`); usually one database call.
 */
export async function bumpCounters(ancestors: string[], at: Date, deltas: Record<string, number>): Promise<void> {
  const all: Deltas = { ...deltas };
  for (const [key, n] of Object.entries(deltas)) {
    const metric = MONTHLY_KEYS[key];
    if (metric) all[monthKey(monthOf(at), metric)] = (all[monthKey(monthOf(at), metric)] ?? 0) + n;
  }
  await incAll(ancestors, all);
}

/** Adds `delta` into `into` (summing key by key). */
export function addDeltas(into: Deltas, delta: Deltas, sign = 1): Deltas {
  for (const [key, n] of Object.entries(delta)) into[key] = (into[key] ?? 0) + sign * n;
  return into;
}

/**
 * A record changed from `before` (counted under `beforePath`) to `after` (under `afterPath`): each org gets the
 * difference of what it counted. Orgs on both paths get one net delta; orgs that end with the same delta share one
 * update, so a change within one path is a single database call.
 */
export async function applyChange(
  beforePath: string[],
  before: Deltas,
  afterPath: string[],
  after: Deltas,
): Promise<void> {
  const byOrg = new Map<string, Deltas>();
  for (const id of beforePath) byOrg.set(id, addDeltas({}, before, -1));
  for (const id of afterPath) byOrg.set(id, addDeltas(byOrg.get(id) ?? {}, after));
  const groups = new Map<string, { ids: string[]; deltas: Deltas }>();
  for (const [id, deltas] of byOrg) {
    const clean = nonZero(deltas);
    const key = JSON.stringify(Object.entries(clean).sort(([a], [b]) => (a < b ? -1 : 1)));
    const group = groups.get(key) ?? { ids: [], deltas: clean };
    group.ids.push(id);
    groups.set(key, group);
  }
  await Promise.all([...groups.values()].map((g) => incAll(g.ids, g.deltas)));
}

/** Every numeric leaf of a counter document as dotted paths. */
export function flatten(value: unknown, prefix = '', out: Deltas = {}): Deltas {
  if (typeof value === 'number') out[prefix] = value;
  else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) {
      if (prefix === '' && (key === '_id' || key.endsWith('At'))) continue;
      flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    }
  }
  return out;
}

export async function loadStats(orgId: string): Promise<OrgStatsDoc | undefined> {
  const { data } = await stats().where({ _id: orgId }).limit(1).get();
  return data[0] as OrgStatsDoc | undefined;
}

/**
 * An org moved from under `oldPath` to under `newPath` (paths of its old and new parent, root first): its own
 * counters and its subtree's stay as they are (they are keyed by org), and its totals leave the old ancestors for
 * the new ones. Records written while the move job runs may still count on the old side; the consistency check
 * (stats.recount and its nightly timer) repairs that.
 */
export async function moveSubtreeCounters(orgId: string, oldPath: string[], newPath: string[]): Promise<void> {
  try {
    const doc = await loadStats(orgId);
    if (!doc) return;
    const totals = flatten(doc);
    await applyChange(oldPath, totals, newPath, totals);
  } catch (err) {
    console.error(`[stats] moved counters not updated (the nightly recount repairs them): ${String(err)}`);
  }
}

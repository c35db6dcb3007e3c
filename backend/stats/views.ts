import type { SmallCount, StatsChild, StatsOverview, StatsOrg } from '../../miniprogram/shared/api';
import { REQUEST_CATEGORIES } from '../../miniprogram/shared/categories';
import { ETHNICITIES } from '../../miniprogram/shared/ethnicity';
import { REQUEST_STATUSES } from '../../miniprogram/shared/requests';
import type { TrendMetric } from '../../miniprogram/shared/schemas/stats';
import type { OrgDoc } from '../core/orgs';
import { toIso } from '../core/time';
import type { OrgStatsDoc } from './counters';
import { bucketWidth, hourOf, monthOf, monthOfHour } from './keys';

/** A count of people in a breakdown: 1–4 is told only as '<5', so that nobody can be picked out. */
export function small(n: number | undefined): SmallCount {
  const count = Math.max(0, n ?? 0);
  return count > 0 && count < 5 ? '<5' : count;
}

const num = (n: number | undefined) => Math.max(0, n ?? 0);

/** Sum of the hour buckets up to `hour` (exclusive): open requests past due, events started. */
function sumBefore(buckets: Record<string, number> | undefined, hour: number): number {
  let total = 0;
  for (const [key, n] of Object.entries(buckets ?? {})) if (Number(key) < hour) total += n;
  return Math.max(0, total);
}

/** The median time to resolve, in hours, from the bucket counts (the middle of the bucket it falls in). */
export function medianHours(buckets: Record<string, number> | undefined): number | null {
  const rows = Object.entries(buckets ?? {})
    .map(([k, n]) => [Number(k), n] as const)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a - b);
  const total = rows.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [bucket, n] of rows) {
    seen += n;
    if (seen * 2 >= total) return bucket + bucketWidth(bucket) / 2;
  }
  return null;
}

export function satisfactionOf(doc: OrgStatsDoc | undefined): { rated: number; average: number | null } {
  const rated = num(doc?.requests?.rated);
  return { rated, average: rated ? Math.round((num(doc?.requests?.ratingSum) / rated) * 10) / 10 : null };
}

export function statsOrg(org: OrgDoc, parentVisible: boolean): StatsOrg {
  return { id: org._id, name: org.name, level: org.level, parentId: parentVisible ? org.parentId : null };
}

export function overviewOf(org: StatsOrg, doc: OrgStatsDoc | undefined, now = new Date()): StatsOverview {
  const residents = doc?.residents ?? {};
  const requests = doc?.requests ?? {};
  const events = doc?.events ?? {};
  const nowHour = hourOf(now);
  const households = num(doc?.households?.total);
  const complete = Math.min(households, num(doc?.households?.complete));
  return {
    org,
    asOf: toIso(doc?.updatedAt ?? now),
    residents: {
      total: num(residents.total),
      registered: small(residents.registered),
      floating: small(residents.floating),
      byEthnicity: ETHNICITIES.filter((e) => num(residents.eth?.[e.code]) > 0)
        .map((e) => ({
          code: e.code,
          name: e.name,
          count: small(residents.eth?.[e.code]),
          n: num(residents.eth?.[e.code]),
        }))
        .sort((a, b) => b.n - a.n)
        .map(({ code, name, count }) => ({ code, name, count })),
    },
    households: { total: households, complete, incomplete: households - complete },
    requests: {
      open: num(requests.open),
      overdue: sumBefore(requests.openDue, nowHour),
      resolved: num(requests.resolved),
      byStatus: Object.fromEntries(REQUEST_STATUSES.map((s) => [s, small(requests.byStatus?.[s])])),
      byCategory: REQUEST_CATEGORIES.filter((c) => num(requests.byCategory?.[c.value]) > 0).map((c) => ({
        category: c.value,
        count: small(requests.byCategory?.[c.value]),
      })),
      medianHoursToResolve: medianHours(requests.resolveHours),
      satisfaction: satisfactionOf(doc),
    },
    events: {
      held: sumBefore(events.startHours, nowHour + 1),
      signups: num(events.signups),
      people: num(events.people),
      checkedIn: num(events.checkedIn),
      dishes: num(events.dishes),
      cuisines: Object.values(events.cuisines ?? {}).filter((n) => n > 0).length,
      halalDishes: num(events.halalDishes),
    },
    surveys: { open: num(doc?.surveys?.open), responses: num(doc?.surveys?.responses) },
    community: {
      pairs: num(doc?.community?.pairs),
      pairActivities: num(doc?.community?.pairActivities),
      volunteerHours: num(doc?.community?.volunteerHours),
    },
  };
}

/** The last `count` months, oldest first, ending with the current one (China time). */
export function lastMonths(count: number, now = new Date()): string[] {
  const [y, m] = monthOf(now).split('-').map(Number);
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

/** Metrics that count people in a breakdown by residency: small cells there too. */
const PEOPLE_BREAKDOWNS: readonly TrendMetric[] = ['floatingArrivals'];

export function trendOf(doc: OrgStatsDoc | undefined, metric: TrendMetric, months: number, now = new Date()) {
  const wanted = lastMonths(months, now);
  const held: Record<string, number> = {};
  if (metric === 'eventsHeld') {
    const nowHour = hourOf(now);
    for (const [hour, n] of Object.entries(doc?.events?.startHours ?? {})) {
      if (Number(hour) > nowHour) continue;
      const month = monthOfHour(Number(hour));
      held[month] = (held[month] ?? 0) + n;
    }
  }
  const points = wanted.map((month) => {
    const value = metric === 'eventsHeld' ? num(held[month]) : num(doc?.months?.[month]?.[metric]);
    return { month, value: PEOPLE_BREAKDOWNS.includes(metric) ? small(value) : value };
  });
  return { metric, points };
}

export function childOf(org: OrgDoc, doc: OrgStatsDoc | undefined, now = new Date()): StatsChild {
  return {
    orgId: org._id,
    name: org.name,
    level: org.level,
    residents: num(doc?.residents?.total),
    floating: small(doc?.residents?.floating),
    households: num(doc?.households?.total),
    requestsOpen: num(doc?.requests?.open),
    overdue: sumBefore(doc?.requests?.openDue, hourOf(now)),
    satisfaction: satisfactionOf(doc).average,
  };
}

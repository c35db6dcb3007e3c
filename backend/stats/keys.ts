/**
 * Names and buckets of the counters kept in `orgStats` (one document per org, `_id` = the org's id). Every key is a
 * dotted path into that document; docs/stats.md lists them all.
 */

const HOUR_MS = 3_600_000;
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** The China-time month of an instant: `YYYY-MM`. */
export function monthOf(at: Date | string | number): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 7);
}

/** Whole hours since the epoch: the bucket of a time-dependent count (overdue requests, events held). */
export function hourOf(at: Date | string | number): number {
  return Math.floor(new Date(at).getTime() / HOUR_MS);
}

/** The China-time month of an hour bucket. */
export function monthOfHour(hour: number): string {
  return monthOf(hour * HOUR_MS);
}

/**
 * The bucket of a time to resolve, in hours: each hour of the first day, then each day up to 60 days, then one
 * bucket for anything longer. A median read from these is exact to the hour in the first day, to the day after.
 */
export function resolveBucket(hours: number): number {
  const h = Math.max(0, Math.floor(hours));
  if (h < 24) return h;
  if (h < 60 * 24) return Math.floor(h / 24) * 24;
  return 60 * 24;
}

/** The width of a bucket that starts at `bucket` hours (see resolveBucket). */
export function bucketWidth(bucket: number): number {
  if (bucket < 24) return 1;
  if (bucket < 60 * 24) return 24;
  return 0;
}

/** Counter keys that also count per month: a bump of the key at `at` adds to `months.<YYYY-MM>.<name>` too. */
export const MONTHLY_KEYS: Readonly<Record<string, string>> = {
  'surveys.responses': 'surveyResponses',
};

/** The metrics of `stats.trend` that are kept per month (eventsHeld is derived from the hour buckets). */
export const MONTH_METRICS = [
  'newResidents',
  'floatingArrivals',
  'requestsCreated',
  'requestsResolved',
  'attendance',
  'surveyResponses',
] as const;

export const monthKey = (month: string, metric: string) => `months.${month}.${metric}`;

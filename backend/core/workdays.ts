const DAY_MS = 86400_000;
const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * `from` plus `days` working days (Monday to Friday, in China time), at the same time of day. Public holidays and
 * their make-up working days are not modelled; due dates may be a day early around them.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let t = from.getTime();
  let left = days;
  while (left > 0) {
    t += DAY_MS;
    const weekday = new Date(t + CHINA_OFFSET_MS).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(t);
}

/** Start of the China-time day that holds `at`, as a key such as `2026-11-22`. */
export function chinaDayKey(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

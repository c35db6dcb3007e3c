import { isWorkday } from 'chinese-days';

const DAY_MS = 86400_000;
const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * `from` plus `days` working days, at the same time of day. A working day is one China works on: statutory holidays
 * are off and 调休 make-up days (a Saturday or Sunday worked in exchange) are on, as published each year by the
 * State Council and kept in the `chinese-days` package; a year it does not list yet counts Monday to Friday.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let t = from.getTime();
  let left = days;
  while (left > 0) {
    t += DAY_MS;
    if (isWorkday(chinaDayKey(new Date(t)))) left--;
  }
  return new Date(t);
}

/** Start of the China-time day that holds `at`, as a key such as `2026-11-22`. */
export function chinaDayKey(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

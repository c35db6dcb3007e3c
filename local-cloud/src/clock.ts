/**
 * The local cloud's clock: the real time shifted by an offset that `POST /clock` (or `CLOCK_OFFSET` at start) sets,
 * so that demos and tests can see tomorrow. Functions see it as `Date` in their instances, the database as
 * `db.serverDate()`, the timer triggers as their schedule.
 */

/** The largest shift accepted either way: a century keeps every shifted date inside what BSON and cron handle. */
export const MAX_OFFSET_MS = 100 * 365 * 86_400_000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export class Clock {
  private offset = 0;
  private readonly listeners: ((offsetMs: number) => void)[] = [];

  constructor(offsetMs = 0) {
    this.set(offsetMs);
  }

  get offsetMs(): number {
    return this.offset;
  }

  /** The shifted time, in ms since the epoch. */
  now(): number {
    return Date.now() + this.offset;
  }

  /** Shifts the clock to `offsetMs` from the real time (0 resets it); throws RangeError for a value out of range. */
  set(offsetMs: number): void {
    if (!Number.isSafeInteger(offsetMs) || Math.abs(offsetMs) > MAX_OFFSET_MS)
      throw new RangeError(`offsetMs must be an integer number of milliseconds within ±${MAX_OFFSET_MS}`);
    if (offsetMs === this.offset) return;
    this.offset = offsetMs;
    for (const listener of this.listeners) listener(offsetMs);
  }

  /** Called after every change of the offset. */
  onChange(listener: (offsetMs: number) => void): void {
    this.listeners.push(listener);
  }
}

/**
 * An offset as `CLOCK_OFFSET` takes it: milliseconds (`86400000`, `-5000`) or a duration made of `<n><unit>` parts
 * with units ms, s, m, h, d, w and an optional sign (`3d`, `-2h`, `+1d12h`, `90m`). Throws RangeError otherwise.
 */
export function parseOffset(text: string): number {
  const value = text.trim();
  if (/^[+-]?\d+$/.test(value)) return checked(Number(value), text);
  const match = /^([+-]?)((?:\d+(?:ms|s|m|h|d|w))+)$/.exec(value);
  if (!match) throw new RangeError(`"${text}" is not an offset: use milliseconds or a duration such as 3d, -2h, 1d12h`);
  let ms = 0;
  for (const [, n, unit] of match[2].matchAll(/(\d+)(ms|s|m|h|d|w)/g)) ms += Number(n) * UNIT_MS[unit];
  return checked(match[1] === '-' ? -ms : ms, text);
}

/** `+3d 4h 0m 0s`-style text of an offset, for the log. */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  let rest = Math.abs(offsetMs);
  const parts: string[] = [];
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    rest -= n * UNIT_MS[unit];
    if (n) parts.push(`${n}${unit}`);
  }
  if (rest || parts.length === 0) parts.push(`${rest}ms`);
  return sign + parts.join('');
}

function checked(ms: number, text: string): number {
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > MAX_OFFSET_MS)
    throw new RangeError(`"${text}" is out of range: at most a century either way`);
  return ms;
}

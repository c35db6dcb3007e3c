import { BSONRegExp, EJSON } from 'bson';
import { checkJsonDepth } from './json';

export type Doc = Record<string, unknown>;

/**
 * Decodes one canonical EJSON string as the SDK sends it into plain JS values the query engine understands:
 * `$regularExpression` becomes a RegExp and `{ $tcb_server_date: { offset } }` (db.serverDate()) becomes a Date.
 */
export function decode(text: string, now: number = Date.now()): unknown {
  // EJSON.parse and normalize() recurse: a caller's deeply nested string is refused first (JsonTooDeepError).
  checkJsonDepth(text);
  return normalize(EJSON.parse(text, { relaxed: true }), now);
}

/** Encodes a stored value the way the platform answers: canonical EJSON (the SDK parses it with EJSON.parse). */
export function encode(value: unknown): string {
  return EJSON.stringify(value, { relaxed: false });
}

/** Storage form: relaxed EJSON keeps numbers readable and Dates exact. */
export function toStorage(doc: Doc): string {
  return EJSON.stringify(doc, { relaxed: true });
}

export function fromStorage(text: string): Doc {
  return normalize(EJSON.parse(text, { relaxed: true }), Date.now()) as Doc;
}

function normalize(value: unknown, now: number): unknown {
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, toJsFlags(value.options));
  if (Array.isArray(value)) return value.map((v) => normalize(v, now));
  if (value instanceof Date || value instanceof RegExp || value === null || typeof value !== 'object') return value;
  const obj = value as Doc;
  if ('$tcb_server_date' in obj && Object.keys(obj).length === 1) {
    const spec = obj.$tcb_server_date as { offset?: number } | undefined;
    return new Date(now + Number(spec?.offset ?? 0));
  }
  const out: Doc = {};
  for (const [k, v] of Object.entries(obj)) out[k] = normalize(v, now);
  return out;
}

function toJsFlags(options: string): string {
  // BSON allows flags JS does not know (x, l, u); keep only i, m, s.
  return [...new Set(options.split(''))].filter((f) => 'ims'.includes(f)).join('');
}

/** Value helpers shared by the index and the store: a total order like MongoDB's, and dot-path reads. */

const TYPE_RANK = { null: 0, number: 1, string: 2, object: 3, array: 4, boolean: 5, date: 6, regexp: 7 } as const;

function rank(v: unknown): number {
  if (v === null || v === undefined) return TYPE_RANK.null;
  if (typeof v === 'number' || typeof v === 'bigint') return TYPE_RANK.number;
  if (typeof v === 'string') return TYPE_RANK.string;
  if (typeof v === 'boolean') return TYPE_RANK.boolean;
  if (v instanceof Date) return TYPE_RANK.date;
  if (v instanceof RegExp) return TYPE_RANK.regexp;
  if (Array.isArray(v)) return TYPE_RANK.array;
  return TYPE_RANK.object;
}

/** Compares two values in BSON order (null < numbers < strings < objects < arrays < booleans < dates). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case TYPE_RANK.null:
      return 0;
    case TYPE_RANK.number:
      return Number(a) - Number(b);
    case TYPE_RANK.string:
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    case TYPE_RANK.boolean:
      return Number(a) - Number(b);
    case TYPE_RANK.date:
      return (a as Date).getTime() - (b as Date).getTime();
    default: {
      const sa = JSON.stringify(a);
      const sb = JSON.stringify(b);
      return sa === sb ? 0 : sa < sb ? -1 : 1;
    }
  }
}

export function compareTuples(
  a: readonly unknown[],
  b: readonly unknown[],
  length = Math.min(a.length, b.length),
): number {
  for (let i = 0; i < length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Every value found at a dot path, descending into arrays as MongoDB does (multikey).
 * A missing field reads as `null`, the way an index stores it.
 */
export function valuesAt(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out.length ? out : [null];
}

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(null);
      else out.push(...value);
    } else out.push(value === undefined ? null : value);
    return;
  }
  if (Array.isArray(value)) {
    const idx = Number(parts[i]);
    if (Number.isInteger(idx) && String(idx) === parts[i]) collect(value[idx], parts, i + 1, out);
    else for (const item of value) collect(item, parts, i, out);
    return;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) {
    out.push(null);
    return;
  }
  collect((value as Record<string, unknown>)[parts[i]], parts, i + 1, out);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);
}

/**
 * A deep copy of a document. Unlike structuredClone, Dates and RegExps stay objects of this realm: under jest,
 * structuredClone answers objects of the outer realm, which `instanceof Date` (mingo's and ours) does not recognise.
 * Values of other classes (BSON types) are kept as they are.
 */
export function cloneValue<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as T;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneValue(v);
    return out as T;
  }
  return value;
}

/** Sets a dot-path field, creating the objects on the way (as MongoDB writes `a.b` into a document). */
export function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(target[part])) target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  target[parts[parts.length - 1]] = value;
}

import type { Doc } from './ejson';
import { compareTuples, compareValues, isPlainObject, valuesAt } from './values';

export interface IndexSpec {
  name: string;
  /**
   * Field → 1 | -1, in key order (the direction matters to CloudBase; locally entries are kept ascending), or
   * `'2dsphere'` for a geo index (地理位置索引), which geo queries require (see geo.ts).
   */
  keys: Record<string, 1 | -1 | '2dsphere'>;
  unique?: boolean;
}

interface Entry {
  key: unknown[];
  id: string;
}

/**
 * An in-memory secondary index: entries sorted by key tuple, then id. Arrays index every element (multikey).
 * Inserts and removals are a binary search plus a splice, which stays cheap at hundreds of thousands of entries.
 * A geo index keeps no entries: it only declares that geo queries may run on its fields, which they do over the
 * candidates the other conditions leave (geo.ts); the planner never picks it.
 */
export class Index {
  readonly fields: string[];
  /** The fields declared `'2dsphere'`; non-empty makes this a geo index. */
  readonly geoFields: string[];
  private entries: Entry[] = [];
  /** Per field, the documents holding several values there (an array): they appear more than once in the index. */
  private readonly multikeyIds: Map<string, Set<string>>;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.keys);
    this.geoFields = this.fields.filter((f) => spec.keys[f] === '2dsphere');
    this.multikeyIds = new Map(this.fields.map((f) => [f, new Set<string>()]));
  }

  /** Whether some document holds several values in `field`. */
  isMultikey(field: string): boolean {
    return (this.multikeyIds.get(field)?.size ?? 0) > 0;
  }

  get size(): number {
    return this.entries.length;
  }

  keysOf(doc: Doc): unknown[][] {
    if (this.geoFields.length) return [];
    let tuples: unknown[][] = [[]];
    for (const field of this.fields) {
      const values = dedupe(valuesAt(doc, field));
      tuples = tuples.flatMap((t) => values.map((v) => [...t, v]));
    }
    return tuples;
  }

  /**
   * The id of another document that would hold one of `doc`'s keys in this unique index, if any. `released` are
   * documents whose current keys do not count (they are rewritten or removed by the same batch); `pending` collects
   * the keys the batch claims so far, so that two writes of one batch cannot claim the same key.
   */
  conflictFor(doc: Doc, id: string, pending: Map<string, string>, released: Set<string>): string | undefined {
    if (!this.spec.unique) return undefined;
    for (const key of this.keysOf(doc)) {
      let i = this.lowerBound(key, true);
      for (; i < this.entries.length && compareTuples(this.entries[i].key, key, key.length) === 0; i++) {
        const owner = this.entries[i].id;
        if (owner !== id && !released.has(owner)) return owner;
      }
      const tag = keyTag(key);
      const claimedBy = pending.get(tag);
      if (claimedBy !== undefined && claimedBy !== id) return claimedBy;
      pending.set(tag, id);
    }
    return undefined;
  }

  insert(doc: Doc, id: string): void {
    const keys = this.keysOf(doc);
    if (keys.length > 1) {
      for (const [i, field] of this.fields.entries()) {
        if (new Set(keys.map((k) => keyTag([k[i]]))).size > 1) this.multikeyIds.get(field)!.add(id);
      }
    }
    for (const key of keys) {
      const entry = { key, id };
      this.entries.splice(this.position(entry), 0, entry);
    }
  }

  remove(doc: Doc, id: string): void {
    for (const key of this.keysOf(doc)) {
      const i = this.position({ key, id });
      if (i < this.entries.length && this.entries[i].id === id && compareTuples(this.entries[i].key, key) === 0) {
        this.entries.splice(i, 1);
      }
    }
    for (const ids of this.multikeyIds.values()) ids.delete(id);
  }

  /** How many entries fall inside the bounds (two binary searches). */
  countRange(bounds: Bounds): number {
    const start = bounds.lower ? this.lowerBound(bounds.lower.key, bounds.lower.inclusive) : 0;
    const end = bounds.upper ? this.upperBound(bounds.upper.key, bounds.upper.inclusive) : this.entries.length;
    return Math.max(0, end - start);
  }

  /** Ids whose keys fall inside the bounds, in key order (forward) or reversed. */
  *scan(bounds: Bounds, reverse = false): Generator<string> {
    const start = bounds.lower ? this.lowerBound(bounds.lower.key, bounds.lower.inclusive) : 0;
    const end = bounds.upper ? this.upperBound(bounds.upper.key, bounds.upper.inclusive) : this.entries.length;
    if (!reverse) for (let i = start; i < end; i++) yield this.entries[i].id;
    else for (let i = end - 1; i >= start; i--) yield this.entries[i].id;
  }

  /** First position whose key prefix is ≥ key (inclusive) or > key (exclusive). */
  private lowerBound(key: unknown[], inclusive: boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareTuples(this.entries[mid].key, key, key.length);
      if (c < 0 || (!inclusive && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position whose key prefix is > key (inclusive upper bound) or ≥ key (exclusive). */
  private upperBound(key: unknown[], inclusive: boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareTuples(this.entries[mid].key, key, key.length);
      if (c < 0 || (inclusive && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private position(entry: Entry): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.entries[mid];
      const c = compareTuples(e.key, entry.key) || (e.id < entry.id ? -1 : e.id > entry.id ? 1 : 0);
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export interface Bound {
  key: unknown[];
  inclusive: boolean;
}
export interface Bounds {
  lower?: Bound;
  upper?: Bound;
}

export interface Plan {
  index: Index;
  /** One or more key ranges; several when a prefix field is matched with `$in`. */
  ranges: Bounds[];
  /** Set when walking the ranges yields documents already in the requested sort order. */
  order?: 'forward' | 'reverse';
  /**
   * Set when the ranges hold exactly the matching documents, each once (the query is only equality on the index's
   * leading fields): a count is then the size of the ranges, with no document read.
   */
  exact?: boolean;
}

/** `exactEq`: a plain equality on one scalar (not null, whose MongoDB meaning also covers missing fields and arrays). */
type FieldCondition = { eq: unknown[]; exactEq?: boolean } | { range: { gt?: Bound; lt?: Bound } };

const MAX_POINTS = 64;

/**
 * Picks the index that narrows a query most: the longest prefix of equality (or small `$in`) fields, then one
 * range field; an index whose remaining fields match the sort is preferred because it can stop early.
 * The query itself is always re-checked document by document, so a plan only needs to be a superset.
 */
export function planQuery(indexes: Index[], query: Doc, sort: [string, 1 | -1][]): Plan | undefined {
  const conditions = fieldConditions(query);
  let best: { plan: Plan; score: number } | undefined;
  for (const index of indexes) {
    if (index.geoFields.length) continue;
    let points: unknown[][] = [[]];
    let used = 0;
    let range: { gt?: Bound; lt?: Bound } | undefined;
    for (const field of index.fields) {
      const cond = conditions.get(field);
      if (!cond) break;
      if ('eq' in cond) {
        if (points.length * cond.eq.length > MAX_POINTS) break;
        points = points.flatMap((p) => cond.eq.map((v) => [...p, v]));
        used++;
        continue;
      }
      range = cond.range;
      break;
    }
    // An index that matches no condition is only worth walking when it yields the requested sort order.
    if (used === 0 && !range && (sort.length === 0 || !sortMatches(index, 0, sort))) continue;
    const ranges = points.map((p) => toBounds(p, range));
    // Walking in order is right unless a sort field holds arrays; a multikey field bound to one value by the
    // equality prefix keeps each document once in the range.
    const sortFields = index.fields.slice(used, used + sort.length);
    const ordered =
      points.length === 1 && !sortFields.some((f) => index.isMultikey(f))
        ? sortDirection(index, used, sort)
        : undefined;
    const exact =
      !range &&
      points.length === 1 &&
      Object.keys(query).every((k) => index.fields.slice(0, used).includes(k)) &&
      index.fields.slice(0, used).every((f) => (conditions.get(f) as { exactEq?: boolean }).exactEq === true);
    const score =
      used * 4 + (range ? 2 : 0) + (ordered ? 1 : 0) + (index.spec.unique && used === index.fields.length ? 1 : 0);
    if (!best || score > best.score) best = { plan: { index, ranges, order: ordered, exact }, score };
  }
  return best?.plan;
}

function toBounds(prefix: unknown[], range?: { gt?: Bound; lt?: Bound }): Bounds {
  const bounds: Bounds = {};
  if (range?.gt) bounds.lower = { key: [...prefix, ...range.gt.key], inclusive: range.gt.inclusive };
  else if (prefix.length) bounds.lower = { key: prefix, inclusive: true };
  if (range?.lt) bounds.upper = { key: [...prefix, ...range.lt.key], inclusive: range.lt.inclusive };
  else if (prefix.length) bounds.upper = { key: prefix, inclusive: true };
  return bounds;
}

function sortMatches(index: Index, from: number, sort: [string, 1 | -1][]): boolean {
  return sortDirection(index, from, sort) !== undefined;
}

function sortDirection(index: Index, from: number, sort: [string, 1 | -1][]): 'forward' | 'reverse' | undefined {
  if (sort.length === 0) return 'forward';
  if (from + sort.length > index.fields.length) return undefined;
  const dir = sort[0][1];
  for (let i = 0; i < sort.length; i++) {
    if (index.fields[from + i] !== sort[i][0] || sort[i][1] !== dir) return undefined;
  }
  return dir === 1 ? 'forward' : 'reverse';
}

/** Top-level conditions an index can serve: equality, `$in` of scalars, and `$gt/$gte/$lt/$lte` ranges. */
function fieldConditions(query: Doc): Map<string, FieldCondition> {
  const out = new Map<string, FieldCondition>();
  const visit = (q: Doc) => {
    for (const [field, cond] of Object.entries(q)) {
      if (field === '$and' && Array.isArray(cond)) {
        for (const part of cond) if (isPlainObject(part)) visit(part);
        continue;
      }
      if (field.startsWith('$')) continue;
      const parsed = parseCondition(cond);
      if (parsed && !out.has(field)) out.set(field, parsed);
    }
  };
  visit(query);
  return out;
}

function isScalar(v: unknown): boolean {
  return v === null || v instanceof Date || ['string', 'number', 'boolean'].includes(typeof v);
}

function parseCondition(cond: unknown): FieldCondition | undefined {
  if (isScalar(cond)) return { eq: [cond], exactEq: cond !== null };
  if (!isPlainObject(cond)) return undefined;
  const ops = Object.keys(cond);
  if (!ops.every((op) => op.startsWith('$'))) return undefined;
  if ('$eq' in cond && isScalar(cond.$eq)) return { eq: [cond.$eq], exactEq: ops.length === 1 && cond.$eq !== null };
  if ('$in' in cond && Array.isArray(cond.$in) && cond.$in.length > 0 && cond.$in.every(isScalar)) {
    return { eq: [...cond.$in].sort(compareValues) };
  }
  const range: { gt?: Bound; lt?: Bound } = {};
  if (isScalar(cond.$gt)) range.gt = { key: [cond.$gt], inclusive: false };
  if (isScalar(cond.$gte)) range.gt = { key: [cond.$gte], inclusive: true };
  if (isScalar(cond.$lt)) range.lt = { key: [cond.$lt], inclusive: false };
  if (isScalar(cond.$lte)) range.lt = { key: [cond.$lte], inclusive: true };
  return range.gt || range.lt ? { range } : undefined;
}

/** A string that tells key tuples apart exactly as compareValues does for scalars (a Date is not its ISO string). */
function keyTag(key: unknown[]): string {
  return JSON.stringify(
    key.map((v) => (v instanceof Date ? { $date: v.getTime() } : typeof v === 'number' ? { $n: v } : v)),
  );
}

function dedupe(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => compareValues(o, v) === 0)) out.push(v);
  return out;
}

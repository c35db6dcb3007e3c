import type { Page } from '../../miniprogram/shared/api';
import { _, db, type Doc } from './cloud';
import type { CollectionName } from './collections';
import { invalid } from './errors';

/**
 * Cursor paging, the one way every list pages (`{ limit?, cursor? } → { items, nextCursor }`): a list walks an
 * indexed field in order and stops after the page, so page 50 costs what page 1 costs. One row more than the page
 * is read to know whether another page follows; the cursor is the last row's value of the field (or what
 * `cursorOf` makes of that row), and the next page starts strictly after it.
 */

/** The page size when the caller gives none (the contract's default). */
export const DEFAULT_PAGE_SIZE = 20;

/** `get()` returns at most this many rows to a function, so a read of `limit + 1` must stay within it. */
const MAX_READ = 1000;

export interface PageQuery<T extends Doc> {
  collection: CollectionName;
  where: Record<string, unknown>;
  /** The indexed field the list is ordered by (unique, or made unique with the id: sortKey, queueKey, _id...). */
  orderBy: keyof T & string;
  order: 'asc' | 'desc';
  limit?: number;
  /** Where the previous page ended: its last value of `orderBy` (`''` or none: the first page). */
  after?: string;
  /** An exclusive bound on the far side of the walk (a name-prefix search stops before `prefix + '\uffff'`). */
  before?: string;
  /** The cursor handed out for the last row of a page (default: its value of `orderBy`). */
  cursorOf?: (last: T) => string;
}

export interface RowPage<T> {
  rows: T[];
  nextCursor: string | null;
}

/** Of `rows` read for a page of `limit` (one more when another page follows): the page and its next cursor. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (last: T) => string): RowPage<T> {
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit && page.length ? cursorOf(page[page.length - 1]) : null };
}

/** A page of rows as the contract's `{ items, nextCursor }`, each row made into its view. */
export function pageOf<T, R>({ rows, nextCursor }: RowPage<T>, view: (row: T) => R): Page<R> {
  return { items: rows.map(view), nextCursor };
}

/** The condition on `orderBy` that bounds the walk: strictly after the cursor, and before `before`. */
function range(order: 'asc' | 'desc', after?: string, before?: string): unknown {
  if (after !== undefined && before !== undefined) {
    // One object with both bounds: `_.gt(a).and(_.lt(b))` would be sent as an $and of two conditions.
    return order === 'asc' ? { $gt: after, $lt: before } : { $lt: after, $gt: before };
  }
  if (after !== undefined) return order === 'asc' ? _.gt(after) : _.lt(after);
  if (before !== undefined) return order === 'asc' ? _.lt(before) : _.gt(before);
  return undefined;
}

/** Reads one page of an ordered list: the page's rows and the cursor of the next page (null on the last). */
export async function readPage<T extends Doc>(query: PageQuery<T>): Promise<RowPage<T>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (limit + 1 > MAX_READ) throw new Error(`a page reads at most ${MAX_READ - 1} rows`);
  const bound = range(query.order, query.after || undefined, query.before);
  const where = bound === undefined ? query.where : { ...query.where, [query.orderBy]: bound };
  const { data } = await db
    .collection(query.collection)
    .where(where)
    .orderBy(query.orderBy, query.order)
    .limit(limit + 1)
    .get();
  return toPage(data as T[], limit, query.cursorOf ?? ((last: T) => String(last[query.orderBy])));
}

/**
 * Every row of an ordered list, page by page (internal walks: reminders, exports, door plates). Stops after
 * `maxPages`; the caller may stop earlier by leaving the loop.
 */
export async function* eachPage<T extends Doc>(
  query: Omit<PageQuery<T>, 'after' | 'cursorOf'>,
  maxPages = Infinity,
): AsyncGenerator<T[]> {
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const { rows, nextCursor } = await readPage({ ...query, after });
    if (rows.length) yield rows;
    if (nextCursor === null) return;
    after = nextCursor;
  }
}

/**
 * An offset cursor (lists that are not a walk of one index: stations nearest first, or sorted by name in memory).
 * Anything but a whole number is INVALID_ARGUMENT on `cursor`.
 */
export function offsetOf(cursor: string | undefined): number {
  const offset = cursor ? Number(cursor) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw invalid({ cursor: '游标无效' });
  return offset;
}

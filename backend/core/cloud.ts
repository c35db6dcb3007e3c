import cloud from 'wx-server-sdk';
import type { CollectionName } from './collections';

// wx-server-sdk's typings declare DYNAMIC_CURRENT_ENV as a symbol; init() takes it as the current environment.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export { cloud };

export type Doc = Record<string, unknown> & { _id: string };

/**
 * The part of the database API we use, typed plainly: wx-server-sdk declares every call as returning
 * `void | string | Result` (callback overloads), which would force a cast at each call site.
 */
export interface Query {
  where(query: Record<string, unknown>): Query;
  orderBy(field: string, order: 'asc' | 'desc'): Query;
  skip(n: number): Query;
  limit(n: number): Query;
  field(projection: Record<string, boolean>): Query;
  get(): Promise<{ data: Doc[] }>;
  count(): Promise<{ total: number }>;
  update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface Collection extends Query {
  doc(id: string): {
    get(): Promise<{ data: Doc }>;
    update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
    set(options: { data: Record<string, unknown> }): Promise<{ _id: string }>;
    remove(): Promise<{ stats: { removed: number } }>;
  };
  add(options: { data: Record<string, unknown> }): Promise<{ _id: string }>;
}

const database = cloud.database();
export const db = database as unknown as { collection(name: CollectionName): Collection; serverDate(): unknown };
export const _ = database.command;

/** One document by id, or undefined (the SDK's doc().get() throws on a missing document). */
export async function findById<T extends Doc>(collection: CollectionName, id: string): Promise<T | undefined> {
  const { data } = await db.collection(collection).where({ _id: id }).limit(1).get();
  return (data[0] as T | undefined) ?? undefined;
}

export async function findMany<T extends Doc>(
  collection: CollectionName,
  where: Record<string, unknown>,
  limit = 100,
): Promise<T[]> {
  const { data } = await db.collection(collection).where(where).limit(limit).get();
  return data as T[];
}

/** True when a database error is a unique-index violation (CloudBase reports MongoDB's E11000). */
export function isDuplicateKey(err: unknown): boolean {
  return /E11000|duplicate key/i.test(
    String((err as { errMsg?: string; message?: string })?.errMsg ?? (err as Error)?.message ?? ''),
  );
}

import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { Query, find } from 'mingo';
import type { Doc } from './ejson';
import { fromStorage, toStorage } from './ejson';
import { Index, IndexSpec, planQuery } from './indexes';
import { CloudError } from './errors';
import { PRIVATE_FILE_MODE, ensurePrivateDir, narrowFile } from './private-files';
import { isPlainObject } from './values';

export interface CollectionSpec {
  name: string;
  permission?: string;
  indexes?: IndexSpec[];
}

export interface FindOptions {
  sort?: [string, 1 | -1][];
  skip?: number;
  limit?: number;
  projection?: Doc;
}

/** One write of a batch: the new document, or `null` to delete it. */
export interface Write {
  collection: string;
  id: string;
  doc: Doc | null;
}

export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly versions = new Map<string, number>();
  readonly indexes: Index[];

  constructor(
    readonly name: string,
    specs: IndexSpec[] = [],
  ) {
    this.indexes = specs.map((s) => new Index(s));
  }

  find(query: Doc, opts: FindOptions = {}): Doc[] {
    const sort = opts.sort ?? [];
    const skip = opts.skip ?? 0;
    const limit = opts.limit ?? Infinity;
    const matcher = new Query(query, {});
    const byId = this.byId(query);
    const plan = byId ? undefined : planQuery(this.indexes, query, sort);

    if (plan?.order) {
      // Walk the index in sort order and stop as soon as the page is full. Skipped documents are still walked
      // (as in MongoDB), which is why lists page with a cursor on the sort key rather than with skip.
      const out: Doc[] = [];
      let skipped = 0;
      const seen = new Set<string>();
      for (const range of plan.ranges) {
        for (const id of plan.index.scan(range, plan.order === 'reverse')) {
          if (seen.has(id)) continue;
          seen.add(id);
          const doc = this.docs.get(id);
          if (!doc || !matcher.test(doc)) continue;
          if (skipped < skip) {
            skipped++;
            continue;
          }
          out.push(doc);
          if (out.length >= limit) return this.project(out, opts.projection);
        }
      }
      return this.project(out, opts.projection);
    }

    // Filter first; without a sort, stop as soon as the page is full.
    const wanted = sort.length ? Infinity : skip + limit;
    const matched: Doc[] = [];
    for (const doc of this.candidates(byId, plan)) {
      if (!matcher.test(doc)) continue;
      matched.push(doc);
      if (matched.length >= wanted) break;
    }
    let cursor = find(
      matched,
      {},
      opts.projection && Object.keys(opts.projection).length ? opts.projection : undefined,
    );
    if (sort.length) cursor = cursor.sort(Object.fromEntries(sort));
    if (skip) cursor = cursor.skip(skip);
    if (Number.isFinite(limit)) cursor = cursor.limit(limit);
    return cursor.all() as Doc[];
  }

  count(query: Doc): number {
    const byId = this.byId(query);
    const plan = byId ? undefined : planQuery(this.indexes, query, []);
    if (plan?.exact) return plan.ranges.reduce((n, r) => n + plan.index.countRange(r), 0);
    const matcher = new Query(query, {});
    let n = 0;
    for (const doc of this.candidates(byId, plan)) if (matcher.test(doc)) n++;
    return n;
  }

  /** Ids named by the query itself (`_id` equal to, or `$in`, strings): looked up directly, whatever else it says. */
  private byId(query: Doc): string[] | undefined {
    const id = query._id;
    if (typeof id === 'string') return [id];
    if (isPlainObject(id) && Object.keys(id).length === 1) {
      if (typeof id.$eq === 'string') return [id.$eq];
      if (Array.isArray(id.$in) && id.$in.every((v) => typeof v === 'string')) return [...new Set(id.$in as string[])];
    }
    return undefined;
  }

  private *candidates(byId: string[] | undefined, plan: ReturnType<typeof planQuery>): Iterable<Doc> {
    if (byId) {
      for (const id of byId) {
        const doc = this.docs.get(id);
        if (doc) yield doc;
      }
    } else if (plan) {
      const seen = new Set<string>();
      for (const range of plan.ranges) {
        for (const id of plan.index.scan(range)) {
          if (seen.has(id)) continue;
          seen.add(id);
          const doc = this.docs.get(id);
          if (doc) yield doc;
        }
      }
    } else {
      yield* this.docs.values();
    }
  }

  private project(docs: Doc[], projection?: Doc): Doc[] {
    if (!projection || Object.keys(projection).length === 0) return docs;
    return find(docs, {}, projection).all() as Doc[];
  }
}

/**
 * The durable document store: SQLite (WAL) holds every document as relaxed EJSON; each collection is also kept
 * in memory with its declared indexes, so reads never touch the disk. A batch of writes is committed in one
 * SQLite transaction before memory changes and before anyone is answered: an acknowledged write survives kill -9.
 */
export class Store {
  private readonly sql: Database.Database;
  private readonly collections = new Map<string, Collection>();
  private version = 0;
  private readonly stmt: {
    upsert: Database.Statement;
    remove: Database.Statement;
    addCollection: Database.Statement;
  };

  constructor(dataDir: string, declared: CollectionSpec[]) {
    ensurePrivateDir(dataDir);
    const file = path.join(dataDir, 'cloud.db');
    // SQLite gives the -wal and -shm files the mode of the database file: create it 0600 before SQLite does.
    fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) narrowFile(f);
    this.sql = new Database(file);
    this.sql.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a crash of this process (kill -9); only an OS crash
    // or power loss can lose the last commits.
    this.sql.pragma('synchronous = NORMAL');
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS documents (coll TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (coll, id));
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.stmt = {
      upsert: this.sql.prepare(
        'INSERT INTO documents (coll, id, body) VALUES (?, ?, ?) ON CONFLICT (coll, id) DO UPDATE SET body = excluded.body',
      ),
      remove: this.sql.prepare('DELETE FROM documents WHERE coll = ? AND id = ?'),
      addCollection: this.sql.prepare('INSERT OR IGNORE INTO collections (name) VALUES (?)'),
    };
    const declaredByName = new Map(declared.map((c) => [c.name, c]));
    const names = new Set<string>([
      ...declared.map((c) => c.name),
      ...(this.sql.prepare('SELECT name FROM collections').all() as { name: string }[]).map((r) => r.name),
    ]);
    const persist = this.sql.transaction(() => {
      for (const name of names) this.stmt.addCollection.run(name);
    });
    persist();
    for (const name of names) this.collections.set(name, new Collection(name, declaredByName.get(name)?.indexes));
    const rows = this.sql.prepare('SELECT coll, id, body FROM documents').iterate() as Iterable<{
      coll: string;
      id: string;
      body: string;
    }>;
    for (const row of rows) {
      const coll = this.collections.get(row.coll);
      if (!coll) continue;
      const doc = fromStorage(row.body);
      coll.docs.set(row.id, doc);
      coll.versions.set(row.id, ++this.version);
      for (const index of coll.indexes) index.insert(doc, row.id);
    }
  }

  has(name: string): boolean {
    return this.collections.has(name);
  }

  collection(name: string): Collection {
    const coll = this.collections.get(name);
    if (!coll) {
      throw new CloudError(
        'DATABASE_COLLECTION_NOT_EXIST',
        `Db or Table not exist: ${name}. Please check your request.`,
      );
    }
    return coll;
  }

  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  createCollection(name: string): boolean {
    if (this.collections.has(name)) return false;
    this.stmt.addCollection.run(name);
    this.collections.set(name, new Collection(name));
    return true;
  }

  versionOf(collection: string, id: string): number {
    return this.collection(collection).versions.get(id) ?? 0;
  }

  getMeta(key: string): string | undefined {
    const row = this.sql.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.sql
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  /**
   * Applies writes atomically: unique indexes are checked for the whole batch first, then one SQLite
   * transaction commits them, and only then does memory change. Nothing is half-written.
   */
  commit(writes: Write[]): void {
    if (writes.length === 0) return;
    this.checkUnique(writes);
    const tx = this.sql.transaction(() => {
      for (const w of writes) {
        if (w.doc) this.stmt.upsert.run(w.collection, w.id, toStorage(w.doc));
        else this.stmt.remove.run(w.collection, w.id);
      }
    });
    tx();
    for (const w of writes) {
      const coll = this.collection(w.collection);
      const old = coll.docs.get(w.id);
      if (old) for (const index of coll.indexes) index.remove(old, w.id);
      if (w.doc) {
        coll.docs.set(w.id, w.doc);
        for (const index of coll.indexes) index.insert(w.doc, w.id);
      } else {
        coll.docs.delete(w.id);
      }
      coll.versions.set(w.id, ++this.version);
    }
  }

  /** The SQLite handle, for the local cloud's own side tables (files, outbox). */
  get sqlite(): Database.Database {
    return this.sql;
  }

  close(): void {
    this.sql.close();
  }

  /** Unique keys are checked against the state the whole batch leaves, whatever the order of its writes. */
  private checkUnique(writes: Write[]): void {
    const byCollection = new Map<string, Write[]>();
    for (const w of writes) {
      const list = byCollection.get(w.collection) ?? [];
      list.push(w);
      byCollection.set(w.collection, list);
    }
    for (const [name, batch] of byCollection) {
      const coll = this.collection(name);
      const released = new Set(batch.map((w) => w.id));
      for (const index of coll.indexes) {
        const pending = new Map<string, string>();
        for (const w of batch) {
          if (w.doc && index.conflictFor(w.doc, w.id, pending, released) !== undefined) {
            throw new CloudError(
              'DATABASE_REQUEST_FAILED',
              `E11000 duplicate key error collection: ${name} index: ${index.spec.name} dup key`,
            );
          }
        }
      }
    }
  }
}

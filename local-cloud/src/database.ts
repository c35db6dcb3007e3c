import crypto from 'node:crypto';
import { Aggregator } from 'mingo';
import { update as applyModifier } from 'mingo';
import type { Doc } from './ejson';
import { decode, encode, toStorage } from './ejson';
import { CloudError } from './errors';
import { assertGeoKeys, countDocs, findDocs, GEO_CONTEXT, geoNearStage } from './geo';
import { JsonTooDeepError } from './json';
import type { Store, Write } from './store';
import { cloneValue, isPlainObject } from './values';

/** CloudBase's server SDK limits: `get()` returns 100 documents unless told otherwise, and never more than 1000. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
const TRANSACTION_TTL_MS = 30_000;

export type Params = Record<string, unknown>;

interface Transaction {
  id: string;
  startedAt: number;
  /** Each document as the transaction first saw it (its snapshot), with its version then. */
  seen: Map<string, { version: number; doc: Doc | undefined }>;
  /** Pending writes by `collection\0id`: the new document or null for a removal. */
  writes: Map<string, Write>;
}

export function newId(): string {
  return crypto.randomBytes(16).toString('hex');
}

/**
 * The `database.*` actions of the CloudBase server API, answered from the store with the platform's reply shapes.
 * Transactions are single-document and use the documented snapshot isolation: a read sees the document as the
 * transaction first touched it; a write locks the document, so another transaction writing it fails at once; and
 * the commit fails with DATABASE_TRANSACTION_CONFLICT when a document it writes was changed by anyone after its
 * snapshot, which is the error the SDK's runTransaction retries.
 */
export class DatabaseApi {
  private readonly transactions = new Map<string, Transaction>();
  /** The clock's time of the request being handled (handle() is synchronous): what `db.serverDate()` stands for. */
  private at = 0;

  /** `now` is the local cloud's clock (shifted by `POST /clock`). */
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  handle(action: string, p: Params): Record<string, unknown> {
    this.at = this.now();
    try {
      return this.dispatch(action, p);
    } catch (err) {
      // The query engine refusing a query, projection, update or stage is the caller's mistake, not a crash.
      if (isMingoError(err)) throw new CloudError('DATABASE_REQUEST_FAILED', err.message);
      throw err;
    }
  }

  private dispatch(action: string, p: Params): Record<string, unknown> {
    switch (action) {
      case 'database.getDocument':
        return { data: { list: this.get(p).map(encode) } };
      case 'database.insertDocument':
        return { data: { insertedIds: this.insert(p) } };
      case 'database.modifyDocument':
        return { data: this.modify(p) };
      case 'database.modifyAndReturnDoc': {
        const { updated, doc } = this.modifyAndReturn(p);
        return { data: { updated, doc: doc ? encode(doc) : null } };
      }
      case 'database.removeDocument':
        return { data: { deleted: this.remove(p) } };
      case 'database.calculateDocument':
        return { data: { total: this.count(p) } };
      case 'database.aggregateDocuments':
        return { data: { list: this.aggregate(p).map(encode) } };
      case 'database.addCollection':
        if (!this.store.createCollection(str(p, 'collectionName'))) {
          throw new CloudError(
            'DATABASE_COLLECTION_ALREADY_EXIST',
            `collection ${String(p.collectionName)} already exists`,
          );
        }
        return {};
      case 'database.startTransaction':
        return { transactionId: this.start() };
      case 'database.commitTransaction':
        this.commit(str(p, 'transactionId'));
        return {};
      case 'database.abortTransaction':
        this.transactions.delete(str(p, 'transactionId'));
        return {};
      default:
        throw new CloudError('INVALID_PARAM', `unknown action: ${action}`);
    }
  }

  // ---- reads ----

  private get(p: Params): Doc[] {
    const coll = this.store.collection(str(p, 'collectionName'));
    const query = ejsonParam(p, 'query', this.at) ?? {};
    const tx = this.txOf(p);
    if (tx) {
      const id = this.singleDocId(query);
      const doc = this.readInTx(tx, coll.name, id);
      return doc ? project(doc, ejsonParam(p, 'projection', this.at)) : [];
    }
    const limit = p.limit === undefined || p.limit === null ? DEFAULT_LIMIT : Math.min(num(p, 'limit'), MAX_LIMIT);
    if (limit < 0) throw new CloudError('INVALID_PARAM', 'limit must be a non-negative number');
    const offset = p.offset === undefined || p.offset === null ? 0 : num(p, 'offset');
    if (offset < 0) throw new CloudError('INVALID_PARAM', 'offset must be a non-negative number');
    const order = ejsonParam(p, 'order', this.at) ?? {};
    const sort = Object.entries(order).map(([field, direction]): [string, 1 | -1] => {
      if (direction !== 1 && direction !== -1)
        throw new CloudError('INVALID_PARAM', `order of ${field} must be 1 or -1`);
      return [field, direction];
    });
    return findDocs(coll, query, {
      sort,
      skip: offset,
      limit: limit === 0 ? DEFAULT_LIMIT : limit,
      projection: ejsonParam(p, 'projection', this.at),
      nearAllowed: true,
    });
  }

  private count(p: Params): number {
    return countDocs(this.store.collection(str(p, 'collectionName')), ejsonParam(p, 'query', this.at) ?? {});
  }

  private aggregate(p: Params): Doc[] {
    const coll = this.store.collection(str(p, 'collectionName'));
    if (!Array.isArray(p.stages)) throw new CloudError('INVALID_PARAM', 'stages must be an array');
    const pipeline = p.stages.flatMap((stage) => {
      if (!isPlainObject(stage) || typeof stage.stageKey !== 'string' || typeof stage.stageValue !== 'string') {
        throw new CloudError('INVALID_PARAM', 'each stage needs a stageKey and a stageValue');
      }
      const value = decodeText(stage.stageValue, `stage ${stage.stageKey}`, this.at);
      // MongoDB's $count emits no document at all for an empty input; mingo's emits { n: 0 }. Use the
      // equivalent $group, which MongoDB documents as what $count does.
      if (stage.stageKey === '$count' && typeof value === 'string') {
        return [{ $group: { _id: null, [value]: { $sum: 1 } } }, { $project: { _id: 0 } }];
      }
      return [{ [stage.stageKey]: value }];
    });
    if (pipeline.slice(1).some((stage) => '$geoNear' in stage)) {
      throw new CloudError('DATABASE_REQUEST_FAILED', '$geoNear is only valid as the first stage in a pipeline');
    }
    // A leading $match goes through the query planner so that it can use an index; a leading $geoNear is ours.
    let source: Doc[];
    if (pipeline.length && '$geoNear' in pipeline[0]) {
      source = geoNearStage(coll, pipeline.shift()!.$geoNear);
    } else if (pipeline.length && '$match' in pipeline[0]) {
      source = findDocs(coll, pipeline.shift()!.$match as Doc);
    } else {
      source = [...coll.docs.values()];
    }
    const aggregator = new Aggregator(pipeline, {
      collectionResolver: (name: string) => [...this.store.collection(name).docs.values()],
      context: GEO_CONTEXT,
    });
    return aggregator.run(source) as Doc[];
  }

  // ---- writes ----

  private insert(p: Params): string[] {
    const coll = this.store.collection(str(p, 'collectionName'));
    if (!Array.isArray(p.data) || p.data.length === 0)
      throw new CloudError('INVALID_PARAM', 'data must be a non-empty array');
    const docs = p.data.map((item) => {
      if (typeof item !== 'string') throw new CloudError('INVALID_PARAM', 'data items must be EJSON strings');
      const doc = decodeText(item, 'a data item', this.at);
      if (!isPlainObject(doc)) throw new CloudError('INVALID_PARAM', 'a document must be an object');
      if (doc._id === undefined) doc._id = newId();
      if (typeof doc._id !== 'string' && typeof doc._id !== 'number')
        throw new CloudError('INVALID_PARAM', '_id must be a string');
      doc._id = String(doc._id);
      assertGeoKeys(coll, doc);
      return doc;
    });
    const tx = this.txOf(p);
    for (const doc of docs) {
      const id = doc._id as string;
      const exists = tx ? this.readInTx(tx, coll.name, id) : coll.docs.get(id);
      if (exists) duplicateId(coll.name, id);
    }
    const writes = docs.map((doc) => ({ collection: coll.name, id: doc._id as string, doc }));
    if (tx) for (const w of writes) this.writeInTx(tx, w);
    else this.store.commit(writes);
    return docs.map((d) => d._id as string);
  }

  private modify(p: Params): { updated: number; upsert_id?: string } {
    const coll = this.store.collection(str(p, 'collectionName'));
    const query = ejsonParam(p, 'query', this.at) ?? {};
    const data = updateOf(p, this.at);
    const merge = p.merge !== false;
    const tx = this.txOf(p);
    const targets: Doc[] = [];
    if (tx || p.queryType === 'DOC') {
      const id = this.singleDocId(query);
      const doc = tx ? this.readInTx(tx, coll.name, id) : coll.docs.get(id);
      if (doc) targets.push(doc);
    } else {
      const found = findDocs(coll, query, { limit: p.multi === true ? Infinity : 1, nearAllowed: true });
      targets.push(...found);
    }
    if (targets.length === 0) {
      if (p.upsert !== true) return { updated: 0 };
      const id = typeof query._id === 'string' ? query._id : newId();
      const doc = buildDocument({ _id: id, ...equalityFields(query) }, data, merge);
      doc._id = id;
      assertGeoKeys(coll, doc);
      const write = { collection: coll.name, id, doc };
      if (tx) this.writeInTx(tx, write);
      else this.store.commit([write]);
      return { updated: 0, upsert_id: id };
    }
    const writes: Write[] = [];
    for (const target of targets) {
      const next = buildDocument(target, data, merge);
      next._id = target._id;
      assertGeoKeys(coll, next);
      if (toStorage(next) !== toStorage(target))
        writes.push({ collection: coll.name, id: target._id as string, doc: next });
    }
    if (tx) for (const w of writes) this.writeInTx(tx, w);
    else this.store.commit(writes);
    return { updated: writes.length };
  }

  private modifyAndReturn(p: Params): { updated: number; doc: Doc | null } {
    const coll = this.store.collection(str(p, 'collectionName'));
    const query = ejsonParam(p, 'query', this.at) ?? {};
    const data = updateOf(p, this.at);
    if (this.txOf(p)) throw singleDocOnly();
    const [target] = findDocs(coll, query, { limit: 1, nearAllowed: true });
    if (!target) return { updated: 0, doc: null };
    const next = buildDocument(target, data, true);
    next._id = target._id;
    assertGeoKeys(coll, next);
    this.store.commit([{ collection: coll.name, id: target._id as string, doc: next }]);
    return { updated: 1, doc: next };
  }

  private remove(p: Params): number {
    const coll = this.store.collection(str(p, 'collectionName'));
    const query = ejsonParam(p, 'query', this.at) ?? {};
    const tx = this.txOf(p);
    if (tx || p.queryType === 'DOC') {
      const id = this.singleDocId(query);
      const doc = tx ? this.readInTx(tx, coll.name, id) : coll.docs.get(id);
      if (!doc) return 0;
      const write = { collection: coll.name, id, doc: null };
      if (tx) this.writeInTx(tx, write);
      else this.store.commit([write]);
      return 1;
    }
    const found = findDocs(coll, query, { limit: p.multi === false ? 1 : Infinity, nearAllowed: true });
    this.store.commit(found.map((d) => ({ collection: coll.name, id: d._id as string, doc: null })));
    return found.length;
  }

  // ---- transactions ----

  private start(): string {
    const now = Date.now();
    for (const [id, tx] of this.transactions) if (now - tx.startedAt > TRANSACTION_TTL_MS) this.transactions.delete(id);
    const id = newId();
    this.transactions.set(id, { id, startedAt: now, seen: new Map(), writes: new Map() });
    return id;
  }

  private commit(id: string): void {
    const tx = this.transactions.get(id);
    if (!tx) throw new CloudError('DATABASE_TRANSACTION_FAIL', `transaction ${id} does not exist or has expired`);
    this.transactions.delete(id);
    for (const [key, write] of tx.writes) {
      if (this.store.versionOf(write.collection, write.id) !== tx.seen.get(key)!.version) throw conflict();
    }
    this.store.commit([...tx.writes.values()]);
  }

  private txOf(p: Params): Transaction | undefined {
    if (p.transactionId === undefined || p.transactionId === null || p.transactionId === '') return undefined;
    const tx = this.transactions.get(String(p.transactionId));
    if (!tx) throw new CloudError('DATABASE_TRANSACTION_FAIL', 'transaction does not exist or has expired');
    if (p.queryType === 'WHERE') throw singleDocOnly();
    return tx;
  }

  private readInTx(tx: Transaction, collection: string, id: string): Doc | undefined {
    const key = `${collection}\u0000${id}`;
    if (tx.writes.has(key)) return tx.writes.get(key)!.doc ?? undefined;
    return this.snapshot(tx, collection, id);
  }

  /** The document as this transaction first saw it: later commits by others stay invisible to it. */
  private snapshot(tx: Transaction, collection: string, id: string): Doc | undefined {
    const key = `${collection}\u0000${id}`;
    let seen = tx.seen.get(key);
    if (!seen) {
      seen = { version: this.store.versionOf(collection, id), doc: this.store.collection(collection).docs.get(id) };
      tx.seen.set(key, seen);
    }
    return seen.doc;
  }

  private writeInTx(tx: Transaction, write: Write): void {
    const key = `${write.collection}\u0000${write.id}`;
    this.snapshot(tx, write.collection, write.id);
    for (const other of this.transactions.values()) {
      if (other !== tx && other.writes.has(key)) {
        // The document is locked by another open transaction: this writer fails at once and its transaction ends.
        this.transactions.delete(tx.id);
        throw conflict();
      }
    }
    tx.writes.set(key, write);
  }

  private singleDocId(query: Doc): string {
    if (typeof query._id !== 'string' && typeof query._id !== 'number') throw singleDocOnly();
    return String(query._id);
  }
}

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$bit',
  '$push',
  '$pop',
  '$pull',
  '$pullAll',
  '$addToSet',
]);

/** The update document of a modify request; an unknown operator is refused even when nothing matches. */
function updateOf(p: Params, now: number): Doc {
  const data = ejsonParam(p, 'data', now);
  if (!data) throw new CloudError('INVALID_PARAM', 'data is required');
  const unknown = Object.keys(data).find((k) => k.startsWith('$') && !UPDATE_OPERATORS.has(k));
  if (unknown) throw new CloudError('DATABASE_REQUEST_FAILED', `Unknown modifier: ${unknown}`);
  return data;
}

/** Applies update operators (or plain fields, merged or replacing) to a copy of a document. */
function buildDocument(base: Doc, data: Doc, merge: boolean): Doc {
  const hasOperators = Object.keys(data).some((k) => k.startsWith('$'));
  if (!hasOperators && !merge) return { ...cloneValue(data), _id: base._id };
  const next = cloneValue(base);
  const modifier = hasOperators ? addToSetEach(data) : { $set: data };
  try {
    applyModifier(next, modifier as never, undefined, undefined, { cloneMode: 'deep' });
  } catch (err) {
    throw new CloudError('DATABASE_REQUEST_FAILED', `invalid update: ${(err as Error).message}`);
  }
  return next;
}

/**
 * `_.addToSet({ each: [...] })` reaches the server as written (the SDK does not rename `each`); the documentation
 * names both `each` and `$each`, so both mean "add each of these".
 */
function addToSetEach(data: Doc): Doc {
  if (!isPlainObject(data.$addToSet)) return data;
  const fields: Doc = {};
  for (const [field, value] of Object.entries(data.$addToSet)) {
    const each = isPlainObject(value) && Object.keys(value).length === 1 && Array.isArray(value.each);
    fields[field] = each ? { $each: (value as Doc).each } : value;
  }
  return { ...data, $addToSet: fields };
}

function project(doc: Doc, projection?: Doc): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return [doc];
  const include = Object.entries(projection)
    .filter(([, v]) => Number(v) === 1 || v === true)
    .map(([k]) => k);
  if (include.length === 0) {
    const out = { ...doc };
    for (const k of Object.keys(projection)) delete out[k];
    return [out];
  }
  const out: Doc = { _id: doc._id };
  for (const k of include) if (k in doc) out[k] = doc[k];
  return [out];
}

function equalityFields(query: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(query))
    if (!k.startsWith('$') && !isPlainObject(v) && !(v instanceof RegExp)) out[k] = v;
  return out;
}

/** A canonical EJSON parameter decoded (`db.serverDate()` as of `now`, the clock's time of the request). */
function ejsonParam(p: Params, name: string, now: number): Doc | undefined {
  const raw = p[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') throw new CloudError('INVALID_PARAM', `${name} must be an EJSON string`);
  const value = decodeText(raw, name, now);
  if (!isPlainObject(value)) throw new CloudError('INVALID_PARAM', `${name} must be an object`);
  return value;
}

/** mingo's own errors (MingoError; its module `mingo/util` has no typings under this project's resolution). */
function isMingoError(err: unknown): err is Error {
  return err instanceof Error && err.constructor.name === 'MingoError';
}

function decodeText(text: string, what: string, now: number): unknown {
  try {
    return decode(text, now);
  } catch (err) {
    if (err instanceof JsonTooDeepError) throw new CloudError('INVALID_PARAM', `${what} is ${err.message}`);
    throw new CloudError('INVALID_PARAM', `${what} is not valid EJSON`);
  }
}

function str(p: Params, name: string): string {
  const v = p[name];
  if (typeof v !== 'string' || v === '') throw new CloudError('INVALID_PARAM', `${name} must be a non-empty string`);
  return v;
}

function num(p: Params, name: string): number {
  const v = p[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new CloudError('INVALID_PARAM', `${name} must be a number`);
  return Math.floor(v);
}

function duplicateId(collection: string, id: string): never {
  throw new CloudError(
    'DATABASE_REQUEST_FAILED',
    `E11000 duplicate key error collection: ${collection} index: _id_ dup key: { _id: "${id}" }`,
  );
}

function conflict(): CloudError {
  return new CloudError('DATABASE_TRANSACTION_CONFLICT', 'database transaction conflict');
}

function singleDocOnly(): CloudError {
  return new CloudError(
    'DATABASE_REQUEST_FAILED',
    'transactions support single-document operations only (doc(id) and add)',
  );
}

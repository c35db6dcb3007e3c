/**
 * The web console at `/console/`: static files (`local-cloud/console/`, served to anyone on this server's Host) and
 * a JSON data API under `/console/api/` locked by the console token (auth.ts `checkConsole`). It reads and writes
 * through the same objects the SDK's calls go through (DatabaseApi, LocalStorage, OpenApi, the function host, the
 * timer triggers, the clock); it never reads SQLite itself and never decrypts anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';
import type { CallLog } from './call-log';
import { parseOffset, type Clock } from './clock';
import type { DatabaseApi } from './database';
import { decode, encode, type Doc } from './ejson';
import { CloudError } from './errors';
import { listFunctions } from './function-config';
import type { CallerContext, InvocationResult } from './functions';
import { JsonTooDeepError, parseJson } from './json';
import type { OpenApi } from './openapi';
import type { LocalStorage } from './storage';
import type { Store } from './store';
import type { TimerTriggers } from './triggers';
import { isPlainObject } from './values';

/** A caller the console offers in its call form (the project's demo users, given by whoever starts the cloud). */
export interface ConsolePersona {
  openid: string;
  name: string;
  label?: string;
}

export interface ConsoleDeps {
  envId: string;
  appId: string;
  functionsDir: string;
  store: Store;
  database: DatabaseApi;
  storage: LocalStorage;
  openapi: OpenApi;
  clock: Clock;
  triggers: TimerTriggers;
  calls: CallLog;
  personas: ConsolePersona[];
  functionExists: (name: string) => boolean;
  invoke: (name: string, event: unknown, caller: CallerContext) => Promise<InvocationResult>;
}

/** What a console route answers: a status and a JSON body. */
export interface ConsoleReply {
  status: number;
  body: unknown;
}

/** The console's refusal of a request: `{ code, message }` with an HTTP status. */
export class ConsoleError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A value sealed by the product's personal-data helper: `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts
 * (AES-256-GCM, a 12-byte IV, a 16-byte tag). The console shows such a value as sealed; it has no key to open it.
 */
const SEALED = /^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;
const MAX_PAGE = 200;
/** Which segments of a console API path are parameters, by its first segment. */
const PARAMETERS: Record<string, number[]> = { collections: [1, 3], triggers: [1, 2] };
/** How long an image preview's signed URL lives. */
const PREVIEW_MAX_AGE_S = 600;
const STATIC_DIR = path.resolve(__dirname, '../console');
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
};
/** The console's pages run only their own scripts and styles, and are never framed. */
export const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** A static file of the console, or undefined: only plain names (`app.mjs`) of the allowed types, never a path. */
export function consoleStaticFile(name: string): { body: Buffer; contentType: string } | undefined {
  const file = name === '' ? 'index.html' : name;
  if (!/^[a-z][a-z0-9-]*\.(html|css|mjs)$/.test(file)) return undefined;
  try {
    return { body: fs.readFileSync(path.join(STATIC_DIR, file)), contentType: STATIC_TYPES[path.extname(file)] };
  } catch {
    return undefined;
  }
}

/** Paths (`members.0.idNumberEnc`) of every sealed string in a document. */
export function sealedPaths(value: unknown, at = ''): string[] {
  if (typeof value === 'string') return SEALED.test(value) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => sealedPaths(v, at ? `${at}.${i}` : String(i)));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => sealedPaths(v, at ? `${at}.${k}` : k));
  return [];
}

/** A stored document as the console shows and edits it: relaxed EJSON, plus where its sealed values are. */
function shown(doc: Doc): { _id: unknown; ejson: string; sealed: string[] } {
  return { _id: doc._id, ejson: EJSON.stringify(doc, undefined, 2, { relaxed: true }), sealed: sealedPaths(doc) };
}

export class ConsoleApi {
  constructor(private readonly deps: ConsoleDeps) {}

  /** Serves `/console/api/<parts>`; `body` is the parsed JSON object of a POST/PUT (else `{}`). */
  async handle(method: string, parts: string[], query: URLSearchParams, body: Record<string, unknown>) {
    const slots = PARAMETERS[parts[0]] ?? [];
    switch (`${method} ${parts.map((p, i) => (slots.includes(i) ? '*' : p)).join('/')}`) {
      case 'GET overview':
        return this.overview();
      case 'GET collections':
        return this.collections();
      case 'GET collections/*/documents':
        return this.browse(parts[1], query);
      case 'GET collections/*/documents/*':
        return this.document(parts[1], parts[3]);
      case 'PUT collections/*/documents/*':
        return this.replace(parts[1], parts[3], body);
      case 'DELETE collections/*/documents/*':
        return this.remove(parts[1], parts[3]);
      case 'GET calls':
        return { calls: this.deps.calls.after(Number(query.get('since')) || 0, query.get('filter') ?? '') };
      case 'POST call':
        return this.call(body);
      case 'POST triggers/*/*':
        return this.fire(parts[1], parts[2]);
      case 'GET clock':
        return this.clockState();
      case 'POST clock':
        return this.setClock(body);
      case 'GET files':
        return this.files();
      case 'GET outbox':
        return { messages: this.deps.openapi.outbox(), refusals: this.deps.openapi.refusals() };
      default:
        throw new ConsoleError(404, 'NOT_FOUND', `no console route ${method} /console/api/${parts.join('/')}`);
    }
  }

  private overview() {
    const { envId, personas, functionsDir } = this.deps;
    return { envId, personas, functions: listFunctions(functionsDir), clock: this.clockState() };
  }

  private collections() {
    const { store } = this.deps;
    const collections = store
      .collectionNames()
      .sort()
      .map((name) => {
        const coll = store.collection(name);
        return { name, count: coll.docs.size, indexes: coll.indexes.map((i) => i.spec) };
      });
    return { collections };
  }

  /** A page of a collection: `filter` (an EJSON query, mingo), `sort` (`{"field": 1 | -1}`), `skip`, `limit`. */
  private browse(name: string, query: URLSearchParams) {
    const filter = ejsonObject(query.get('filter'), 'filter');
    const sort = ejsonObject(query.get('sort'), 'sort');
    const skip = wholeNumber(query.get('skip'), 'skip', 0);
    const limit = Math.min(wholeNumber(query.get('limit'), 'limit', 20), MAX_PAGE);
    const params = { collectionName: name, query: encode(filter) };
    const total = this.db<{ total: number }>('database.calculateDocument', params).total;
    const list =
      limit === 0
        ? []
        : this.db<{ list: string[] }>('database.getDocument', {
            ...params,
            queryType: 'WHERE',
            order: encode(sort),
            offset: skip,
            limit,
          }).list;
    return { total, skip, limit, documents: list.map((text) => shown(decode(text) as Doc)) };
  }

  private document(name: string, id: string) {
    const doc = this.deps.store.collection(name).docs.get(id);
    if (!doc) throw new ConsoleError(404, 'NOT_FOUND', `no document ${id} in ${name}`);
    return shown(doc);
  }

  /** Replaces a document with `{ ejson }` as the SDK's `doc(id).set()` does (indexes, unique keys, geo checks). */
  private replace(name: string, id: string, body: Record<string, unknown>) {
    this.document(name, id);
    if (typeof body.ejson !== 'string') throw badInput('ejson', 'the document as EJSON text is required');
    const doc = ejsonObject(body.ejson, 'ejson');
    if (doc._id !== undefined && doc._id !== id) throw badInput('ejson', '_id cannot change');
    delete doc._id;
    const operator = Object.keys(doc).find((k) => k.startsWith('$'));
    if (operator) throw badInput('ejson', `a field name cannot start with $ (${operator})`);
    const params = { collectionName: name, queryType: 'DOC', query: encode({ _id: id }), merge: false };
    const { updated } = this.db<{ updated: number }>('database.modifyDocument', { ...params, data: encode(doc) });
    return { updated, document: this.document(name, id) };
  }

  private remove(name: string, id: string) {
    const params = { collectionName: name, queryType: 'DOC', query: encode({ _id: id }) };
    const { deleted } = this.db<{ deleted: number }>('database.removeDocument', params);
    if (!deleted) throw new ConsoleError(404, 'NOT_FOUND', `no document ${id} in ${name}`);
    return { deleted };
  }

  /** A database action through the same handler as `/admin`; its refusals become the console's 400/404. */
  private db<T>(action: string, params: Record<string, unknown>): T {
    try {
      return this.deps.database.handle(action, params).data as T;
    } catch (err) {
      if (!(err instanceof CloudError)) throw err;
      const status = err.code === 'DATABASE_COLLECTION_NOT_EXIST' ? 404 : 400;
      throw new ConsoleError(status, err.code, err.message);
    }
  }

  /**
   * Calls a function as the mini program would (`POST /fn`): `{ function, openid?, event }` where `event` is a JSON
   * object; answers the HTTP status `/fn` would, its body, and the invocation's request id, time and /admin calls.
   */
  private async call(body: Record<string, unknown>) {
    const name = body.function;
    if (typeof name !== 'string' || !this.deps.functionExists(name))
      throw badInput('function', `no function ${String(name)}`);
    const openid = body.openid ?? null;
    if (openid !== null && (typeof openid !== 'string' || openid.length > 128))
      throw badInput('openid', 'a string of at most 128 characters, or null for no identity');
    if (!isPlainObject(body.event)) throw badInput('event', 'the event must be a JSON object');
    let result: InvocationResult;
    try {
      result = await this.deps.invoke(name, body.event, {
        openid: openid || undefined,
        appid: this.deps.appId,
        source: 'wx_client',
        clientIp: '127.0.0.1',
      });
    } catch (err) {
      if (err instanceof CloudError) throw badInput('event', err.message);
      throw err;
    }
    const { invocation } = result;
    const answer = result.ok
      ? { status: 200, body: JSON.parse(result.json) as unknown }
      : { status: 500, body: { errCode: result.errCode, errMsg: result.errMsg, requestId: invocation.requestId } };
    return { ...answer, requestId: invocation.requestId, ms: result.ms, dbCalls: invocation.dbCalls };
  }

  private async fire(functionName: string, triggerName: string) {
    const { triggers } = this.deps;
    if (!triggers.has(functionName, triggerName))
      throw new ConsoleError(404, 'NOT_FOUND', `no timer trigger ${triggerName} in ${functionName}/config.json`);
    const run = await triggers.fire(functionName, triggerName);
    const trigger = { functionName, name: triggerName, time: run.time };
    const { result } = run;
    if (result.ok)
      return { trigger, result: JSON.parse(result.json) as unknown, requestId: result.invocation.requestId };
    return {
      trigger,
      error: { errCode: result.errCode, errMsg: result.errMsg },
      requestId: result.invocation.requestId,
    };
  }

  private clockState() {
    const { clock, triggers } = this.deps;
    return { offsetMs: clock.offsetMs, now: new Date(clock.now()).toISOString(), triggers: triggers.list() };
  }

  /** `{ offset }`: milliseconds, or a duration such as `3d`, `-2h` (clock.ts parseOffset); `0` resets. */
  private setClock(body: Record<string, unknown>) {
    const { offset } = body;
    try {
      if (typeof offset === 'number') this.deps.clock.set(offset);
      else if (typeof offset === 'string') this.deps.clock.set(parseOffset(offset));
      else throw new RangeError('a number of milliseconds or a duration such as 3d, -2h');
    } catch (err) {
      throw badInput('offset', (err as Error).message);
    }
    return this.clockState();
  }

  /** Every stored file with its owner and size; images carry a short-lived signed URL for their preview. */
  private files() {
    const { storage } = this.deps;
    const files = storage.list().map((f) => {
      const contentType = storage.contentTypeOf(f.path);
      const fileid = storage.fileIdOf(f.path);
      const preview = contentType.startsWith('image/')
        ? String(storage.downloadUrls([{ fileid, max_age: PREVIEW_MAX_AGE_S }])[0].tempFileURL)
        : null;
      return { ...f, folder: f.path.split('/')[0], uploadedAt: new Date(f.uploadedAt).toISOString(), preview };
    });
    return { files };
  }
}

function badInput(field: string, message: string): ConsoleError {
  return new ConsoleError(400, 'INVALID_PARAM', `${field}: ${message}`);
}

/** An EJSON object from the console (empty = `{}`); 400 naming `field` otherwise. */
function ejsonObject(text: string | null, field: string): Doc {
  if (text === null || text.trim() === '') return {};
  let value: unknown;
  try {
    value = decode(text);
  } catch (err) {
    const why = err instanceof JsonTooDeepError ? err.message : `not EJSON (${(err as Error).message})`;
    throw badInput(field, why);
  }
  if (!isPlainObject(value)) throw badInput(field, 'must be an object');
  return value;
}

function wholeNumber(text: string | null, field: string, fallback: number): number {
  if (text === null || text === '') return fallback;
  if (!/^\d{1,9}$/.test(text)) throw badInput(field, 'must be a whole number');
  return Number(text);
}

/** The JSON object body of a console request (`{}` when empty); 400 otherwise. */
export function consoleBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (err) {
    throw badInput('body', (err as Error).message);
  }
  if (!isPlainObject(value)) throw badInput('body', 'must be a JSON object');
  return value;
}

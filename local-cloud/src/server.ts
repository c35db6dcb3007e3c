import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';
import { DatabaseApi, type Params } from './database';
import { CloudError } from './errors';
import { FunctionHost, type CallerContext, type Invocation, type InvocationResult } from './functions';
import { OpenApi } from './openapi';
import { LocalStorage } from './storage';
import { Store, type CollectionSpec } from './store';

export interface LocalCloudOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  dataDir: string;
  /** Declared collections and their indexes; any other collection does not exist until created. */
  collections: CollectionSpec[];
  /** Folder holding one bundled function per sub-folder (`<name>/index.js`). */
  functionsDir: string;
  /** Environment variables given to every function (their cloud configuration). */
  functionEnv?: Record<string, string>;
  envId?: string;
  appId?: string;
  maxWorkersPerFunction?: number;
  functionTimeoutMs?: number;
  secWords?: string[];
  /** Where the one-line-per-invocation log goes (default: stdout). */
  log?: (line: string) => void;
}

export interface LocalCloud {
  url: string;
  port: number;
  store: Store;
  storage: LocalStorage;
  openapi: OpenApi;
  close(): Promise<void>;
}

const JSON_LIMIT = 6 * 1024 * 1024;
const FILE_LIMIT = 50 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.errMsg ?? body.message ?? status));
  }
}

/**
 * Starts the local cloud: the CloudBase server API on `/admin` (as wx-server-sdk and @cloudbase/node-sdk speak it),
 * functions on `/fn/<name>`, storage downloads on `/storage/...`, the subscribe-message outbox on `/outbox`,
 * and `/healthz`.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const envId = options.envId ?? 'local';
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const store = new Store(options.dataDir, options.collections);
  const database = new DatabaseApi(store);
  let baseUrl = '';
  const storage = new LocalStorage(options.dataDir, store.sqlite, envId, () => baseUrl);
  const openapi = new OpenApi(store.sqlite, options.secWords);
  const functions = new FunctionHost({
    functionsDir: options.functionsDir,
    envId,
    adminUrlFor: (workerId) => `${baseUrl}/admin/w/${workerId}`,
    env: options.functionEnv ?? {},
    maxWorkersPerFunction: options.maxWorkersPerFunction ?? 32,
    timeoutMs: options.functionTimeoutMs ?? 20_000,
  });

  async function invoke(name: string, event: unknown, caller: CallerContext): Promise<InvocationResult> {
    const result = await functions.invoke(name, event, caller);
    log(logLine(result));
    return result;
  }

  async function handleAdmin(
    req: http.IncomingMessage,
    invocation: Invocation | undefined,
  ): Promise<Record<string, unknown> | Buffer> {
    const params = await readAdminParams(req);
    const action = params.action;
    if (typeof action !== 'string') throw new CloudError('INVALID_PARAM', 'action is required');
    if (invocation && action.startsWith('database.')) invocation.dbCalls++;
    if (action.startsWith('database.')) return database.handle(action, params);
    switch (action) {
      case 'storage.getUploadMetadata':
        return { data: storage.uploadMetadata(params.path, invocation?.caller.openid ?? null) };
      case 'storage.batchGetDownloadUrl':
        return { data: { download_list: storage.downloadUrls(params.file_list) } };
      case 'storage.batchDeleteFile':
        return { data: { delete_list: storage.delete(params.fileid_list) } };
      case 'functions.invokeFunction': {
        const name = params.function_name;
        if (typeof name !== 'string' || !functions.exists(name)) {
          throw new CloudError('FUNCTIONS_REQUEST_FAIL', `FunctionName parameter could not be found: ${String(name)}`);
        }
        let event: unknown;
        try {
          event = params.request_data ? JSON.parse(String(params.request_data)) : {};
        } catch {
          throw new CloudError('INVALID_PARAM', 'request_data must be JSON');
        }
        // A function calling a function: the callee has no user identity, and SOURCE records the hop.
        const source = invocation ? `${invocation.caller.source},scf` : 'scf';
        const result = await invoke(name, event, { source });
        if (!result.ok) throw new CloudError('FUNCTIONS_EXECUTE_FAIL', result.errMsg);
        return { data: { response_data: result.json } };
      }
      case 'wx.openApi': {
        if (typeof params.apiName !== 'string' || !Buffer.isBuffer(params.requestData)) {
          throw new CloudError('INVALID_PARAM', 'apiName and requestData are required');
        }
        return openapi.handle(params.apiName, params.requestData);
      }
      default:
        throw new CloudError('INVALID_PARAM', `unknown action: ${action}`);
    }
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';

    if (method === 'GET' && url.pathname === '/healthz') return sendJson(res, 200, { ok: true });
    // A bare echo on the same server: the baseline the benchmark compares /fn invocation overhead with.
    if (method === 'POST' && url.pathname === '/echo')
      return send(res, 200, 'application/json', await readBody(req, JSON_LIMIT));

    if (parts[0] === 'admin' && method === 'POST' && (parts.length === 1 || (parts.length === 3 && parts[1] === 'w'))) {
      const invocation = parts.length === 3 ? functions.invocationOf(Number(parts[2])) : undefined;
      const requestId = url.searchParams.get('seqId') ?? crypto.randomUUID();
      try {
        const result = await handleAdmin(req, invocation);
        if (Buffer.isBuffer(result)) return send(res, 200, 'application/octet-stream', result);
        return sendJson(res, 200, { requestId, ...result });
      } catch (err) {
        if (err instanceof HttpError) throw err;
        if (err instanceof CloudError)
          return sendJson(res, err.httpStatus, { requestId, code: err.code, message: err.message });
        throw err;
      }
    }

    if (parts[0] === 'fn' && parts.length === 2 && method === 'POST') {
      const name = decodeURIComponent(parts[1]);
      if (!functions.exists(name))
        throw new HttpError(404, { errCode: -501000, errMsg: `FunctionName parameter could not be found: ${name}` });
      const body = await readBody(req, JSON_LIMIT);
      const event = parseJsonObject(body);
      const openid = header(req, 'x-wx-openid');
      const result = await invoke(name, event, {
        openid,
        appid: options.appId ?? 'wxlocalcloud000000',
        unionid: header(req, 'x-wx-unionid'),
        source: 'wx_client',
        clientIp: req.socket.remoteAddress ?? '127.0.0.1',
      });
      res.setHeader('x-request-id', result.invocation.requestId);
      res.setHeader('x-db-calls', String(result.invocation.dbCalls));
      res.setHeader('x-duration-ms', String(result.ms));
      if (result.ok) return send(res, 200, 'application/json', Buffer.from(result.json));
      return sendJson(res, 500, {
        errCode: result.errCode,
        errMsg: result.errMsg,
        requestId: result.invocation.requestId,
      });
    }

    if (parts[0] === 'storage') {
      if (method === 'PUT' && parts[1] === 'upload' && parts.length === 3) {
        storage.completeUpload(parts[2], await readBody(req, FILE_LIMIT));
        return send(res, 200, 'application/xml', Buffer.alloc(0));
      }
      if (method === 'PUT' && parts[1] === 'client' && parts.length > 2) {
        // The mini program's wx.cloud.uploadFile in local mode: the caller owns what it uploads.
        const openid = header(req, 'x-wx-openid');
        if (!openid) throw new HttpError(401, { errCode: -501007, errMsg: 'X-WX-OPENID is required to upload' });
        const cloudPath = parts.slice(2).map(decodeURIComponent).join('/');
        const fileID = storage.write(cloudPath, await readBody(req, FILE_LIMIT), openid);
        return sendJson(res, 200, { fileID, errMsg: 'uploadFile:ok' });
      }
      if (method === 'GET' && parts[1] === 'file' && parts.length > 2) {
        const cloudPath = parts.slice(2).map(decodeURIComponent).join('/');
        const file = storage.read(cloudPath, url.searchParams.get('t'), url.searchParams.get('sign'));
        if (!file)
          throw new HttpError(403, { errCode: -503002, errMsg: 'the URL is expired, forged, or the file is gone' });
        return send(res, 200, file.contentType, file.body);
      }
    }

    if (parts[0] === 'outbox' && parts.length === 1) {
      if (method === 'GET') return sendJson(res, 200, { messages: openapi.outbox() });
      if (method === 'DELETE') {
        openapi.clearOutbox();
        return sendJson(res, 200, { ok: true });
      }
    }
    if (parts[0] === 'outbox' && parts[1] === 'refuse' && method === 'POST') {
      const body = parseJsonObject(await readBody(req, JSON_LIMIT));
      if (typeof body.openid !== 'string' || !body.openid)
        throw new HttpError(400, { errCode: -501007, errMsg: 'openid is required' });
      openapi.refuseSubscriptions(body.openid);
      return sendJson(res, 200, { ok: true });
    }

    throw new HttpError(404, { errCode: -501000, errMsg: `no route for ${method} ${url.pathname}` });
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) return sendJson(res, err.status, err.body);
      if (err instanceof CloudError)
        return sendJson(res, err.httpStatus === 200 ? 400 : err.httpStatus, { code: err.code, message: err.message });
      log(`[local-cloud] internal error on ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
      return sendJson(res, 500, { errCode: -501001, errMsg: 'local cloud internal error' });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;

  return {
    url: baseUrl,
    port,
    store,
    storage,
    openapi,
    async close() {
      await functions.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}

function logLine(r: InvocationResult): string {
  const inv = r.invocation;
  let code: string;
  if (!r.ok) code = `ERR${r.errCode}`;
  else code = resultCode(r.json);
  return `[fn] ${inv.functionName} action=${inv.action ?? '-'} caller=${inv.caller.openid ?? '-'} source=${inv.caller.source} ms=${r.ms} db=${inv.dbCalls} code=${code} req=${inv.requestId}`;
}

/** The code of an `{ ok, error: { code } }` envelope, if the function answers with one. */
function resultCode(json: string): string {
  try {
    const value = JSON.parse(json) as { ok?: unknown; error?: { code?: unknown } } | null;
    if (value && typeof value === 'object') {
      if (value.error && typeof value.error.code === 'string') return value.error.code;
      if (value.ok === true) return 'OK';
    }
  } catch {
    /* not JSON: cannot happen, the worker produced it */
  }
  return '-';
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s ? s : undefined;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is read and dropped, so that the client gets its 413 instead of a reset connection.
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => {
      if (size > limit) reject(new HttpError(413, { errCode: -501007, errMsg: `request body exceeds ${limit} bytes` }));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, { errCode: -501007, errMsg: `invalid JSON body: ${(err as Error).message}` });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, { errCode: -501007, errMsg: 'the body must be a JSON object' });
  }
  return value as Record<string, unknown>;
}

/** `/admin` bodies are JSON, or multipart form data for the open-API calls (requestData is binary). */
async function readAdminParams(req: http.IncomingMessage): Promise<Params> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) {
    try {
      return parseJsonObject(await readBody(req, JSON_LIMIT));
    } catch (err) {
      if (err instanceof HttpError) throw new CloudError('INVALID_PARAM', String(err.body.errMsg), err.status);
      throw err;
    }
  }
  return new Promise((resolve, reject) => {
    const params: Params = {};
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: JSON_LIMIT } });
    } catch (err) {
      reject(new CloudError('INVALID_PARAM', `bad multipart body: ${(err as Error).message}`, 400));
      return;
    }
    bb.on('field', (name, value) => (params[name] = value));
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => (params[name] = Buffer.concat(chunks)));
    });
    bb.on('close', () => resolve(params));
    bb.on('error', (err) =>
      reject(new CloudError('INVALID_PARAM', `bad multipart body: ${(err as Error).message}`, 400)),
    );
    req.pipe(bb);
  });
}

function send(res: http.ServerResponse, status: number, contentType: string, body: Buffer): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', Buffer.from(JSON.stringify(body)));
}

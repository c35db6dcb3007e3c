import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';
import {
  AuthError,
  LocalAuth,
  consoleTokenOf,
  hostMatcher,
  loadOrCreateCredentials,
  type BeginOptions,
  type LocalCredentials,
} from './auth';
import { CallLog, resultCodeOf } from './call-log';
import { Clock, formatOffset } from './clock';
import {
  CONSOLE_HEADERS,
  ConsoleApi,
  ConsoleError,
  consoleBody,
  consoleStaticFile,
  type ConsolePersona,
} from './console';
import { DatabaseApi, type Params } from './database';
import { CloudError } from './errors';
import {
  FunctionHost,
  machinePoolLimits,
  type CallerContext,
  type Invocation,
  type InvocationResult,
  type PoolLimits,
} from './functions';
import { JsonTooDeepError, parseJson } from './json';
import { logField } from './log';
import { OpenApi } from './openapi';
import { ensurePrivateDir } from './private-files';
import { LocalStorage } from './storage';
import { Store, type CollectionSpec } from './store';
import { TimerTriggers } from './triggers';

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
  /** Function instances of all functions together (default: sized to the machine, see machinePoolLimits). */
  maxInstances?: number;
  /** Function instances of one function (default: sized to the machine). */
  maxWorkersPerFunction?: number;
  /** Instances loading their module at the same time (default: one per core). */
  maxColdStarts?: number;
  /** The time limit of a function whose config.json sets no `timeout` (default 20 s). */
  functionTimeoutMs?: number;
  /** The clock's offset from the real time at start, in ms (`POST /clock` changes it). */
  clockOffsetMs?: number;
  /** Fire timer triggers on their schedule (default true); `POST /triggers/...` fires them either way. */
  scheduleTimers?: boolean;
  secWords?: string[];
  /**
   * Top folders the mini program may upload into through `/storage/client` (each only as
   * `<folder>/<own openid>/<file name>`); unset, any folder, but still only the caller's own sub-folder.
   */
  clientUploadFolders?: string[];
  /** Where the one-line-per-invocation log goes (default: stdout). */
  log?: (line: string) => void;
  /** Callers the console's call form offers (e.g. a project's demo users); any openid can be typed as well. */
  personas?: ConsolePersona[];
}

export interface LocalCloud {
  url: string;
  port: number;
  store: Store;
  storage: LocalStorage;
  openapi: OpenApi;
  /** The pair `/admin` requires (`DATA_DIR/credentials.json`), also the functions' TENCENTCLOUD_SECRETID/SECRETKEY. */
  credentials: LocalCredentials;
  /** The clock the functions and the database see (`POST /clock`). */
  clock: Clock;
  /** The web console with its token in the fragment: `<url>/console/#token=<console token>`. */
  consoleUrl: string;
  /** The function pool's limits and its state now. */
  pool: { limits: PoolLimits; stats(): { instances: number; loading: number; busy: number; queued: number } };
  close(): Promise<void>;
}

const JSON_LIMIT = 6 * 1024 * 1024;
const FILE_LIMIT = 50 * 1024 * 1024;
/** Routes behind the lock of auth.ts: they check Host themselves and answer 401, not 403, for a foreign one. */
const LOCKED_ROUTES = new Set(['admin', 'clock', 'triggers', 'console']);
/** How the 401 of a locked route names the refusal (the platform's code for a bad signature). */
const AUTH_FAILED = 'SIGN_PARAM_INVALID';

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
 * the web console on `/console/` (console.ts), and `/healthz`.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const envId = options.envId ?? 'local';
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => process.stdout.write(line + '\n'));
  ensurePrivateDir(options.dataDir);
  const credentials = loadOrCreateCredentials(options.dataDir);
  const clock = new Clock(options.clockOffsetMs ?? 0);
  const now = () => clock.now();
  const store = new Store(options.dataDir, options.collections);
  const database = new DatabaseApi(store, now);
  let baseUrl = '';
  const storage = new LocalStorage(options.dataDir, store.sqlite, envId, () => baseUrl, options.clientUploadFolders);
  const openapi = new OpenApi(store.sqlite, options.secWords, now);
  const machine = machinePoolLimits();
  const maxInstances = Math.max(1, options.maxInstances ?? machine.maxInstances);
  const functions = new FunctionHost({
    functionsDir: options.functionsDir,
    envId,
    adminUrlFor: (workerId) => `${baseUrl}/admin/w/${workerId}`,
    env: options.functionEnv ?? {},
    credentials,
    limits: {
      maxInstances,
      maxInstancesPerFunction: Math.min(options.maxWorkersPerFunction ?? machine.maxInstancesPerFunction, maxInstances),
      maxColdStarts: options.maxColdStarts ?? machine.maxColdStarts,
    },
    timeoutMs: options.functionTimeoutMs ?? 20_000,
    clock,
  });

  const calls = new CallLog();
  async function invoke(name: string, event: unknown, caller: CallerContext): Promise<InvocationResult> {
    const result = await functions.invoke(name, event, caller);
    log(logLine(result, clock));
    calls.add(result);
    return result;
  }

  if (clock.offsetMs) log(clockLine(clock));
  clock.onChange(() => log(clockLine(clock)));
  const triggers = new TimerTriggers({
    functionsDir: options.functionsDir,
    clock,
    // A timer's call carries no user: no OPENID, SOURCE wx_trigger.
    invoke: (name, event) => invoke(name, event, { source: 'wx_trigger' }),
    log,
    schedule: options.scheduleTimers ?? true,
  });
  const consoleApi = new ConsoleApi({
    envId,
    appId: options.appId ?? 'wxlocalcloud000000',
    functionsDir: options.functionsDir,
    store,
    database,
    storage,
    openapi,
    clock,
    triggers,
    calls,
    personas: options.personas ?? [],
    functionExists: (name) => functions.exists(name),
    invoke,
  });

  async function handleAdmin(
    params: Params,
    invocation: Invocation | undefined,
  ): Promise<Record<string, unknown> | Buffer> {
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
          event = params.request_data ? parseJson(String(params.request_data)) : {};
        } catch (err) {
          throw new CloudError(
            'INVALID_PARAM',
            err instanceof JsonTooDeepError ? `request_data is ${err.message}` : 'request_data must be JSON',
          );
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
    // A page the developer visits cannot reach this server through DNS rebinding: its Host is not ours.
    if (!LOCKED_ROUTES.has(parts[0]) && !auth.hostAllowed(req.headers.host)) {
      throw new HttpError(403, {
        errCode: -501007,
        errMsg: `Host ${logField(req.headers.host)} is not this local cloud`,
      });
    }

    if (method === 'GET' && url.pathname === '/healthz') return sendJson(res, 200, { ok: true });
    // A bare echo on the same server: the baseline the benchmark compares /fn invocation overhead with.
    if (method === 'POST' && url.pathname === '/echo')
      return send(res, 200, 'application/json', await readBody(req, JSON_LIMIT));

    if (parts[0] === 'admin' && method === 'POST' && (parts.length === 1 || (parts.length === 3 && parts[1] === 'w'))) {
      const fromInstance = parts.length === 3;
      const invocation = fromInstance ? functions.invocationOf(Number(parts[2])) : undefined;
      const requestId = url.searchParams.get('seqId') ?? crypto.randomUUID();
      try {
        // A function instance signs with its own (shifted) clock; any other caller with the real one.
        const params = await readLockedBody(req, auth, {
          multipart: true,
          nowMs: fromInstance ? clock.now() : undefined,
        });
        const result = await handleAdmin(params, invocation);
        if (Buffer.isBuffer(result)) return send(res, 200, 'application/octet-stream', result);
        return sendJson(res, 200, { requestId, ...result });
      } catch (err) {
        if (err instanceof AuthError) return sendJson(res, 401, { requestId, code: AUTH_FAILED, message: err.message });
        if (err instanceof HttpError)
          return sendJson(res, err.status, { requestId, code: 'INVALID_PARAM', message: String(err.body.errMsg) });
        if (err instanceof CloudError)
          return sendJson(res, err.httpStatus, { requestId, code: err.code, message: err.message });
        throw err;
      }
    }

    if (parts[0] === 'fn' && parts.length === 2 && method === 'POST') {
      const name = decodeSegment(parts[1]);
      if (!functions.exists(name))
        throw new HttpError(404, { errCode: -501000, errMsg: `FunctionName parameter could not be found: ${name}` });
      const body = await readBody(req, JSON_LIMIT);
      const event = parseJsonObject(body);
      const openid = header(req, 'x-wx-openid');
      let result: InvocationResult;
      try {
        result = await invoke(name, event, {
          openid,
          appid: options.appId ?? 'wxlocalcloud000000',
          unionid: header(req, 'x-wx-unionid'),
          source: 'wx_client',
          clientIp: req.socket.remoteAddress ?? '127.0.0.1',
        });
      } catch (err) {
        // The event could not be handed to an instance (which is free again): the caller's input, not a crash.
        if (err instanceof CloudError) throw new HttpError(400, { errCode: -501007, errMsg: err.message });
        throw err;
      }
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
        try {
          storage.completeUpload(parts[2], await readBody(req, FILE_LIMIT));
        } catch (err) {
          if (!(err instanceof CloudError)) throw err;
          // The SDK reads this answer as COS's XML: a JSON body would fail it with a parse error instead.
          return send(res, err.httpStatus === 200 ? 400 : err.httpStatus, 'application/xml', cosError(err));
        }
        return send(res, 200, 'application/xml', Buffer.alloc(0));
      }
      if (method === 'PUT' && parts[1] === 'client' && parts.length > 2) {
        // The mini program's wx.cloud.uploadFile in local mode, under the storage rule the product deploys: the
        // caller writes only into its own folder and owns what it uploads.
        const openid = header(req, 'x-wx-openid');
        if (!openid) throw new HttpError(401, { errCode: -501007, errMsg: 'X-WX-OPENID is required to upload' });
        const cloudPath = parts.slice(2).map(decodeSegment).join('/');
        const refuse = () => {
          const reason = storage.clientWriteRefusal(cloudPath, openid);
          if (reason) throw new HttpError(403, { errCode: -503002, errMsg: `uploadFile:fail ${reason}` });
        };
        refuse();
        const body = await readBody(req, FILE_LIMIT);
        // Checked again with the bytes in hand: another upload may have taken the path meanwhile.
        refuse();
        const fileID = storage.write(cloudPath, body, openid);
        return sendJson(res, 200, { fileID, errMsg: 'uploadFile:ok' });
      }
      if (method === 'GET' && parts[1] === 'file' && parts.length > 2) {
        const cloudPath = parts.slice(2).map(decodeSegment).join('/');
        const file = storage.read(cloudPath, url.searchParams.get('t'), url.searchParams.get('sign'));
        if (!file)
          throw new HttpError(403, { errCode: -503002, errMsg: 'the URL is expired, forged, or the file is gone' });
        return send(res, 200, file.contentType, file.body);
      }
    }

    if (parts[0] === 'clock' && parts.length === 1 && (method === 'GET' || method === 'POST')) {
      const body = await readLockedBody(req, auth);
      if (method === 'POST') {
        const offsetMs = body.offsetMs;
        if (typeof offsetMs !== 'number') throw badInput('offsetMs is required: a number of milliseconds');
        try {
          clock.set(offsetMs);
        } catch (err) {
          throw badInput((err as Error).message);
        }
      }
      return sendJson(res, 200, { offsetMs: clock.offsetMs, now: new Date(clock.now()).toISOString() });
    }

    if (parts[0] === 'triggers' && parts.length === 1 && method === 'GET') {
      await readLockedBody(req, auth);
      return sendJson(res, 200, { triggers: triggers.list() });
    }
    if (parts[0] === 'triggers' && parts.length === 3 && method === 'POST') {
      await readLockedBody(req, auth);
      const [functionName, triggerName] = [decodeSegment(parts[1]), decodeSegment(parts[2])];
      if (!triggers.has(functionName, triggerName))
        throw new HttpError(404, {
          errCode: -501000,
          errMsg: `no timer trigger ${logField(triggerName)} in ${logField(functionName)}/config.json`,
        });
      const run = await triggers.fire(functionName, triggerName);
      const trigger = { functionName, name: triggerName, time: run.time };
      if (run.result.ok) return sendJson(res, 200, { trigger, result: JSON.parse(run.result.json) as unknown });
      return sendJson(res, 200, { trigger, error: { errCode: run.result.errCode, errMsg: run.result.errMsg } });
    }

    if (parts[0] === 'console') return serveConsole(req, res, url, parts.slice(1));

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

  /**
   * `/console/`: the static files to this server's Host (403 otherwise), `/console/api/*` to the console token
   * (401 otherwise, a foreign Host included).
   */
  async function serveConsole(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    parts: string[],
  ): Promise<void> {
    const method = req.method ?? 'GET';
    if (parts[0] !== 'api') {
      if (!auth.hostAllowed(req.headers.host))
        throw new HttpError(403, {
          errCode: -501007,
          errMsg: `Host ${logField(req.headers.host)} is not this local cloud`,
        });
      // Relative module paths need the trailing slash; the fragment (the token) survives the redirect.
      if (url.pathname === '/console') {
        res.writeHead(301, { location: '/console/' });
        return void res.end();
      }
      const file = method === 'GET' && parts.length <= 1 ? consoleStaticFile(parts[0] ?? '') : undefined;
      if (!file) throw new HttpError(404, { errCode: -501000, errMsg: `no console file ${logField(url.pathname)}` });
      return send(res, 200, file.contentType, file.body, CONSOLE_HEADERS);
    }
    const withBody = method === 'POST' || method === 'PUT';
    auth.checkConsole(req, withBody);
    try {
      const body = withBody ? consoleBody((await readBody(req, JSON_LIMIT)).toString('utf8')) : {};
      const answer = await consoleApi.handle(method, parts.slice(1).map(decodeSegment), url.searchParams, body);
      return sendJson(res, 200, answer, CONSOLE_HEADERS);
    } catch (err) {
      if (err instanceof ConsoleError)
        return sendJson(res, err.status, { code: err.code, message: err.message }, CONSOLE_HEADERS);
      throw err;
    }
  }

  // The Host check needs the port, known once listening (no request is served before that).
  let hostAllowed: (host: string | undefined) => boolean = () => false;
  const auth = new LocalAuth(credentials, (h) => hostAllowed(h));
  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) return sendJson(res, err.status, err.body);
      if (err instanceof AuthError) return sendJson(res, 401, { code: AUTH_FAILED, message: err.message });
      if (err instanceof CloudError)
        return sendJson(res, err.httpStatus === 200 ? 400 : err.httpStatus, { code: err.code, message: err.message });
      const where = `${logField(req.method)} ${logField(req.url, 200)}`;
      log(`[local-cloud] internal error on ${where}: ${(err as Error)?.stack ?? String(err)}`);
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
  hostAllowed = hostMatcher(host, port);
  // Only now can an instance reach /admin: the schedule starts here.
  triggers.start();

  return {
    url: baseUrl,
    port,
    store,
    storage,
    openapi,
    credentials,
    clock,
    consoleUrl: `${baseUrl}/console/#token=${consoleTokenOf(credentials)}`,
    pool: { limits: functions.limits, stats: () => functions.stats() },
    async close() {
      triggers.close();
      await functions.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}

function logLine(r: InvocationResult, clock: Clock): string {
  const inv = r.invocation;
  const code = resultCodeOf(r);
  // Every field a caller can choose is escaped and cut (log.ts): a newline in an action cannot forge a line.
  const line = `[fn] ${logField(inv.functionName)} action=${logField(inv.action)} caller=${logField(inv.caller.openid)} source=${logField(inv.caller.source)} ms=${r.ms} db=${inv.dbCalls} code=${logField(code)} req=${inv.requestId}`;
  // On a shifted clock every line says what time the functions saw.
  return clock.offsetMs ? `${line} clock=${new Date(clock.now()).toISOString()}` : line;
}

function clockLine(clock: Clock): string {
  const shift = clock.offsetMs ? `shifted ${formatOffset(clock.offsetMs)}` : 'real time';
  return `[clock] ${shift}: the functions' time is ${new Date(clock.now()).toISOString()}`;
}

/** The caller's mistake in the body of a local-cloud route: 400, naming the field. */
function badInput(message: string): HttpError {
  return new HttpError(400, { errCode: -501007, errMsg: message });
}

/** A refused upload PUT in the shape of COS's error document (what the SDK's uploadFile parses). */
function cosError(err: CloudError): Buffer {
  const code = err.code === 'INVALID_PARAM' ? 'InvalidArgument' : 'AccessDenied';
  const escape = (s: string) =>
    s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
  const id = crypto.randomUUID();
  return Buffer.from(
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${code}</Code><Message>${escape(err.message)}</Message>` +
      `<RequestId>${id}</RequestId><TraceId>${id}</TraceId></Error>`,
  );
}

/** A percent-encoded path segment; a malformed escape (`%E0`) is the caller's 400, not a URIError. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, {
      errCode: -501007,
      errMsg: `malformed percent-encoding in the path: ${logField(segment)}`,
    });
  }
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

/** Every JSON body goes through here: depth-limited (json.ts) before it is parsed, and an object. */
function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = parseJson(body.toString('utf8'));
  } catch (err) {
    if (err instanceof JsonTooDeepError)
      throw new HttpError(400, { errCode: -501007, errMsg: `the JSON body is ${err.message}` });
    throw new HttpError(400, { errCode: -501007, errMsg: `invalid JSON body: ${(err as Error).message}` });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, { errCode: -501007, errMsg: 'the body must be a JSON object' });
  }
  return value as Record<string, unknown>;
}

/**
 * The body of a request to a locked route (`/admin`, `/clock`, `/triggers`): AuthError
 * (answer 401) unless the request passes the lock of auth.ts, then the parsed JSON object, or with
 * `{ multipart: true }` the fields and files of a multipart body (the SDK's `wx.openApi`). HttpError 400/413 for a
 * body that is not a JSON object or is too large.
 */
export async function readLockedBody(
  req: http.IncomingMessage,
  auth: LocalAuth,
  options: BeginOptions = {},
): Promise<Params> {
  const checkSignedBody = auth.begin(req, options);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const params = type.startsWith('multipart/form-data')
    ? await readMultipart(req)
    : parseJsonObject(await readBody(req, JSON_LIMIT));
  checkSignedBody(params);
  return params;
}

/** Multipart form data (the open-API calls: requestData is binary). */
function readMultipart(req: http.IncomingMessage): Promise<Params> {
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

function send(
  res: http.ServerResponse,
  status: number,
  contentType: string,
  body: Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': body.length });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  send(res, status, 'application/json; charset=utf-8', Buffer.from(JSON.stringify(body)), headers);
}

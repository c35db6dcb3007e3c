/**
 * The lock on the local cloud's server API (`/admin`, and any other route that changes the cloud itself).
 *
 * A request is served when it carries one of:
 * - the signature `wx-server-sdk` 4.0.2 and `@cloudbase/node-sdk` 3.x put on every call: TC3-HMAC-SHA256 in its
 *   CloudBase form (`@cloudbase/signature-nodejs`, service `tcb`), in `Authorization` with the signing time in
 *   `X-Timestamp` (seconds), made with the local secretKey over the method, path, query, the signed headers (always
 *   `host` and `content-type`) and every body parameter;
 * - `Authorization: Bearer <secretKey>`, for hand-made calls (curl, tests) and node-sdk's `accessKey` option.
 * It must also be JSON (multipart only where the SDK sends it: `wx.openApi`) and name this server in `Host`, so that
 * neither a web page the developer visits (a simple `text/plain` POST) nor DNS rebinding can reach it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { logField } from './log';
import { PRIVATE_FILE_MODE, narrowFile } from './private-files';

export interface LocalCredentials {
  secretId: string;
  secretKey: string;
}

export const CREDENTIALS_FILE = 'credentials.json';
/** How old a signature may be: the SDK sends `X-Signature-Expires: 600`. */
export const MAX_SIGNATURE_AGE_S = 600;
/** How far ahead of this clock a signing clock may run. */
const MAX_CLOCK_AHEAD_S = 60;
const SECRET_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Any refusal of the lock: the route answers 401 with the message. */
export class AuthError extends Error {}

/** The pair in `DATA_DIR/credentials.json`, created (mode 0600) on the first start. */
export function loadOrCreateCredentials(dataDir: string): LocalCredentials {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  const fresh: LocalCredentials = {
    secretId: `AKIDlocal${crypto.randomBytes(12).toString('hex')}`,
    secretKey: crypto.randomBytes(32).toString('base64url'),
  };
  try {
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n', { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  narrowFile(file);
  return readCredentials(dataDir);
}

/** The credentials of the local cloud that keeps its data in `dataDir` (for scripts that talk to a running one). */
export function readCredentials(dataDir: string): LocalCredentials {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  let parsed: Partial<LocalCredentials>;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LocalCredentials>;
  } catch (err) {
    throw new Error(
      `cannot read the local cloud's credentials ${file} (${(err as Error).message}): start the local cloud once with this DATA_DIR`,
      { cause: err },
    );
  }
  if (typeof parsed.secretId !== 'string' || !SECRET_ID_PATTERN.test(parsed.secretId))
    throw new Error(`${file}: secretId must be 1-64 letters, digits, _ or -`);
  if (typeof parsed.secretKey !== 'string' || parsed.secretKey.length < 16)
    throw new Error(`${file}: secretKey must be a string of at least 16 characters`);
  return { secretId: parsed.secretId, secretKey: parsed.secretKey };
}

/**
 * The token of the web console (`/console/api/*`): derived from the secretKey (HMAC-SHA256, base64url), so that the
 * URL `npm start` prints never shows the secretKey itself, which also signs `/admin` and is every function's key.
 * Changing `credentials.json` changes it.
 */
export function consoleTokenOf(credentials: LocalCredentials): string {
  return hmac(credentials.secretKey, 'local-cloud/console/v1').toString('base64url');
}

/**
 * Which `Host` headers name this server: `host:port` as bound; on loopback also `localhost`, `127.0.0.1` and
 * `[::1]` with that port; bound to every interface (`0.0.0.0`, `::`) any host, the credentials still required.
 */
export function hostMatcher(bindHost: string, port: number): (host: string | undefined) => boolean {
  if (bindHost === '0.0.0.0' || bindHost === '::') return () => true;
  const loopback = bindHost === 'localhost' || bindHost === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bindHost);
  const names = loopback ? [bindHost, 'localhost', '127.0.0.1', '::1'] : [bindHost];
  const allowed = new Set<string>();
  for (const name of names) {
    const host = (name.includes(':') ? `[${name}]` : name).toLowerCase();
    allowed.add(`${host}:${port}`);
    if (port === 80) allowed.add(host);
  }
  return (host) => host !== undefined && allowed.has(host.toLowerCase());
}

/** Checks a request's body parameters against the signature of its headers (see `LocalAuth.begin`). */
export type BodyCheck = (params: Record<string, unknown>) => void;

export interface BeginOptions {
  /** Accept `multipart/form-data` as well as JSON (the SDK's `wx.openApi`). */
  multipart?: boolean;
  /**
   * The clock the signer ran on, in ms (default `Date.now()`): a caller whose clock is shifted on purpose signs with
   * the shifted time.
   */
  nowMs?: number;
}

interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signedParams: string[] | undefined;
  signature: string;
}

export class LocalAuth {
  private readonly keyDigest: Buffer;
  private readonly consoleDigest: Buffer;

  constructor(
    private readonly credentials: LocalCredentials,
    readonly hostAllowed: (host: string | undefined) => boolean,
  ) {
    this.keyDigest = sha256(credentials.secretKey);
    this.consoleDigest = sha256(consoleTokenOf(credentials));
  }

  /**
   * The lock on the console's data API: this server's Host and `Authorization: Bearer <console token>`
   * (consoleTokenOf), and a body, when `withBody`, in JSON. Throws AuthError. A web page elsewhere cannot send the
   * header without a CORS preflight, which this server never grants.
   */
  checkConsole(req: http.IncomingMessage, withBody: boolean): void {
    const host = headerOf(req, 'host');
    if (!this.hostAllowed(host)) throw new AuthError(`Host ${logField(host)} is not this local cloud`);
    const authorization = headerOf(req, 'authorization') ?? '';
    if (!/^Bearer\s/i.test(authorization))
      throw new AuthError('the console API needs Authorization: Bearer <console token> (the #token of its URL)');
    const given = sha256(authorization.replace(/^Bearer\s+/i, '').trim());
    if (!crypto.timingSafeEqual(given, this.consoleDigest)) throw new AuthError('the console token is wrong');
    const type = (headerOf(req, 'content-type') ?? '').toLowerCase();
    if (withBody && !/^application\/json\s*(;|$)/.test(type)) throw new AuthError('the body must be application/json');
  }

  /**
   * Everything that can be checked before the body is read: the Host, the content type, and an Authorization that
   * is the right Bearer key or a fresh TC3 signature by the local secretId. Throws AuthError; otherwise returns the
   * check of the body parameters, which the caller runs on the parsed body (a Bearer request has nothing left to
   * check). Usage: `const check = auth.begin(req); const body = parse(await read(req)); check(body);`
   */
  begin(req: http.IncomingMessage, options: BeginOptions = {}): BodyCheck {
    const host = headerOf(req, 'host');
    if (!this.hostAllowed(host)) throw new AuthError(`Host ${logField(host)} is not this local cloud`);
    const type = (headerOf(req, 'content-type') ?? '').toLowerCase();
    const json = /^application\/json\s*(;|$)/.test(type);
    const multipart = options.multipart === true && type.startsWith('multipart/form-data');
    if (!json && !multipart) throw new AuthError('the body must be application/json');

    const authorization = headerOf(req, 'authorization');
    if (!authorization)
      throw new AuthError('the request is not signed with the local credentials (DATA_DIR/credentials.json)');
    if (/^Bearer\s/i.test(authorization)) {
      const given = sha256(authorization.replace(/^Bearer\s+/i, '').trim());
      if (!crypto.timingSafeEqual(given, this.keyDigest)) throw new AuthError('the Bearer key is not the secretKey');
      return () => {};
    }

    const auth = parseTc3(authorization);
    if (!auth) throw new AuthError('Authorization is neither a TC3-HMAC-SHA256 signature nor Bearer <secretKey>');
    if (auth.secretId !== this.credentials.secretId) throw new AuthError('the signature is not by the local secretId');
    const timestamp = Number(headerOf(req, 'x-timestamp'));
    if (!Number.isSafeInteger(timestamp)) throw new AuthError('X-Timestamp (seconds) is required with a signature');
    const now = Math.floor((options.nowMs ?? Date.now()) / 1000);
    if (timestamp < now - MAX_SIGNATURE_AGE_S || timestamp > now + MAX_CLOCK_AHEAD_S)
      throw new AuthError(`the signature is stale: X-Timestamp is not within ${MAX_SIGNATURE_AGE_S} s of now`);
    if (auth.service !== 'tcb' || auth.date !== utcDate(timestamp))
      throw new AuthError('the credential scope does not match X-Timestamp');
    if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('content-type'))
      throw new AuthError('the signature must cover the host and content-type headers');
    const canonicalHeaders = auth.signedHeaders.map((name) => {
      const value = headerOf(req, name);
      if (value === undefined) throw new AuthError(`the signed header ${logField(name)} is missing`);
      return `${name}:${canonicalHeaderValue(name, value)}\n`;
    });
    const [pathname, query = ''] = splitOnce(req.url ?? '/', '?');
    const signedUrl = `//${host}${pathname}`;

    return (params) => {
      const payloadHash = hashParams(params, multipart, auth.signedParams);
      // The SDK signs the method as it passes it (`post`); accept the upper-case spelling of other signers too.
      const method = (req.method ?? 'POST').toLowerCase();
      const ok = [method, method.toUpperCase()].some((m) => {
        const canonicalRequest = [
          m,
          signedUrl,
          query,
          canonicalHeaders.join(''),
          auth.signedHeaders.join(';'),
          payloadHash,
        ].join('\n');
        const expected = tc3Signature(this.credentials.secretKey, timestamp, canonicalRequest);
        return safeEqualHex(expected, auth.signature);
      });
      if (!ok) throw new AuthError('the signature does not match the request (wrong secretKey, or a changed request)');
    };
  }
}

/** `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, [SignedParams=a;b,] SignedHeaders=h;h, Signature=<hex>` */
function parseTc3(header: string): Tc3Authorization | undefined {
  const match = /^TC3-HMAC-SHA256\s+(.*)$/s.exec(header.trim());
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const scope = (fields.get('Credential') ?? '').split('/');
  const signature = fields.get('Signature') ?? '';
  const signedHeaders = fields.get('SignedHeaders');
  if (scope.length !== 4 || scope[3] !== 'tc3_request' || !signedHeaders || !/^[0-9a-f]{64}$/.test(signature))
    return undefined;
  const signedParams = fields.get('SignedParams');
  return {
    secretId: scope[0],
    date: scope[1],
    service: scope[2],
    signedHeaders: signedHeaders.split(';').filter(Boolean),
    signedParams: signedParams === undefined ? undefined : signedParams.split(';').filter(Boolean),
    signature,
  };
}

/** As the signer formats a header: trimmed and lower-cased, except content-type, kept as sent (multipart without its boundary). */
function canonicalHeaderValue(name: string, value: string): string {
  if (name === 'content-type') return value.startsWith('multipart/form-data') ? 'multipart/form-data' : value;
  return value.trim().toLowerCase();
}

/**
 * The payload hash of the CloudBase signature: for each parameter (key lower-cased; value a string as sent, other
 * JSON values stringified, trimmed; multipart files as bytes) `&key=value\r\n`, in the order the signer lists in
 * `SignedParams` (sorted keys when it lists none). Empty values are skipped, as the signer skips them; any other
 * parameter left out of `SignedParams` makes the request unsigned.
 */
function hashParams(params: Record<string, unknown>, multipart: boolean, signedParams: string[] | undefined): string {
  const formatted = new Map<string, string | Buffer>();
  for (const [key, value] of Object.entries(params)) {
    if (!key || value === undefined) continue;
    const name = camSafeEncode(key.toLowerCase().trim());
    if (Buffer.isBuffer(value) && multipart) formatted.set(name, value);
    else formatted.set(name, (typeof value === 'string' ? value : JSON.stringify(value)).trim());
  }
  const order = signedParams ?? [...formatted.keys()].sort((a, b) => a.localeCompare(b));
  const listed = new Set(order);
  for (const [name, value] of formatted) {
    if (value.length > 0 && !listed.has(name))
      throw new AuthError(`the body parameter ${logField(name)} is not covered by the signature`);
  }
  const hash = crypto.createHash('sha256');
  for (const name of order) {
    const value = formatted.get(name);
    if (value === undefined || (typeof value === 'string' && value === '')) continue;
    hash.update(`&${name}=`);
    hash.update(value);
    hash.update('\r\n');
  }
  return hash.digest('hex');
}

function tc3Signature(secretKey: string, timestamp: number, canonicalRequest: string): string {
  const date = utcDate(timestamp);
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/tcb/tc3_request\n${sha256(canonicalRequest).toString('hex')}`;
  const secretDate = hmac(`TC3${secretKey}`, date);
  const secretService = hmac(secretDate, 'tcb');
  const secretSigning = hmac(secretService, 'tc3_request');
  return hmac(secretSigning, stringToSign).toString('hex');
}

function camSafeEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function utcDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function headerOf(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function splitOnce(s: string, separator: string): [string, string?] {
  const i = s.indexOf(separator);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}

function sha256(data: string): Buffer {
  return crypto.createHash('sha256').update(data).digest();
}

function hmac(key: string | Buffer, data: string): Buffer {
  return crypto.createHmac('sha256', key).update(data).digest();
}

function safeEqualHex(a: string, b: string): boolean {
  return a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

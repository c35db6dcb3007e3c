/**
 * Shared setup of the local cloud conformance suite: one server per test file (jest runs files in parallel),
 * a throw-away data folder, and the unmodified `wx-server-sdk` pointed at the server's `/admin`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalCredentials } from '../src/auth';
import { readCollections } from '../src/cli';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../src/server';

export type Sdk = typeof import('wx-server-sdk');
/**
 * wx-server-sdk's typings describe the callback style too (results typed `void | string | Promise`) and miss some
 * commands (`_.expr`, `$.pipeline`); the suite checks what the SDK does at run time, so it works with it untyped.
 */
export type Loose = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export const FIXTURES = path.resolve(__dirname, 'fixtures');
export const FUNCTIONS_DIR = path.join(FIXTURES, 'functions');
export const COLLECTIONS_FILE = path.join(FIXTURES, 'collections.json');
export const CLI = path.resolve(__dirname, '../dist/cli.js');

export interface TestCloud {
  cloud: LocalCloud;
  url: string;
  dataDir: string;
  /** The pair its `/admin` requires (`dataDir/credentials.json`). */
  credentials: LocalCredentials;
  /** Every invocation log line the server wrote. */
  logs: string[];
  close(): Promise<void>;
}

/** The credentials of each cloud this process started, by URL: what `loadSdk` and `admin` sign with. */
const credentialsByUrl = new Map<string, LocalCredentials>();

function credentialsOf(url: string): LocalCredentials {
  const credentials = credentialsByUrl.get(url);
  if (!credentials) throw new Error(`no test cloud started at ${url}: pass its credentials`);
  return credentials;
}

export function tempDir(prefix = 'local-cloud-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Starts a local cloud on a free port with the fixture functions and collections. */
export async function startTestCloud(options: Partial<LocalCloudOptions> = {}): Promise<TestCloud> {
  if (
    !fs.existsSync(path.join(FUNCTIONS_DIR, 'whoami', 'index.js')) ||
    !fs.existsSync(path.resolve(__dirname, '../dist/worker.js'))
  ) {
    throw new Error('the fixtures and the worker are not built: run `npx tsx scripts/build.ts` first');
  }
  const dataDir = options.dataDir ?? tempDir();
  const logs: string[] = [];
  const cloud = await startLocalCloud({
    port: 0,
    dataDir,
    collections: readCollections(COLLECTIONS_FILE),
    functionsDir: FUNCTIONS_DIR,
    log: (line) => logs.push(line),
    ...options,
  });
  credentialsByUrl.set(cloud.url, cloud.credentials);
  return {
    cloud,
    url: cloud.url,
    dataDir,
    credentials: cloud.credentials,
    logs,
    async close() {
      credentialsByUrl.delete(cloud.url);
      await cloud.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Loads `wx-server-sdk` as a cloud function would, talking to the server at `url` with its credentials (those of
 * a cloud started by `startTestCloud` unless given). The SDK reads `TCB_CONTEXT_CNFG` and the credentials from
 * `process.env` on every request, so pointing it elsewhere later only needs `pointSdkAt`.
 */
export function loadSdk(url: string, credentials?: LocalCredentials): Sdk {
  // A placeholder pair until pointSdkAt names a running cloud: the SDK will not initialise without one.
  pointSdkAt(url, credentials ?? credentialsByUrl.get(url) ?? { secretId: 'none', secretKey: 'none' });
  Object.assign(process.env, {
    SILENCE: 'true',
    TENCENTCLOUD_RUNENV: 'SCF',
    SCF_NAMESPACE: 'local',
    TENCENTCLOUD_REGION: 'ap-shanghai',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk') as Sdk;
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV as unknown as string });
  return sdk;
}

export function pointSdkAt(url: string, credentials: LocalCredentials = credentialsOf(url)): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${url}/admin` });
  process.env.TENCENTCLOUD_SECRETID = credentials.secretId;
  process.env.TENCENTCLOUD_SECRETKEY = credentials.secretKey;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<{ errCode?: number; errMsg?: string; message?: string; code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { errCode?: number; errMsg?: string; message?: string; code?: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A raw HTTP call, for what the SDK never sends (bad requests, `/fn`, `/outbox`, storage URLs). */
export async function http(
  url: string,
  init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<HttpReply> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    body: init.body,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** `POST /fn/<name>` as the mini program's caller `openid` (none = no identity). */
export function callFn(url: string, name: string, data: unknown, openid?: string): Promise<HttpReply> {
  return http(`${url}/fn/${name}`, { body: JSON.stringify(data), headers: openid ? { 'x-wx-openid': openid } : {} });
}

/** `Authorization: Bearer <secretKey>` of the test cloud at `url`, for hand-made calls to `/admin`. */
export function bearer(url: string): Record<string, string> {
  return { authorization: `Bearer ${credentialsOf(url).secretKey}` };
}

/** `POST /admin` with a raw JSON body, as the SDK would send it, authorized with the cloud's Bearer key. */
export function admin(url: string, body: unknown): Promise<HttpReply> {
  return http(`${url}/admin`, { body: typeof body === 'string' ? body : JSON.stringify(body), headers: bearer(url) });
}

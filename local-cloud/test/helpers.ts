/**
 * Shared setup of the local cloud conformance suite: one server per test file (jest runs files in parallel),
 * a throw-away data folder, and the unmodified `wx-server-sdk` pointed at the server's `/admin`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  /** Every invocation log line the server wrote. */
  logs: string[];
  close(): Promise<void>;
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
  return {
    cloud,
    url: cloud.url,
    dataDir,
    logs,
    async close() {
      await cloud.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Loads `wx-server-sdk` as a cloud function would, talking to the server at `url`. The SDK reads
 * `TCB_CONTEXT_CNFG` from `process.env` on every request, so pointing it elsewhere later only needs that variable.
 */
export function loadSdk(url: string): Sdk {
  pointSdkAt(url);
  Object.assign(process.env, {
    TENCENTCLOUD_SECRETID: 'local',
    TENCENTCLOUD_SECRETKEY: 'local',
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

export function pointSdkAt(url: string): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${url}/admin` });
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

/** `POST /admin` with a raw JSON body, as the SDK would send it. */
export function admin(url: string, body: unknown): Promise<HttpReply> {
  return http(`${url}/admin`, { body: typeof body === 'string' ? body : JSON.stringify(body) });
}

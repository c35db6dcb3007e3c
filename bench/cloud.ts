import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { EJSON } from 'bson';
import { startLocalCloud, type CollectionSpec, type LocalCloud, type LocalCredentials } from '../local-cloud/src';

export type WxCloud = typeof import('wx-server-sdk');

export interface BenchCloud {
  cloud: LocalCloud;
  dataDir: string;
  /** Function invocations the local cloud logged (one line each). */
  logLines: () => number;
  stop(): Promise<void>;
}

/** The secretKey of each bench cloud by URL, for the raw `/admin` calls (`Authorization: Bearer <secretKey>`). */
const adminKeys = new Map<string, string>();

/** Lets `adminCall` and `insertRaw` reach `cloud`; the returned function forgets it (call it when it stops). */
export function registerAdminKey(cloud: LocalCloud): () => void {
  adminKeys.set(cloud.url, cloud.credentials.secretKey);
  return () => adminKeys.delete(cloud.url);
}

/** Starts a local cloud in this process on a free loopback port with a fresh temporary data folder. */
export async function startBenchCloud(collections: CollectionSpec[], functionsDir: string): Promise<BenchCloud> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiliuzi-bench-'));
  let lines = 0;
  const cloud = await startLocalCloud({
    port: 0,
    dataDir,
    collections,
    functionsDir,
    // Count the per-invocation log lines instead of printing them: printing would time the terminal.
    log: () => void lines++,
  });
  const forgetAdminKey = registerAdminKey(cloud);
  return {
    cloud,
    dataDir,
    logLines: () => lines,
    async stop() {
      agent.destroy();
      forgetAdminKey();
      await cloud.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Loads wx-server-sdk pointed at the local cloud's /admin, signing with its credentials, as a function in the cloud
 * would see it. The environment has to be in place before the SDK is first required, hence the dynamic import.
 */
export async function loadSdk(url: string, credentials: LocalCredentials): Promise<WxCloud> {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${url}/admin` });
  process.env.TENCENTCLOUD_SECRETID = credentials.secretId;
  process.env.TENCENTCLOUD_SECRETKEY = credentials.secretKey;
  process.env.SILENCE = 'true';
  process.env.TENCENTCLOUD_RUNENV = 'SCF';
  process.env.SCF_NAMESPACE = 'local';
  process.env.TENCENTCLOUD_REGION = 'ap-shanghai';
  const mod = (await import('wx-server-sdk')) as WxCloud & { default?: WxCloud };
  const cloud = mod.default ?? mod;
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  return cloud;
}

/** One keep-alive connection pool for every raw request of the bench, so no call pays for a TCP handshake. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** POSTs a JSON body over loopback and returns the status, headers and body text. */
export function post(url: string, body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Canonical EJSON, the form the server API takes queries, orders and documents in. */
export function ejson(value: unknown): string {
  return EJSON.stringify(value, { relaxed: false });
}

/** One raw call of the server API on `/admin` of a bench cloud, without the SDK; fails on an error reply. */
export async function adminCall<T = unknown>(url: string, params: Record<string, unknown>): Promise<T> {
  const key = adminKeys.get(url);
  if (!key) throw new Error(`no bench cloud runs at ${url}`);
  const res = await post(`${url}/admin?env=local`, JSON.stringify(params), { authorization: `Bearer ${key}` });
  const reply = JSON.parse(res.body) as { code?: string; data?: T };
  if (res.status !== 200 || reply.code) {
    throw new Error(`${String(params.action)} failed: ${res.status} ${res.body.slice(0, 300)}`);
  }
  return reply.data as T;
}

/** Inserts documents through the raw server API (`database.insertDocument` with canonical EJSON strings). */
export async function insertRaw(url: string, collectionName: string, docs: Record<string, unknown>[]): Promise<void> {
  const data = await adminCall<{ insertedIds?: string[] }>(url, {
    action: 'database.insertDocument',
    collectionName,
    data: docs.map(ejson),
  });
  if (data?.insertedIds?.length !== docs.length)
    throw new Error(`insertDocument into ${collectionName} lost documents`);
}

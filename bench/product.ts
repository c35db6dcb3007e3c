import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalCloud } from '../local-cloud/src';
import { startProject } from '../scripts/start';
import { post, registerAdminKey } from './cloud';

/**
 * The product itself on a local cloud of its own (real functions, real collections, the demo community), for the
 * feature sections of the bench. `call` goes through POST /fn like the mini program and reports the database calls
 * the invocation made (x-db-calls).
 */
export interface BenchProject {
  cloud: LocalCloud;
  call<T = unknown>(
    openid: string,
    fn: string,
    action: string,
    data?: Record<string, unknown>,
  ): Promise<{ data: T; dbCalls: number }>;
  orgIdByName(name: string): string;
  /** The functions' PII_KEY, for sections that load sealed documents directly. */
  piiKey: string;
  /** Stops the local cloud and starts a fresh one on the same data: every function instance is cold again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchProject(): Promise<BenchProject> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiliuzi-bench-product-'));
  const piiKey = crypto.randomBytes(32).toString('base64');
  // Timers fire by hand only: an hourly run must not land in a measurement.
  const start = () =>
    startProject({ port: 0, dataDir, seed: true, adminOpenids: 'demo-admin', piiKey, log: () => {}, timers: false });
  let { cloud } = await start();
  let forgetAdminKey = registerAdminKey(cloud);
  return {
    get cloud() {
      return cloud;
    },
    piiKey,
    async call(openid, fn, action, data = {}) {
      const res = await post(`${cloud.url}/fn/${fn}`, JSON.stringify({ action, ...data }), { 'x-wx-openid': openid });
      const body = JSON.parse(res.body) as { ok?: boolean; data?: unknown; error?: unknown };
      if (res.status !== 200 || !body.ok)
        throw new Error(`${fn}.${action} failed: ${res.status} ${res.body.slice(0, 300)}`);
      return { data: body.data as never, dbCalls: Number(res.headers['x-db-calls']) };
    },
    orgIdByName(name) {
      const org = [...cloud.store.collection('orgs').docs.values()].find((o) => o.name === name);
      if (!org) throw new Error(`no org named ${name}`);
      return org._id as string;
    },
    async restart() {
      forgetAdminKey();
      await cloud.close();
      ({ cloud } = await start());
      forgetAdminKey = registerAdminKey(cloud);
    },
    async stop() {
      forgetAdminKey();
      await cloud.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

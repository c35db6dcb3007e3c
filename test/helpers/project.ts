import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalCloud } from '../../local-cloud/src';
import { startProject } from '../../scripts/start';
import { DEMO_ORGS } from '../../scripts/demo/data';

/** Answers are checked loosely in tests: each test asserts the shape it cares about. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

export const PERSONAS = {
  resident: 'demo-resident',
  gridWorker: 'demo-grid-worker',
  staff: 'demo-staff',
  streetAdmin: 'demo-street-admin',
  rootAdmin: 'demo-admin',
  chengduStaff: 'demo-chengdu-staff',
} as const;
export type Persona = keyof typeof PERSONAS | 'anonymous';

/** Root admins that build test fixtures, taken in turn so that fixtures never run into the per-caller limits. */
const FIXTURE_ADMINS = Array.from({ length: 20 }, (_, i) => `fixture-admin-${i}`);
let nextFixtureAdmin = 0;
export function fixtureAdmin(): string {
  return FIXTURE_ADMINS[nextFixtureAdmin++ % FIXTURE_ADMINS.length];
}

export interface Envelope {
  ok: boolean;
  data?: Loose;
  error?: { code: string; message: string; details?: { reason?: string; fields?: Record<string, string> } };
}

/**
 * The product on an embedded local cloud with the demo community, for tests that go through `/fn` exactly as the
 * mini program does. One per test file.
 */
export class TestProject {
  private constructor(
    readonly cloud: LocalCloud,
    private readonly dataDir: string,
  ) {}

  /**
   * `log` receives the local cloud's one line per invocation (dropped by default). Timer triggers fire only by hand
   * (`POST /triggers/...`) unless `timers` is set, so that no hourly run lands in the middle of a test.
   */
  static async start(opts: { log?: (line: string) => void; timers?: boolean } = {}): Promise<TestProject> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiliuzi-test-'));
    const { cloud } = await startProject({
      port: 0,
      dataDir,
      seed: true,
      adminOpenids: [PERSONAS.rootAdmin, ...FIXTURE_ADMINS].join(','),
      piiKey: crypto.randomBytes(32).toString('base64'),
      log: opts.log ?? (() => {}),
      timers: opts.timers ?? false,
    });
    return new TestProject(cloud, dataDir);
  }

  async stop(): Promise<void> {
    await this.cloud.close();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Calls a function as a persona (or with no identity) through POST /fn. */
  async call(who: Persona | string, fn: string, action: string, data: Record<string, unknown> = {}): Promise<Envelope> {
    const openid = who === 'anonymous' ? undefined : (PERSONAS[who as keyof typeof PERSONAS] ?? who);
    const res = await fetch(`${this.cloud.url}/fn/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
      body: JSON.stringify({ action, ...data }),
    });
    if (res.status !== 200) throw new Error(`${fn}.${action} answered HTTP ${res.status}: ${await res.text()}`);
    return (await res.json()) as Envelope;
  }

  /** Like call, but fails the test unless the answer is ok, and returns its data. */
  async ok(who: Persona | string, fn: string, action: string, data: Record<string, unknown> = {}): Promise<Loose> {
    const env = await this.call(who, fn, action, data);
    if (!env.ok) throw new Error(`${fn}.${action} as ${who} failed: ${JSON.stringify(env.error)}`);
    return env.data;
  }

  /** Documents of a collection, read straight from the embedded store (for assertions only). */
  docs(collection: string): Record<string, unknown>[] {
    return [...this.cloud.store.collection(collection).docs.values()];
  }

  /** The id of a demo org by its key in scripts/demo/data.ts. */
  orgId(key: string): string {
    const name = DEMO_ORGS.find((o) => o.key === key)?.name;
    const org = this.docs('orgs').find((o) => o.name === name);
    if (!org) throw new Error(`no demo org ${key}`);
    return org._id as string;
  }

  org(key: string): Record<string, Loose> {
    return this.docs('orgs').find((o) => o._id === this.orgId(key))!;
  }

  /** A stable fingerprint of every document in every collection. */
  snapshot(): string {
    const store = this.cloud.store;
    const all = store
      .collectionNames()
      .sort()
      .map((name) => [name, [...store.collection(name).docs.entries()].sort(([a], [b]) => a.localeCompare(b))]);
    return crypto.createHash('sha256').update(JSON.stringify(all)).digest('hex');
  }
}

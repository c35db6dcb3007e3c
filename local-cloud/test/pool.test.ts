/**
 * The instance pool: a cold crowd on two functions is answered in full, each caller with its own identity, within
 * the pool's limits; callers are served first come, first served; an idle instance of another function gives way
 * when the total is reached; a module that cannot load fails each of its callers, never the pool; and a function's
 * config.json sets its time limit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Clock } from '../src/clock';
import { FunctionHost, machinePoolLimits, type InvocationResult } from '../src/functions';
import { callFn, FUNCTIONS_DIR, startTestCloud, tempDir, type TestCloud } from './helpers';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.close());

function hostFor(
  url: string,
  limits: ConstructorParameters<typeof FunctionHost>[0]['limits'],
  functionsDir = FUNCTIONS_DIR,
) {
  return new FunctionHost({
    functionsDir,
    envId: 'local',
    adminUrlFor: () => `${url}/admin`,
    env: {},
    credentials: t.credentials,
    limits,
    timeoutMs: 60_000,
    clock: new Clock(),
  });
}

const resultOf = (r: InvocationResult) => {
  if (!r.ok) throw new Error(`invocation failed: ${r.errCode} ${r.errMsg}`);
  return JSON.parse(r.json) as Record<string, unknown>;
};

test('the default pool is sized to the machine', () => {
  const limits = machinePoolLimits();
  expect(limits.maxColdStarts).toBeGreaterThanOrEqual(1);
  expect(limits.maxInstancesPerFunction).toBeGreaterThanOrEqual(2);
  expect(limits.maxInstances).toBeGreaterThanOrEqual(limits.maxInstancesPerFunction);
  expect(t.cloud.pool.limits).toEqual(limits);
});

test('64 cold callers at once on two functions: every one answered with its own OPENID, within the limits', async () => {
  const { maxInstances, maxColdStarts } = t.cloud.pool.limits;
  const seen = { instances: 0, loading: 0, queued: 0 };
  const sampler = setInterval(() => {
    const s = t.cloud.pool.stats();
    seen.instances = Math.max(seen.instances, s.instances);
    seen.loading = Math.max(seen.loading, s.loading);
    seen.queued = Math.max(seen.queued, s.queued);
  }, 2);
  const callers = Array.from({ length: 64 }, (_, i) => ({ fn: i % 2 ? 'whoami' : 'clock', openid: `o-crowd-${i}` }));
  try {
    const replies = await Promise.all(callers.map((c) => callFn(t.url, c.fn, {}, c.openid)));
    expect(replies.map((r) => r.status)).toEqual(callers.map(() => 200));
    const openids = replies.map((r, i) => (callers[i].fn === 'whoami' ? r.json.after.OPENID : r.json.openid));
    expect(openids).toEqual(callers.map((c) => c.openid));
  } finally {
    clearInterval(sampler);
  }
  expect(seen.instances).toBeLessThanOrEqual(maxInstances);
  expect(seen.loading).toBeLessThanOrEqual(maxColdStarts);
  // The crowd queued rather than being refused or started all at once.
  expect(seen.queued).toBeGreaterThan(seen.instances);
  // Instances that were still starting when the crowd was served simply join the pool.
  expect(t.cloud.pool.stats()).toMatchObject({ busy: 0, queued: 0 });
});

test('callers of one function are served first come, first served', async () => {
  const host = hostFor(t.url, { maxInstancesPerFunction: 1, maxInstances: 1, maxColdStarts: 1 });
  try {
    const finished: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        host.invoke('whoami', { delayMs: 10 * (6 - i) }, { source: 'scf' }).then((r) => {
          resultOf(r);
          finished.push(i);
        }),
      ),
    );
    expect(finished).toEqual([0, 1, 2, 3, 4, 5]);
  } finally {
    await host.close();
  }
});

test('at the total, an idle instance of another function gives way, and a caller of another function waits its turn', async () => {
  const host = hostFor(t.url, { maxInstancesPerFunction: 1, maxInstances: 1, maxColdStarts: 1 });
  try {
    expect(resultOf(await host.invoke('whoami', { echo: 1 }, { source: 'scf' }))).toEqual({ echo: 1 });
    expect(resultOf(await host.invoke('clock', {}, { source: 'scf', openid: 'o-next' }))).toMatchObject({
      openid: 'o-next',
    });
    expect(host.stats().instances).toBe(1);
    const order: string[] = [];
    await Promise.all([
      host.invoke('whoami', { delayMs: 200 }, { source: 'scf' }).then((r) => order.push(`whoami ${r.ok}`)),
      host.invoke('clock', {}, { source: 'scf' }).then((r) => order.push(`clock ${r.ok}`)),
    ]);
    expect(order).toEqual(['whoami true', 'clock true']);
  } finally {
    await host.close();
  }
});

test('a module that cannot load fails each of its callers with the reason, and the pool goes on', async () => {
  const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => callFn(t.url, 'broken', {}, `o-b-${i}`)));
  for (const res of replies) {
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ errCode: -504002, errMsg: expect.stringContaining('configuration is missing') });
  }
  expect(t.cloud.pool.stats()).toMatchObject({ loading: 0, queued: 0 });
  expect((await callFn(t.url, 'whoami', {}, 'o-after')).json.after.OPENID).toBe('o-after');
});

test('a function’s config.json `timeout` is its time limit', async () => {
  const dir = tempDir('local-cloud-pool-');
  try {
    fs.mkdirSync(path.join(dir, 'spinner'));
    fs.writeFileSync(path.join(dir, 'spinner/index.js'), 'exports.main = async () => { for (;;); };\n');
    fs.writeFileSync(path.join(dir, 'spinner/config.json'), JSON.stringify({ timeout: 1 }));
    const host = hostFor(t.url, { maxInstancesPerFunction: 1 }, dir);
    try {
      const r = await host.invoke('spinner', {}, { source: 'scf' });
      expect(r).toMatchObject({ ok: false, errCode: -504003, errMsg: 'Task timed out after 1 seconds' });
    } finally {
      await host.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { summarize, type Results, type Section, type Stats } from './lib';
import type { BenchProject } from './product';

/**
 * The 百家宴 at the door: 300 families from 300 different callers sign up at once for 50 seats, through `/fn` with
 * the real `events` function on the bench's local cloud of the product: first on a freshly started cloud (cold), then
 * on the instances that burst left (warm), side by side in one run.
 * Then the database calls one sign-up makes, per path, as the local cloud counts them (`x-db-calls`).
 */
const CALLERS = 300;
const CAPACITY = 50;
const ADMIN = 'demo-admin';

/** Enough sockets for every caller at once: the burst must not queue in the client. */
const agent = new http.Agent({ keepAlive: true, maxSockets: CALLERS });

interface Answer {
  ok: boolean;
  data?: Record<string, unknown>;
  error?: { code: string; message?: string; details?: { reason?: string } };
}

interface Call {
  answer: Answer;
  ms: number;
  dbCalls: number;
}

function call(url: string, openid: string, event: Record<string, unknown>): Promise<Call> {
  const body = JSON.stringify(event);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/fn/events`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-wx-openid': openid,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          // A function that failed (timed out, did not load) is no answer: the burst counts it rather than stopping.
          if (res.statusCode !== 200) {
            const answer: Answer = {
              ok: false,
              error: { code: `HTTP ${res.statusCode}`, message: text.slice(0, 200) },
            };
            return resolve({ answer, ms: performance.now() - t0, dbCalls: Number(res.headers['x-db-calls'] ?? 0) });
          }
          resolve({
            answer: JSON.parse(text) as Answer,
            ms: performance.now() - t0,
            dbCalls: Number(res.headers['x-db-calls']),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function ok(url: string, openid: string, event: Record<string, unknown>): Promise<Call> {
  const c = await call(url, openid, event);
  if (!c.answer.ok) throw new Error(`events.${String(event.action)} failed: ${JSON.stringify(c.answer.error)}`);
  return c;
}

let seq = 0;
function signupEvent(eventId: string, partySize: number): Record<string, unknown> {
  return {
    action: 'signup',
    eventId,
    partySize,
    contactName: '测试家庭',
    contactPhone: `139${String(++seq).padStart(8, '0')}`,
  };
}

async function newEvent(url: string, orgId: string, capacity: number, maxPartySize = 4): Promise<string> {
  const { answer } = await ok(url, ADMIN, {
    action: 'create',
    orgId,
    type: 'banquet',
    title: `百家宴 bench ${++seq}`,
    location: { name: '社区广场' },
    startAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
    capacity,
    maxPartySize,
    dishRequired: false,
  });
  return answer.data!.id as string;
}

interface Burst {
  stats: Stats;
  settleMs: number;
  answered: number;
  failures: string[];
  oversold: number;
  confirmedPeople: number;
  doubles: number;
  dbCalls: number[];
  /** Resident memory of this process (the local cloud runs in it) at most during the burst, and before it. */
  peakRssMb: number;
  baseRssMb: number;
  /** Instances of all functions at most during the burst. */
  peakInstances: number;
}

/** One burst: every caller signs up at the same instant; the pool and the memory are sampled meanwhile. */
async function burst(project: BenchProject, eventId: string, label: string): Promise<Burst> {
  const { url } = project.cloud;
  const callers = Array.from({ length: CALLERS }, (_, i) => `${label}-${i}`);
  const baseRss = process.memoryUsage.rss();
  let peakRss = baseRss;
  let peakInstances = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    peakInstances = Math.max(peakInstances, project.cloud.pool.stats().instances);
  }, 25);
  const started = performance.now();
  let calls: Call[];
  try {
    calls = await Promise.all(callers.map((who, i) => call(url, who, signupEvent(eventId, 1 + (i % 4)))));
  } finally {
    clearInterval(sampler);
  }
  const settleMs = performance.now() - started;
  const signups = [...project.cloud.store.collection('signups').docs.values()].filter(
    (d) => d.eventId === eventId && d.status !== 'cancelled',
  );
  const confirmedPeople = signups
    .filter((d) => d.status === 'confirmed')
    .reduce((n, d) => n + (d.partySize as number), 0);
  return {
    stats: summarize(
      `${label}: ${CALLERS} sign-ups at once`,
      calls.map((c) => c.ms),
      settleMs,
    ),
    settleMs,
    answered: calls.filter((c) => c.answer.ok).length,
    failures: [...new Set(calls.filter((c) => !c.answer.ok).map((c) => c.answer.error?.code ?? '?'))],
    oversold: Math.max(0, confirmedPeople - CAPACITY),
    confirmedPeople,
    doubles: signups.length - new Set(signups.map((d) => d.openid)).size,
    dbCalls: calls.map((c) => c.dbCalls).sort((a, b) => a - b),
    peakRssMb: Math.round(peakRss / 1048576),
    baseRssMb: Math.round(baseRss / 1048576),
    peakInstances,
  };
}

/** The rows of one burst: its answers, what the database holds, and its database calls. */
function burstRows(s: Section, label: string, b: Burst): void {
  s.value(
    `${label}: answers`,
    b.answered,
    b.failures.length ? `others: ${b.failures.join(', ')}` : 'ok envelopes',
    CALLERS,
  );
  s.value(`${label}: oversold (people)`, b.oversold, `${b.confirmedPeople} confirmed`, 0);
  s.value(`${label}: callers holding 2 sign-ups`, b.doubles, undefined, 0);
  s.value(
    `${label}: db calls per sign-up p50 / max`,
    `${b.dbCalls[Math.floor(b.dbCalls.length / 2)]} / ${b.dbCalls.at(-1)}`,
  );
}

/** Database calls of each path of a sign-up, sequentially (no contention). */
async function dbCallsPerPath(url: string, orgId: string, s: Section): Promise<void> {
  const open = await newEvent(url, orgId, 1000);
  const first = await Promise.all(Array.from({ length: 5 }, () => ok(url, `path-${++seq}`, signupEvent(open, 2))));
  s.value(
    'sign-up, seats free (new caller)',
    first[0].dbCalls,
    'limit (opens a window: 2), event, existing?, seats, scene, insert',
  );
  const again = `path-${++seq}`;
  await ok(url, again, signupEvent(await newEvent(url, orgId, 1000), 2));
  const warmCaller = await ok(url, again, signupEvent(open, 2));
  s.value('sign-up, seats free (caller’s rate-limit window open)', warmCaller.dbCalls, 'the common case');
  const repeat = await ok(url, again, signupEvent(open, 2));
  s.value('sign-up repeated (returns the existing one)', repeat.dbCalls);

  const full = await newEvent(url, orgId, 2);
  const holder = `path-${++seq}`;
  await ok(url, holder, signupEvent(full, 2));
  const waiting = await ok(url, `path-${++seq}`, signupEvent(full, 2));
  s.value('sign-up, full: onto the waitlist', waiting.dbCalls, 'adds: waitlist count, promotion check, own status');
  const cancel = await ok(url, holder, { action: 'cancelSignup', eventId: full });
  s.value(
    'cancel, promoting 1 from the waitlist',
    cancel.dbCalls,
    'limit, event, mine, flip, seats back, then head, seats, flip, count, next head',
  );
  const get = await ok(url, holder, { action: 'get', id: full });
  s.value('get (event + my sign-up + grants)', get.dbCalls);
}

export async function benchEvents(project: BenchProject, results: Results): Promise<void> {
  const orgId = project.orgIdByName('中心区社区');
  try {
    const s = results.section(
      `events: ${CALLERS} callers sign up at once for ${CAPACITY} seats (party sizes 1–4), cold against warm`,
    );
    // Both events exist first; then the local cloud restarts on the same data, so that the cold burst meets no
    // instance at all, as after `npm start`. The warm burst follows on the instances the cold one left.
    const coldEvent = await newEvent(project.cloud.url, orgId, CAPACITY);
    const warmEvent = await newEvent(project.cloud.url, orgId, CAPACITY);
    await project.restart();
    const { maxInstancesPerFunction, maxColdStarts } = project.cloud.pool.limits;
    const cold = await burst(project, coldEvent, 'cold');
    const warm = await burst(project, warmEvent, 'warm');
    const note = 'per-call latency; ops/s = answers per second of the whole burst';
    s.timing(cold.stats, `${note}; fresh start, no warm-up`);
    s.timing(warm.stats, `${note}; the instances the cold burst left`);
    const seconds = (ms: number) => Math.round(ms / 100) / 10;
    s.value('time to settle (s), cold / warm', `${seconds(cold.settleMs)} / ${seconds(warm.settleMs)}`);
    s.value(
      'cold ÷ warm, time to settle',
      Math.round((cold.settleMs / warm.settleMs) * 100) / 100,
      'target on 2 cores: within 2×',
      '≤ 2',
    );
    s.value(
      'answers per second, cold / warm',
      `${Math.round(cold.stats.opsPerSec)} / ${Math.round(warm.stats.opsPerSec)}`,
    );
    s.value(
      'peak memory of the process (MB), cold / warm',
      `${cold.peakRssMb} / ${warm.peakRssMb}`,
      `resident set of the bench process, which runs the local cloud and its instances ` +
        `(${cold.baseRssMb} MB before the cold burst); target < 1 GB`,
      '< 1024',
    );
    s.value(
      'instances at most, cold / warm',
      `${cold.peakInstances} / ${warm.peakInstances}`,
      `pool: ${maxInstancesPerFunction} per function, ${maxColdStarts} starting at once`,
    );
    burstRows(s, 'cold', cold);
    burstRows(s, 'warm', warm);
    await dbCallsPerPath(project.cloud.url, orgId, results.section('events: database calls per call (x-db-calls)'));
  } finally {
    agent.destroy();
  }
}

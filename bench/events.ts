import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { summarize, type Results, type Section } from './lib';
import type { BenchProject } from './product';

/**
 * The 百家宴 at the door: 300 families from 300 different callers sign up at once for 50 seats, through `/fn` with
 * the real `events` function on the bench's local cloud of the product.
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

/**
 * Warms the function's instances before the burst, in steps so that only a few start at the same time on 2 cores:
 * `get` with 4, 8, 16, 32 calls in flight starts the 32 instances; then sign-ups on an event of their own (8, 32, 64
 * at once) run each instance through the sign-up path once, whose first run in an instance costs far more than the
 * next ones (measured: a burst on cold paths settles in ~30 s with SDK timeouts, on warm ones in ~6 s). A burst then
 * meets warm instances, as in a cloud under steady load.
 */
async function warmUp(url: string, eventId: string, orgId: string): Promise<void> {
  for (const inFlight of [4, 8, 16, 32]) {
    await Promise.all(
      Array.from({ length: inFlight }, (_, i) => call(url, `warm-${i}`, { action: 'get', id: eventId })),
    );
  }
  const other = await newEvent(url, orgId, 10);
  for (const inFlight of [8, 32, 64]) {
    await Promise.all(Array.from({ length: inFlight }, () => call(url, `warm-s-${++seq}`, signupEvent(other, 1))));
  }
}

/** One burst: every caller signs up at the same instant; returns what the section needs. */
async function burst(url: string, eventId: string, label: string, s: Section, store: () => Record<string, unknown>[]) {
  const callers = Array.from({ length: CALLERS }, (_, i) => `${label}-${i}`);
  const started = performance.now();
  const calls = await Promise.all(callers.map((who, i) => call(url, who, signupEvent(eventId, 1 + (i % 4)))));
  const settleMs = performance.now() - started;
  const answered = calls.filter((c) => c.answer.ok).length;
  const failures = [...new Set(calls.filter((c) => !c.answer.ok).map((c) => c.answer.error?.code ?? '?'))];
  const stats = summarize(
    `${label}: ${CALLERS} sign-ups at once, ${CAPACITY} seats`,
    calls.map((c) => c.ms),
    settleMs,
  );
  s.timing(stats, 'per-call latency; ops/s = answers per second of the whole burst');
  const signups = store().filter((d) => d.eventId === eventId && d.status !== 'cancelled');
  const confirmedPeople = signups
    .filter((d) => d.status === 'confirmed')
    .reduce((n, d) => n + (d.partySize as number), 0);
  const holders = new Set(signups.map((d) => d.openid)).size;
  s.value(`${label}: time to settle (s)`, Math.round(settleMs / 100) / 10);
  s.value(`${label}: answers`, answered, failures.length ? `others: ${failures.join(', ')}` : 'ok envelopes', CALLERS);
  s.value(`${label}: oversold (people)`, Math.max(0, confirmedPeople - CAPACITY), `${confirmedPeople} confirmed`, 0);
  s.value(`${label}: callers holding 2 sign-ups`, signups.length - holders, undefined, 0);
  const db = calls.map((c) => c.dbCalls).sort((a, b) => a - b);
  s.value(`${label}: db calls per sign-up p50 / max`, `${db[Math.floor(db.length / 2)]} / ${db[db.length - 1]}`);
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
  const { url } = project.cloud;
  const orgId = project.orgIdByName('中心区社区');
  const store = () => [...project.cloud.store.collection('signups').docs.values()];
  try {
    const s = results.section(`events: ${CALLERS} callers sign up at once for ${CAPACITY} seats (party sizes 1–4)`);
    const first = await newEvent(url, orgId, CAPACITY);
    await warmUp(url, first, orgId);
    await burst(url, first, 'burst 1', s, store);
    await burst(url, await newEvent(url, orgId, CAPACITY), 'burst 2', s, store);
    await dbCallsPerPath(url, orgId, results.section('events: database calls per call (x-db-calls)'));
  } finally {
    agent.destroy();
  }
}

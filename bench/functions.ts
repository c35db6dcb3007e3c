import { insertRaw, post, type RawResponse } from './cloud';
import { measure, measureSideBySide, summarize, type Results } from './lib';

const OPENID = 'o-bench-caller';
const WARMUP = 50;

/** Calls `/fn/<name>` as the mini program would (the caller's openid in a header) and fails on a non-200. */
async function invoke(url: string, name: string, event: Record<string, unknown>): Promise<RawResponse> {
  const res = await post(`${url}/fn/${name}`, JSON.stringify(event), { 'x-wx-openid': OPENID });
  if (res.status !== 200) throw new Error(`/fn/${name} ${JSON.stringify(event)} answered ${res.status}: ${res.body}`);
  return res;
}

/** `/fn` invocation overhead: a warm function that only returns, against `/echo` on the same server. */
export async function benchInvocation(url: string, results: Results): Promise<void> {
  const s = results.section('functions: /fn/noop against /echo, alternating');
  const body = { action: 'noop', data: { page: 1 } };
  const hostMs: number[] = [];
  const [echo, fn] = await measureSideBySide(
    [
      {
        name: 'POST /echo (baseline)',
        fn: async () => {
          const res = await post(`${url}/echo`, JSON.stringify(body), { 'x-wx-openid': OPENID });
          if (res.status !== 200) throw new Error(`/echo answered ${res.status}`);
        },
      },
      {
        name: 'POST /fn/noop (warm)',
        fn: async () => {
          const res = await invoke(url, 'noop', body);
          hostMs.push(Number(res.headers['x-duration-ms']));
        },
      },
    ],
    { iterations: 3000, warmup: WARMUP, maxMs: 30_000 },
  );
  s.timing(echo);
  s.timing(fn);
  s.ratio('/fn / /echo', echo, fn);
  const inHost = summarize('/fn/noop as the host times it (x-duration-ms)', hostMs.slice(WARMUP));
  s.rows.push({
    name: inHost.name,
    iterations: inHost.iterations,
    p50Ms: inHost.p50Ms,
    p99Ms: inHost.p99Ms,
    note: 'whole ms',
  });
}

/** The actions of the dbcalls fixture and the database calls each one makes. */
const DB_CALLS: [action: string, expected: number][] = [
  ['none', 0],
  ['getById', 1],
  ['list', 1],
  ['countAndList', 2],
  ['add', 1],
  ['updateById', 1],
  ['updateWhere', 1],
  ['aggregate', 1],
  ['nPlusOne', 6],
  ['transaction', 4],
];

/** Database calls per invocation as the local cloud counts them (`x-db-calls`), per action of the fixture. */
export async function benchDbCalls(url: string, results: Results): Promise<{ mismatches: string[] }> {
  const seed = Array.from({ length: 10 }, (_, i) => ({
    _id: `c${String(i + 1).padStart(2, '0')}`,
    kind: i % 2 === 0 ? 'a' : 'b',
    n: i + 1,
  }));
  await insertRaw(url, 'bench_calls', seed);
  const s = results.section('database calls per invocation (x-db-calls), /fn/dbcalls');
  const mismatches: string[] = [];
  for (const [action, expected] of DB_CALLS) {
    const seen = new Set<number>();
    const stats = await measure(
      `dbcalls action=${action}`,
      async () => {
        const res = await invoke(url, 'dbcalls', { action });
        const reply = JSON.parse(res.body) as { ok?: boolean };
        if (reply.ok !== true) throw new Error(`dbcalls ${action} failed: ${res.body}`);
        seen.add(Number(res.headers['x-db-calls']));
      },
      { iterations: 20, warmup: 2 },
    );
    const counts = [...seen].sort((a, b) => a - b);
    const value = counts.length === 1 ? counts[0] : counts.join('|');
    if (counts.length !== 1 || counts[0] !== expected) mismatches.push(`${action}: ${value}, expected ${expected}`);
    s.timing(stats, counts.length === 1 && counts[0] === expected ? 'value = db calls' : 'db calls: MISMATCH', {
      value,
      expected,
    });
  }
  return { mismatches };
}

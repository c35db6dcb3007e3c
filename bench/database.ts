import { performance } from 'node:perf_hooks';
import { adminCall, ejson, insertRaw, type WxCloud } from './cloud';
import { measure, measureSideBySide, type Results } from './lib';

export const ITEMS = 'bench_items';
/** Documents per (org, status) pair: enough for page 50 of 20 at any size of run. */
const PER_PAIR_TARGET = 1250;
const STATUSES = ['draft', 'open', 'done', 'closed'];
const PAGE = 20;
const BATCH = 1000;
const YEAR_MS = 365 * 24 * 3600 * 1000;
const START = Date.UTC(2025, 0, 1);

/** A small seeded PRNG (mulberry32), so every run loads the same documents and asks the same questions. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const orgOf = (k: number) => `org-${String(k).padStart(2, '0')}`;
const idOf = (i: number) => `it-${String(i).padStart(6, '0')}`;

/** The SDK types each call as `Promise<T> | string | void` (callback style included); without a callback it is the promise. */
function res<T>(p: Promise<T> | string | void): Promise<T> {
  return p as Promise<T>;
}

/**
 * One item. `orgId/status/createdAt` are covered by the index `orgId_1_status_1_createdAt_-1`; `plainOrg/
 * plainStatus/plainAt` hold the same values with no index, so the two queries differ by the index alone.
 */
function item(i: number, orgs: number, rand: () => number): Record<string, unknown> {
  const orgId = orgOf(Math.floor(rand() * orgs));
  const status = STATUSES[Math.floor(rand() * STATUSES.length)];
  const createdAt = new Date(START + Math.floor(rand() * YEAR_MS));
  return {
    _id: idOf(i),
    orgId,
    status,
    createdAt,
    plainOrg: orgId,
    plainStatus: status,
    plainAt: createdAt,
    title: `Item ${i}`,
    score: Math.floor(rand() * 1000),
    tags: ['bench', status],
  };
}

interface Page {
  data: { _id: string }[];
}

export async function benchDatabase(url: string, cloud: WxCloud, results: Results, docs: number): Promise<void> {
  const orgs = Math.max(1, Math.round(docs / STATUSES.length / PER_PAIR_TARGET));
  results.config.orgs = orgs;
  results.config.statuses = STATUSES.length;
  /** The (org, status) pair the i-th query asks for: every pair in turn, the same sequence for every row. */
  const pair = (i: number) => ({ org: orgOf(i % orgs), status: STATUSES[Math.floor(i / orgs) % STATUSES.length] });
  const load = results.section(`database: ${docs.toLocaleString('en')} documents in ${ITEMS}`);
  const rand = prng(42);
  const t0 = performance.now();
  for (let from = 0; from < docs; from += BATCH) {
    const batch: Record<string, unknown>[] = [];
    for (let i = from; i < Math.min(docs, from + BATCH); i++) batch.push(item(i, orgs, rand));
    await insertRaw(url, ITEMS, batch);
  }
  const loadMs = performance.now() - t0;
  load.value(
    `load: docs/s (raw insertDocument, ${BATCH} per batch)`,
    Math.round(docs / (loadMs / 1000)),
    `${(loadMs / 1000).toFixed(1)} s in all`,
  );

  const db = cloud.database();
  const items = () => db.collection(ITEMS);
  const indexed = (i: number, skip = 0) => {
    const { org, status } = pair(i);
    return res(
      items().where({ orgId: org, status }).orderBy('createdAt', 'desc').skip(skip).limit(PAGE).get(),
    ) as Promise<Page>;
  };
  /** The indexed query as the SDK sends it, posted by hand: what the server costs without the SDK's client side. */
  const rawIndexed = (i: number) => {
    const { org, status } = pair(i);
    return adminCall(url, {
      action: 'database.getDocument',
      collectionName: ITEMS,
      queryType: 'WHERE',
      query: ejson({ orgId: org, status }),
      order: ejson({ createdAt: -1 }),
      limit: PAGE,
    });
  };
  const unindexed = (i: number) => {
    const { org, status } = pair(i);
    return res(
      items().where({ plainOrg: org, plainStatus: status }).orderBy('plainAt', 'desc').limit(PAGE).get(),
    ) as Promise<Page>;
  };

  // The two shapes must answer alike, or the ratio compares different work.
  for (const i of [0, 7, 45]) {
    const [a, b] = await Promise.all([indexed(i), unindexed(i)]);
    const ids = (p: Page) => p.data.map((d) => d._id).join();
    if (a.data.length !== PAGE || ids(a) !== ids(b)) {
      throw new Error(`indexed and unindexed queries disagree for ${JSON.stringify(pair(i))}`);
    }
  }
  const page50 = await indexed(0, 49 * PAGE);
  if (page50.data.length !== PAGE) throw new Error('page 50 is short: load more documents per (org, status)');

  const byIdRand = prng(7);
  const byId = () =>
    res(
      items()
        .doc(idOf(Math.floor(byIdRand() * docs)))
        .get(),
    );
  const count = (i: number, plain: boolean) => {
    const { org, status } = pair(i);
    return res(
      items()
        .where(plain ? { plainOrg: org, plainStatus: status } : { orgId: org, status })
        .count(),
    );
  };

  const q = results.section('database via wx-server-sdk: queries, side by side (each round runs each once)');
  const [idx, unidx, raw] = await measureSideBySide(
    [
      { name: 'query indexed: where(org,status).orderBy(createdAt).limit(20)', fn: indexed },
      { name: 'query unindexed: same shape, fields without index', fn: unindexed },
      { name: 'query indexed, raw POST /admin (no SDK)', fn: rawIndexed },
    ],
    { iterations: 200, warmup: 3, maxMs: 30_000 },
  );
  q.timing(idx);
  q.timing(unidx);
  q.timing(raw);
  q.ratio('unindexed / indexed', idx, unidx);
  q.ratio('SDK / raw (indexed)', raw, idx, 'client-side cost of wx-server-sdk');

  const [idx2, byIdStats] = await measureSideBySide(
    [
      { name: 'query indexed (as above)', fn: indexed },
      { name: 'doc(id).get', fn: byId },
    ],
    { iterations: 300, warmup: 3, maxMs: 20_000 },
  );
  q.timing(idx2);
  q.timing(byIdStats);
  q.ratio('doc(id).get / indexed query', idx2, byIdStats);

  const [countIdx, countPlain] = await measureSideBySide(
    [
      { name: 'count indexed: where(org,status).count()', fn: (i) => count(i, false) },
      { name: 'count unindexed: same shape', fn: (i) => count(i, true) },
    ],
    { iterations: 200, warmup: 3, maxMs: 15_000 },
  );
  q.timing(countIdx);
  q.timing(countPlain);
  q.ratio('count unindexed / indexed', countIdx, countPlain);

  const [p1, p50] = await measureSideBySide(
    [
      { name: 'page 1: indexed, orderBy, skip 0', fn: (i) => indexed(i) },
      { name: `page 50: indexed, orderBy, skip ${49 * PAGE}`, fn: (i) => indexed(i, 49 * PAGE) },
    ],
    { iterations: 500, maxMs: 20_000 },
  );
  q.timing(p1);
  q.timing(p50);
  q.ratio('page 50 / page 1', p1, p50);

  const t = results.section('database via wx-server-sdk: one call at a time, and throughput');
  t.timing(await measure('query indexed, alone', indexed, { iterations: 2000, maxMs: 15_000 }));
  t.timing(
    await measure('query indexed, 8 in flight', indexed, { iterations: 2000, concurrency: 8, maxMs: 15_000 }),
    'ops/s = throughput',
  );
  const addRand = prng(99);
  t.timing(
    await measure(
      'add (one document, indexed collection)',
      (i) => {
        const doc = item(docs + i, orgs, addRand);
        delete doc._id;
        return res(items().add({ data: doc }));
      },
      { iterations: 1000, maxMs: 10_000 },
    ),
  );
}

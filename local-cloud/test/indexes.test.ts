/**
 * The query planner against a full scan: over a varied random dataset, a collection with declared indexes must
 * answer every query exactly as the same collection without indexes does. Plus unique-index checks of a batch.
 */
import fs from 'node:fs';
import { planQuery, type IndexSpec } from '../src/indexes';
import { Store, type FindOptions } from '../src/store';
import { cloneValue } from '../src/values';
import { tempDir } from './helpers';

type Doc = Record<string, unknown>;

/** A small seeded PRNG (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// LOCAL_CLOUD_INDEX_SEED=<n> replays another dataset.
const SEED = Number(process.env.LOCAL_CLOUD_INDEX_SEED ?? 20240611);
const rand = random(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const chance = (p: number) => rand() < p;

const ORGS = ['o1', 'o2', 'o3', 'o4', 'o5'];
const STATUSES = ['open', 'closed', 'draft'];
const TAGS = ['a', 'b', 'c', 'd'];
const BASE = Date.UTC(2024, 0, 1);
const N = 400;

const INDEXES: IndexSpec[] = [
  { name: 'org_status_created', keys: { orgId: 1, status: 1, createdAt: -1 } },
  { name: 'tags', keys: { tags: 1 } },
  { name: 'n', keys: { n: 1 } },
  { name: 'level_created', keys: { 'nested.level': 1, createdAt: 1 } },
  { name: 'created', keys: { createdAt: 1 } },
  { name: 'code_unique', keys: { code: 1 }, unique: true },
];

function makeDoc(i: number, createdAt: number): Doc {
  const doc: Doc = { _id: `d${String(i).padStart(4, '0')}`, code: `c${i}`, createdAt: new Date(createdAt) };
  const org = rand();
  if (org < 0.9) doc.orgId = pick(ORGS);
  else if (org < 0.95) doc.orgId = null; // else: missing
  doc.status = pick(STATUSES);
  const n = rand();
  if (n < 0.8) doc.n = Math.floor(rand() * 40);
  else if (n < 0.88)
    doc.n = String(Math.floor(rand() * 40)); // mixed types sort after numbers
  else if (n < 0.94) doc.n = null;
  if (chance(0.9)) doc.tags = TAGS.filter(() => chance(0.4));
  if (chance(0.85)) doc.nested = { level: Math.floor(rand() * 5) };
  return doc;
}

let dir: string;
let store: Store;

const DOCS: Doc[] = (() => {
  // Unique creation times in random order, so that createdAt is a total order that differs from _id order.
  const times = Array.from({ length: N }, (_v, i) => BASE + i * 60_000);
  for (let i = times.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [times[i], times[j]] = [times[j], times[i]];
  }
  return times.map((time, i) => makeDoc(i, time));
})();

beforeAll(() => {
  dir = tempDir('local-cloud-indexes-');
  store = new Store(dir, [
    { name: 'indexed', indexes: INDEXES },
    { name: 'plain' },
    { name: 'uniq', indexes: [{ name: 'email_unique', keys: { email: 1 }, unique: true }] },
    { name: 'tagset', indexes: [{ name: 'labels_unique', keys: { labels: 1 }, unique: true }] },
  ]);
  for (const name of ['indexed', 'plain']) {
    store.commit(DOCS.map((doc) => ({ collection: name, id: doc._id as string, doc: cloneValue(doc) })));
  }
});

afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const date = (minutes: number) => new Date(BASE + minutes * 60_000);

/** One random condition on one indexed field. */
function randomCondition(): Doc {
  switch (Math.floor(rand() * 14)) {
    case 0:
      return { orgId: pick(ORGS) };
    case 1:
      return { orgId: { $in: [pick(ORGS), pick(ORGS), null] } };
    case 2:
      return { orgId: null }; // matches null and missing
    case 3:
      return { orgId: { $exists: false } };
    case 4:
      return { orgId: pick(ORGS), status: pick(STATUSES) };
    case 5:
      return { orgId: { $in: [pick(ORGS), pick(ORGS)] }, status: { $in: [pick(STATUSES), pick(STATUSES)] } };
    case 6:
      return { orgId: pick(ORGS), status: pick(STATUSES), createdAt: { $gte: date(Math.floor(rand() * N)) } };
    case 7: {
      const from = Math.floor(rand() * N);
      return { createdAt: { $gt: date(from), $lte: date(from + Math.floor(rand() * 200)) } };
    }
    case 8:
      return { n: Math.floor(rand() * 40) };
    case 9:
      return { n: { $gte: Math.floor(rand() * 40), $lt: Math.floor(rand() * 40) + 5 } };
    case 10:
      return { n: { $in: [Math.floor(rand() * 40), String(Math.floor(rand() * 40)), null] } };
    case 11:
      return { tags: pick(TAGS) };
    case 12:
      return { tags: { $in: [pick(TAGS), pick(TAGS)] }, 'nested.level': { $lte: Math.floor(rand() * 5) } };
    default:
      return { 'nested.level': Math.floor(rand() * 5), createdAt: { $lt: date(Math.floor(rand() * N)) } };
  }
}

function randomQuery(): Doc {
  const r = rand();
  if (r < 0.55) return randomCondition();
  if (r < 0.75) return { ...randomCondition(), ...randomCondition() };
  if (r < 0.85) return { $and: [randomCondition(), randomCondition()] };
  if (r < 0.95) return { $or: [randomCondition(), randomCondition()] };
  return {};
}

/** Sorts that end in createdAt (unique), so that every result has exactly one correct order. */
const SORTS: [string, 1 | -1][][] = [
  [],
  [['createdAt', 1]],
  [['createdAt', -1]],
  [
    ['status', 1],
    ['createdAt', -1],
  ],
  [
    ['orgId', 1],
    ['status', 1],
    ['createdAt', -1],
  ],
  [
    ['orgId', -1],
    ['status', -1],
    ['createdAt', 1],
  ],
  [
    ['nested.level', 1],
    ['createdAt', 1],
  ],
  [
    ['nested.level', -1],
    ['createdAt', -1],
  ],
  [
    ['n', 1],
    ['createdAt', 1],
  ],
  [
    ['n', -1],
    ['createdAt', 1],
  ],
];

const ids = (docs: Doc[]) => docs.map((d) => d._id as string);

describe('indexed results equal a full scan', () => {
  test('the planner does use the indexes for these queries', () => {
    const coll = store.collection('indexed');
    const planned = [
      planQuery(coll.indexes, { orgId: 'o1', status: 'open' }, []),
      planQuery(coll.indexes, { tags: 'a' }, []),
      planQuery(coll.indexes, { createdAt: { $gte: date(5) } }, [['createdAt', -1]]),
      planQuery(coll.indexes, {}, [['createdAt', 1]]),
      planQuery(coll.indexes, { orgId: 'o2', status: 'open' }, [['createdAt', -1]]),
      // Entries are kept ascending on every field: a sort mixing directions narrows by the index, then sorts.
      planQuery(coll.indexes, { orgId: 'o2' }, [
        ['status', 1],
        ['createdAt', -1],
      ]),
    ];
    expect(planned.map((p) => p?.index.spec.name)).toEqual([
      'org_status_created',
      'tags',
      'created',
      'created',
      'org_status_created',
      'org_status_created',
    ]);
    expect(planned.map((p) => p?.order)).toEqual([
      'forward',
      'forward', // multikey, but bound to one value by equality: each document once, walking is fine
      'reverse',
      'forward',
      'reverse',
      undefined,
    ]);
    expect(planQuery(coll.indexes, { status: 'open' }, [])).toBeUndefined();
  });

  test('a count that is only equality on leading index fields is the size of the range', () => {
    const indexed = store.collection('indexed');
    const plain = store.collection('plain');
    for (const query of [{ orgId: 'o1' }, { orgId: 'o2', status: 'open' }, { tags: 'a' }, { orgId: 'nowhere' }]) {
      expect(planQuery(indexed.indexes, query, [])?.exact).toBe(true);
      expect(indexed.count(query)).toBe(plain.count(query));
    }
    for (const query of [
      { orgId: null },
      { orgId: { $in: ['o1', 'o2'] } },
      { orgId: 'o1', n: 3 },
      { createdAt: { $gte: date(5) } },
    ]) {
      expect(planQuery(indexed.indexes, query, [])?.exact ?? false).toBe(false);
      expect(indexed.count(query)).toBe(plain.count(query));
    }
  });

  test('250 random queries with sort, skip and limit', () => {
    const indexed = store.collection('indexed');
    const plain = store.collection('plain');
    let nonEmpty = 0;
    for (let q = 0; q < 250; q++) {
      const query = randomQuery();
      const sort = pick(SORTS);
      const opts: FindOptions = { sort };
      // Without a sort the order is unspecified, and so is which documents a skip or limit drops.
      if (sort.length && chance(0.5)) opts.skip = Math.floor(rand() * 20);
      if (sort.length && chance(0.6)) opts.limit = 1 + Math.floor(rand() * 30);
      const context = JSON.stringify({ q, query, opts });

      const expected = plain.find(query, opts);
      const actual = indexed.find(query, opts);
      if (sort.length) expect({ context, ids: ids(actual) }).toEqual({ context, ids: ids(expected) });
      else expect({ context, ids: ids(actual).sort() }).toEqual({ context, ids: ids(expected).sort() });
      expect({ context, count: indexed.count(query) }).toEqual({ context, count: plain.count(query) });
      if (expected.length) nonEmpty++;
    }
    // The generator is not trivially empty.
    expect(nonEmpty).toBeGreaterThan(125);
  });

  test('sorted pages walked from an index join up to the full sorted result', () => {
    const indexed = store.collection('indexed');
    const plain = store.collection('plain');
    for (const [query, sort] of [
      [{}, [['createdAt', -1]]],
      [{ orgId: 'o3' }, SORTS[3]],
      [{ 'nested.level': 2 }, [['createdAt', 1]]],
      [{ createdAt: { $gte: date(100) } }, [['createdAt', 1]]],
    ] as [Doc, [string, 1 | -1][]][]) {
      const all = ids(plain.find(query, { sort }));
      const pages: string[] = [];
      for (let skip = 0; skip < all.length + 7; skip += 7)
        pages.push(...ids(indexed.find(query, { sort, skip, limit: 7 })));
      expect(pages).toEqual(all);
    }
  });

  test('projection is applied the same way on the indexed path', () => {
    const indexed = store.collection('indexed');
    const plain = store.collection('plain');
    const opts: FindOptions = { sort: [['createdAt', 1]], limit: 5, projection: { orgId: 1, 'nested.level': 1 } };
    expect(indexed.find({ orgId: 'o1' }, opts)).toEqual(plain.find({ orgId: 'o1' }, opts));
  });

  test('after updates and removals the indexes still agree with a full scan', () => {
    const writes = DOCS.filter((_d, i) => i % 7 === 0).map((d, k) => {
      const doc = k % 3 === 0 ? null : { ...cloneValue(d), orgId: pick(ORGS), tags: [pick(TAGS)], n: k };
      return { id: d._id as string, doc };
    });
    for (const name of ['indexed', 'plain']) store.commit(writes.map((w) => ({ collection: name, ...w })));
    const indexed = store.collection('indexed');
    const plain = store.collection('plain');
    for (let q = 0; q < 100; q++) {
      const query = randomQuery();
      const sort = pick(SORTS.slice(1));
      const opts = { sort, skip: Math.floor(rand() * 5), limit: 1 + Math.floor(rand() * 40) };
      expect({ query, opts, ids: ids(indexed.find(query, opts)) }).toEqual({
        query,
        opts,
        ids: ids(plain.find(query, opts)),
      });
    }
  });
});

describe('unique indexes in a batch', () => {
  const write = (id: string, doc: Doc | null) => ({ collection: 'uniq', id, doc: doc && { _id: id, ...doc } });
  const emails = () =>
    [...store.collection('uniq').docs.values()].map((d) => `${d._id as string}:${String(d.email)}`).sort();
  const rowCount = () =>
    (store.sqlite.prepare("SELECT COUNT(*) AS n FROM documents WHERE coll = 'uniq'").get() as { n: number }).n;

  beforeEach(() => {
    store.commit([...store.collection('uniq').docs.keys()].map((id) => write(id, null)));
    store.commit([write('u1', { email: 'a@x' }), write('u2', { email: 'b@x' })]);
  });

  test('two new documents claiming one key in the same batch: the whole batch fails, nothing is written', () => {
    expect(() => store.commit([write('u3', { email: 'c@x' }), write('u4', { email: 'c@x' })])).toThrow(
      /E11000.*email_unique/,
    );
    expect(emails()).toEqual(['u1:a@x', 'u2:b@x']);
    expect(rowCount()).toBe(2);
  });

  test('a new document taking an existing key fails, with the rest of its batch', () => {
    expect(() => store.commit([write('u3', { email: 'ok@x' }), write('u4', { email: 'a@x' })])).toThrow(/E11000/);
    expect(emails()).toEqual(['u1:a@x', 'u2:b@x']);
    expect(rowCount()).toBe(2);
  });

  test('a key freed in the same batch can be taken: by removal, by change, and in either order', () => {
    store.commit([write('u3', { email: 'a@x' }), write('u1', null)]);
    store.commit([write('u4', { email: 'b@x' }), write('u2', { email: 'b2@x' })]);
    expect(emails()).toEqual(['u2:b2@x', 'u3:a@x', 'u4:b@x']);
  });

  test('two documents may swap keys in one batch (the state it leaves is unique)', () => {
    store.commit([write('u1', { email: 'b@x' }), write('u2', { email: 'a@x' })]);
    expect(emails()).toEqual(['u1:b@x', 'u2:a@x']);
  });

  test('a document keeps its own key when rewritten', () => {
    store.commit([write('u1', { email: 'a@x', name: 'renamed' })]);
    expect(store.collection('uniq').docs.get('u1')).toEqual({ _id: 'u1', email: 'a@x', name: 'renamed' });
  });

  test('missing and null are one key (null), as in MongoDB', () => {
    store.commit([write('u3', { other: 1 })]);
    expect(() => store.commit([write('u4', { email: null })])).toThrow(/E11000/);
  });

  test('keys of different types do not collide: a date, its ISO string, a number and its string', () => {
    const when = new Date('2025-01-01T00:00:00Z');
    store.commit([
      write('u3', { email: when }),
      write('u4', { email: when.toISOString() }),
      write('u5', { email: 7 }),
      write('u6', { email: '7' }),
    ]);
    expect(() => store.commit([write('u7', { email: new Date(when.getTime()) })])).toThrow(/E11000/);
  });

  test('a multikey unique index: every element is a key, within and across documents', () => {
    const tagWrite = (id: string, labels: string[]) => ({ collection: 'tagset', id, doc: { _id: id, labels } });
    store.commit([tagWrite('t1', ['x', 'y', 'y'])]);
    expect(() => store.commit([tagWrite('t2', ['z', 'y'])])).toThrow(/labels_unique/);
    expect(() => store.commit([tagWrite('t2', ['p']), tagWrite('t3', ['q', 'p'])])).toThrow(/labels_unique/);
    store.commit([tagWrite('t2', ['p', 'q'])]);
    expect(
      store
        .collection('tagset')
        .find({ labels: 'q' })
        .map((d) => d._id),
    ).toEqual(['t2']);
  });
});

/** Reads through the unmodified wx-server-sdk: where/doc/orderBy/skip/limit/field, every query command, limits. */
import { EJSON } from 'bson';
import { admin, loadSdk, rejectionOf, startTestCloud, type Loose, type Sdk, type TestCloud } from './helpers';

let t: TestCloud;
let sdk: Sdk;
let db: Loose;
let _: Loose;

const PEOPLE = [
  {
    _id: 'p1',
    name: 'Ayi',
    age: 30,
    tags: ['a', 'b'],
    city: { name: 'Urumqi', zone: 1 },
    joined: new Date('2024-01-01T00:00:00Z'),
    scores: [
      { k: 'x', v: 5 },
      { k: 'y', v: 9 },
    ],
  },
  {
    _id: 'p2',
    name: 'Bai',
    age: 25,
    tags: ['b'],
    city: { name: 'Kashgar', zone: 2 },
    joined: new Date('2024-03-01T00:00:00Z'),
    scores: [{ k: 'x', v: 1 }],
  },
  {
    _id: 'p3',
    name: 'chen',
    age: 41,
    tags: [],
    city: { name: 'Urumqi', zone: 3 },
    joined: new Date('2023-06-01T00:00:00Z'),
    nick: null,
  },
  {
    _id: 'p4',
    name: 'Dilnur',
    age: 30,
    tags: ['a', 'b', 'c'],
    city: { name: 'Hotan', zone: 1 },
    joined: new Date('2024-05-01T00:00:00Z'),
    scores: [{ k: 'y', v: 7 }],
  },
  {
    _id: 'p5',
    name: 'Erkin',
    tags: ['c'],
    city: { name: 'Kashgar', zone: 2 },
    joined: new Date('2022-01-01T00:00:00Z'),
  },
];

beforeAll(async () => {
  t = await startTestCloud();
  sdk = loadSdk(t.url);
  db = sdk.database();
  _ = db.command;
  for (const person of PEOPLE) await db.collection('people').add({ data: person });
});
afterAll(() => t.close());

async function ids(query: Record<string, unknown>): Promise<string[]> {
  const res = await db.collection('people').where(query).get();
  return (res.data as { _id: string }[]).map((d: Loose) => d._id).sort();
}

describe('get', () => {
  test('collection.get answers { data, errMsg } with every document and its _id', async () => {
    const res = await db.collection('people').get();
    expect(res.errMsg).toBe('collection.get:ok');
    expect(res.data).toHaveLength(5);
    expect(res.data.find((d: Loose) => d._id === 'p1')).toEqual(PEOPLE[0]);
  });

  test('doc(id).get answers one document; a missing id is an error', async () => {
    const res = await db.collection('people').doc('p2').get();
    expect(res).toEqual({ data: PEOPLE[1], errMsg: 'document.get:ok' });
    const err = await rejectionOf(db.collection('people').doc('nobody').get());
    expect(err.errMsg).toMatch(/^document\.get:fail .*nobody does not exist/);
  });

  test('Date values come back as Date objects and compare as dates', async () => {
    const res = await db.collection('people').doc('p1').get();
    const doc = res.data as { joined: Date };
    expect(doc.joined).toBeInstanceOf(Date);
    expect(doc.joined.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(await ids({ joined: _.gte(new Date('2024-01-01T00:00:00Z')) })).toEqual(['p1', 'p2', 'p4']);
    expect(await ids({ joined: _.lt(new Date('2023-01-01T00:00:00Z')) })).toEqual(['p5']);
  });

  test('orderBy on several fields, both directions; a missing field sorts lowest', async () => {
    const res = await db.collection('people').orderBy('age', 'desc').orderBy('name', 'asc').get();
    expect(res.data.map((d: Loose) => d._id)).toEqual(['p3', 'p1', 'p4', 'p2', 'p5']);
    const asc = await db.collection('people').orderBy('age', 'asc').get();
    expect(asc.data[0]._id).toBe('p5');
  });

  test('orderBy a dot path', async () => {
    const res = await db.collection('people').orderBy('city.zone', 'desc').orderBy('_id', 'asc').get();
    expect(res.data.map((d: Loose) => d._id)).toEqual(['p3', 'p2', 'p5', 'p1', 'p4']);
  });

  test('skip and limit page through the sorted result', async () => {
    const page = (n: number) =>
      db
        .collection('people')
        .orderBy('name', 'asc')
        .skip(n * 2)
        .limit(2)
        .get();
    // Strings sort by code point: upper case before lower case.
    expect((await page(0)).data.map((d: Loose) => d.name)).toEqual(['Ayi', 'Bai']);
    expect((await page(1)).data.map((d: Loose) => d.name)).toEqual(['Dilnur', 'Erkin']);
    expect((await page(2)).data.map((d: Loose) => d.name)).toEqual(['chen']);
    expect((await page(3)).data).toEqual([]);
  });

  test('field() includes or excludes fields; _id is always kept on inclusion', async () => {
    const inc = await db.collection('people').doc('p1').field({ name: true, 'city.name': true }).get();
    expect(inc.data).toEqual({ _id: 'p1', name: 'Ayi', city: { name: 'Urumqi' } });
    const exc = await db
      .collection('people')
      .where({ _id: 'p2' })
      .field({ scores: false, tags: false, joined: false })
      .get();
    expect(exc.data).toEqual([{ _id: 'p2', name: 'Bai', age: 25, city: { name: 'Kashgar', zone: 2 } }]);
  });

  test('count answers { total, errMsg }, with or without where', async () => {
    expect(await db.collection('people').count()).toEqual({ total: 5, errMsg: 'collection.count:ok' });
    expect((await db.collection('people').where({ age: 30 }).count()).total).toBe(2);
  });

  test('an unknown collection fails with -502005 on every read', async () => {
    for (const call of [
      () => db.collection('nope').get(),
      () => db.collection('nope').doc('x').get(),
      () => db.collection('nope').where({ a: 1 }).count(),
    ]) {
      const err = await rejectionOf(call());
      expect(err.errCode).toBe(-502005);
      expect(err.errMsg).toContain('database collection not exists');
    }
  });
});

describe('where', () => {
  test('plain equality, on a top-level field and on a dot path', async () => {
    expect(await ids({ age: 30 })).toEqual(['p1', 'p4']);
    expect(await ids({ 'city.name': 'Urumqi' })).toEqual(['p1', 'p3']);
  });

  test('a nested object in where() matches by its fields, not as a whole object', async () => {
    // CloudBase flattens { city: { name } } to 'city.name', so documents with other city fields match too.
    expect(await ids({ city: { name: 'Kashgar' } })).toEqual(['p2', 'p5']);
  });

  test('a scalar matches any element of an array field', async () => {
    expect(await ids({ tags: 'c' })).toEqual(['p4', 'p5']);
    expect(await ids({ 'scores.k': 'y' })).toEqual(['p1', 'p4']);
  });

  test('eq / neq (neq also matches documents without the field)', async () => {
    expect(await ids({ age: _.eq(25) })).toEqual(['p2']);
    expect(await ids({ age: _.neq(30) })).toEqual(['p2', 'p3', 'p5']);
  });

  test('gt / gte / lt / lte', async () => {
    expect(await ids({ age: _.gt(30) })).toEqual(['p3']);
    expect(await ids({ age: _.gte(30) })).toEqual(['p1', 'p3', 'p4']);
    expect(await ids({ age: _.lt(30) })).toEqual(['p2']);
    expect(await ids({ age: _.lte(30) })).toEqual(['p1', 'p2', 'p4']);
  });

  test('in / nin (nin also matches documents without the field)', async () => {
    expect(await ids({ age: _.in([25, 41]) })).toEqual(['p2', 'p3']);
    expect(await ids({ age: _.nin([25, 41]) })).toEqual(['p1', 'p4', 'p5']);
    expect(await ids({ tags: _.in(['c']) })).toEqual(['p4', 'p5']);
  });

  test('and / or, on one field and across fields', async () => {
    expect(await ids({ age: _.gt(20).and(_.lt(30)) })).toEqual(['p2']);
    expect(await ids({ age: _.and(_.gte(25), _.lte(30)) })).toEqual(['p1', 'p2', 'p4']);
    expect(await ids({ age: _.lt(26).or(_.gt(40)) })).toEqual(['p2', 'p3']);
    const res = await db
      .collection('people')
      .where(_.or([{ age: 25 }, { name: 'chen' }]))
      .get();
    expect(res.data.map((d: Loose) => d._id).sort()).toEqual(['p2', 'p3']);
    const both = await db
      .collection('people')
      .where(_.and([{ age: 30 }, { 'city.zone': 1 }, { tags: 'c' }]))
      .get();
    expect(both.data.map((d: Loose) => d._id)).toEqual(['p4']);
  });

  test('nor / not', async () => {
    const res = await db
      .collection('people')
      .where(_.nor([{ age: 30 }, { tags: 'c' }]))
      .get();
    expect(res.data.map((d: Loose) => d._id).sort()).toEqual(['p2', 'p3']);
    expect(await ids({ age: _.not(_.gte(30)) })).toEqual(['p2', 'p5']);
  });

  test('exists: a null value exists, a missing field does not', async () => {
    expect(await ids({ age: _.exists(false) })).toEqual(['p5']);
    expect(await ids({ nick: _.exists(true) })).toEqual(['p3']);
    expect(await ids({ scores: _.exists(true) })).toEqual(['p1', 'p2', 'p4']);
  });

  test('size', async () => {
    expect(await ids({ tags: _.size(0) })).toEqual(['p3']);
    expect(await ids({ tags: _.size(2) })).toEqual(['p1']);
  });

  test('elemMatch needs one element to satisfy every condition', async () => {
    expect(await ids({ scores: _.elemMatch({ k: 'x', v: _.gt(3) }) })).toEqual(['p1']);
    expect(await ids({ scores: _.elemMatch({ v: _.gte(7) }) })).toEqual(['p1', 'p4']);
  });

  test('all', async () => {
    expect(await ids({ tags: _.all(['a', 'b']) })).toEqual(['p1', 'p4']);
    expect(await ids({ tags: _.all(['b', 'c']) })).toEqual(['p4']);
  });

  test('RegExp values: JavaScript literals and db.RegExp', async () => {
    expect(await ids({ name: /^[a-c]/i })).toEqual(['p1', 'p2', 'p3']);
    expect(await ids({ name: /^[a-c]/ })).toEqual(['p3']);
    expect(await ids({ name: db.RegExp({ regexp: 'N$', options: 'i' }) })).toEqual(['p3', 'p5']);
    expect(await ids({ 'city.name': db.RegExp({ regexp: 'gar' }) })).toEqual(['p2', 'p5']);
  });

  test('where() combined with orderBy, skip, limit and field', async () => {
    const res = await db
      .collection('people')
      .where({ tags: _.exists(true), age: _.gte(25) })
      .orderBy('age', 'asc')
      .orderBy('_id', 'desc')
      .skip(1)
      .limit(2)
      .field({ age: true })
      .get();
    expect(res.data).toEqual([
      { _id: 'p4', age: 30 },
      { _id: 'p1', age: 30 },
    ]);
  });
});

describe('limits', () => {
  beforeAll(async () => {
    // 1,200 documents in one insertDocument call, as a batch import would send them.
    const data = Array.from({ length: 1200 }, (_v, i) =>
      EJSON.stringify({ _id: `b${String(i).padStart(4, '0')}`, n: i }, { relaxed: false }),
    );
    const res = await admin(t.url, { action: 'database.insertDocument', collectionName: 'bulk', data });
    expect(res.status).toBe(200);
    expect(res.json.data.insertedIds).toHaveLength(1200);
  });

  test('get() returns 100 documents unless told otherwise', async () => {
    const res = await db.collection('bulk').get();
    expect(res.data).toHaveLength(100);
    expect((await db.collection('bulk').count()).total).toBe(1200);
  });

  test('limit() is capped at 1000', async () => {
    expect((await db.collection('bulk').limit(2000).get()).data).toHaveLength(1000);
    expect((await db.collection('bulk').limit(1000).skip(1000).get()).data).toHaveLength(200);
  });

  test('the server applies the same default and cap to a raw request', async () => {
    const get = (extra: Record<string, unknown>) =>
      admin(t.url, { action: 'database.getDocument', collectionName: 'bulk', queryType: 'WHERE', ...extra });
    expect((await get({})).json.data.list).toHaveLength(100);
    expect((await get({ limit: 5000 })).json.data.list).toHaveLength(1000);
    expect((await get({ limit: 7, offset: 1195 })).json.data.list).toHaveLength(5);
  });

  test('a raw reply is canonical EJSON, as the platform answers', async () => {
    const res = await admin(t.url, {
      action: 'database.getDocument',
      collectionName: 'people',
      queryType: 'DOC',
      query: EJSON.stringify({ _id: 'p1' }, { relaxed: false }),
    });
    const [raw] = res.json.data.list as string[];
    expect(typeof raw).toBe('string');
    expect(JSON.parse(raw)).toMatchObject({
      age: { $numberInt: '30' },
      joined: { $date: { $numberLong: '1704067200000' } },
    });
    expect(res.json.requestId).toEqual(expect.any(String));
  });
});

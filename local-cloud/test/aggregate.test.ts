/** Aggregation through the unmodified wx-server-sdk: match, group, sort, project, lookup, unwind, count and more. */
import { loadSdk, rejectionOf, startTestCloud, type Loose, type TestCloud } from './helpers';

let t: TestCloud;
let db: Loose;
let _: Loose;
let $: Loose;

const CUSTOMERS = [
  { _id: 'c1', name: 'Ayi', district: 'north' },
  { _id: 'c2', name: 'Bai', district: 'south' },
  { _id: 'c3', name: 'Chen', district: 'north' },
];
const ORDERS = [
  { _id: 'o1', customerId: 'c1', total: 30, items: ['rice', 'tea'], at: new Date('2024-01-05T00:00:00Z') },
  { _id: 'o2', customerId: 'c1', total: 10, items: ['tea'], at: new Date('2024-02-05T00:00:00Z') },
  { _id: 'o3', customerId: 'c2', total: 25, items: ['naan', 'tea', 'rice'], at: new Date('2024-02-07T00:00:00Z') },
  { _id: 'o4', customerId: 'c9', total: 5, items: [], at: new Date('2024-03-01T00:00:00Z') },
];

beforeAll(async () => {
  t = await startTestCloud();
  const sdk = loadSdk(t.url);
  db = sdk.database();
  _ = db.command;
  $ = _.aggregate;
  for (const c of CUSTOMERS) await db.collection('customers').add({ data: c });
  for (const o of ORDERS) await db.collection('orders').add({ data: o });
});
afterAll(() => t.close());

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Runs a pipeline. (wx-server-sdk's typings say end() may answer void, and miss $.pipeline and _.expr.) */
async function end(pipeline: unknown): Promise<Doc[]> {
  const res = await (pipeline as { end(): Promise<{ list: Doc[]; errMsg: string }> }).end();
  expect(res.errMsg).toBe('collection.aggregate:ok');
  return res.list;
}

test('aggregate answers { list, errMsg }', async () => {
  const res = await (
    db.collection('customers').aggregate().match({ district: 'south' }) as unknown as { end(): Promise<unknown> }
  ).end();
  expect(res).toEqual({ list: [CUSTOMERS[1]], errMsg: 'collection.aggregate:ok' });
});

test('match with query commands, then group with accumulators, then sort', async () => {
  const list = await end(
    db
      .collection('orders')
      .aggregate()
      .match({ total: _.gte(10) })
      .group({
        _id: '$customerId',
        spent: $.sum('$total'),
        orders: $.sum(1),
        biggest: $.max('$total'),
        avg: $.avg('$total'),
      })
      .sort({ spent: -1 }),
  );
  expect(list).toEqual([
    { _id: 'c1', spent: 40, orders: 2, biggest: 30, avg: 20 },
    { _id: 'c2', spent: 25, orders: 1, biggest: 25, avg: 25 },
  ]);
});

test('group by null over everything, with push and addToSet', async () => {
  const list = await end(
    db
      .collection('orders')
      .aggregate()
      .sort({ _id: 1 })
      .group({ _id: null, ids: $.push('$_id'), customers: $.addToSet('$customerId'), first: $.first('$total') }),
  );
  expect(list).toHaveLength(1);
  const [row] = list as { ids: string[]; customers: string[]; first: number }[];
  expect(row.ids).toEqual(['o1', 'o2', 'o3', 'o4']);
  expect(row.customers.sort()).toEqual(['c1', 'c2', 'c9']);
  expect(row.first).toBe(30);
});

test('project includes, excludes and computes fields', async () => {
  const list = await end(
    db
      .collection('orders')
      .aggregate()
      .match({ _id: 'o3' })
      .project({
        _id: 0,
        customerId: 1,
        count: $.size('$items'),
        double: $.multiply(['$total', 2]),
        month: $.month('$at'),
      }),
  );
  expect(list).toEqual([{ customerId: 'c2', count: 3, double: 50, month: 2 }]);
});

test('unwind an array, then count per element with sortByCount', async () => {
  const list = await end(db.collection('orders').aggregate().unwind('$items').sortByCount('$items'));
  expect(list).toEqual([
    { _id: 'tea', count: 3 },
    { _id: 'rice', count: 2 },
    { _id: 'naan', count: 1 },
  ]);
});

test('unwind with includeArrayIndex and preserveNullAndEmptyArrays', async () => {
  const list = await end(
    db
      .collection('orders')
      .aggregate()
      .match({ _id: _.in(['o2', 'o4']) })
      .unwind({ path: '$items', includeArrayIndex: 'i', preserveNullAndEmptyArrays: true })
      .project({ items: 1, i: 1 })
      .sort({ _id: 1 }),
  );
  expect(list).toEqual([
    { _id: 'o2', items: 'tea', i: 0 },
    { _id: 'o4', i: null },
  ]);
});

test('lookup joins another collection by field; a missing partner gives an empty list', async () => {
  const list = await end(
    db
      .collection('orders')
      .aggregate()
      .lookup({ from: 'customers', localField: 'customerId', foreignField: '_id', as: 'customer' })
      .sort({ _id: 1 })
      .project({ customer: 1 }),
  );
  expect(list).toEqual([
    { _id: 'o1', customer: [CUSTOMERS[0]] },
    { _id: 'o2', customer: [CUSTOMERS[0]] },
    { _id: 'o3', customer: [CUSTOMERS[1]] },
    { _id: 'o4', customer: [] },
  ]);
});

test('lookup with let and a pipeline', async () => {
  const list = await end(
    db
      .collection('customers')
      .aggregate()
      .lookup({
        from: 'orders',
        let: { cid: '$_id' },
        pipeline: $.pipeline()
          .match(_.expr($.and([$.eq(['$customerId', '$$cid']), $.gte(['$total', 20])])))
          .project({ _id: 1 })
          .done(),
        as: 'bigOrders',
      })
      .sort({ _id: 1 }),
  );
  expect(list.map((c: Loose) => [c._id, c.bigOrders])).toEqual([
    ['c1', [{ _id: 'o1' }]],
    ['c2', [{ _id: 'o3' }]],
    ['c3', []],
  ]);
});

test('count counts the documents reaching it; none reaching it gives no row (as MongoDB)', async () => {
  const some = await end(
    db
      .collection('orders')
      .aggregate()
      .match({ total: _.gt(9) })
      .count('n'),
  );
  expect(some).toEqual([{ n: 3 }]);
  const none = await end(
    db
      .collection('orders')
      .aggregate()
      .match({ total: _.gt(1000) })
      .count('n'),
  );
  expect(none).toEqual([]);
});

test('skip, limit, addFields and replaceRoot', async () => {
  const list = await end(
    db
      .collection('orders')
      .aggregate()
      .sort({ total: -1 })
      .skip(1)
      .limit(2)
      .addFields({ summary: { id: '$_id', big: $.gte(['$total', 20]) } })
      .replaceRoot({ newRoot: '$summary' }),
  );
  expect(list).toEqual([
    { id: 'o3', big: true },
    { id: 'o2', big: false },
  ]);
});

test('group by a computed key: a Date part', async () => {
  const list = await end(
    db
      .collection('orders')
      .aggregate()
      .group({ _id: $.month('$at'), n: $.sum(1) })
      .sort({ _id: 1 }),
  );
  expect(list).toEqual([
    { _id: 1, n: 1 },
    { _id: 2, n: 2 },
    { _id: 3, n: 1 },
  ]);
});

test('an unknown collection fails with DATABASE_COLLECTION_NOT_EXIST', async () => {
  // The SDK's aggregate path throws the platform's { code, message } as is, without mapping it to -502005.
  const err = await rejectionOf(end(db.collection('nope').aggregate().match({})));
  expect(err.code).toBe('DATABASE_COLLECTION_NOT_EXIST');
  expect(err.errMsg).toMatch(/^collection\.aggregate:fail .*Db or Table not exist: nope/);
});

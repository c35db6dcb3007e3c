/** Writes through the unmodified wx-server-sdk: add, update/set with every db.command operator, remove, serverDate. */
import { loadSdk, rejectionOf, startTestCloud, type Loose, type Sdk, type TestCloud } from './helpers';

let t: TestCloud;
let sdk: Sdk;
let db: Loose;
let _: Loose;
let seq = 0;

beforeAll(async () => {
  t = await startTestCloud();
  sdk = loadSdk(t.url);
  db = sdk.database();
  _ = db.command;
});
afterAll(() => t.close());

/** Adds a fresh document to `counters`, applies one update, and answers the update's result and the document. */
async function afterUpdate(doc: Record<string, unknown>, data: Record<string, unknown>) {
  const id = `u${++seq}`;
  await db.collection('counters').add({ data: { _id: id, ...doc } });
  const res = await db.collection('counters').doc(id).update({ data });
  const { data: after } = await db.collection('counters').doc(id).get();
  const { _id, ...rest } = after as Record<string, unknown>;
  expect(_id).toBe(id);
  return { res, doc: rest };
}

describe('add', () => {
  test('answers { _id, errMsg } with a generated id', async () => {
    const res = await db.collection('counters').add({ data: { n: 1 } });
    expect(res).toEqual({ _id: expect.stringMatching(/^[0-9a-f]{32}$/), errMsg: 'collection.add:ok' });
    expect(
      (
        await db
          .collection('counters')
          .doc(res._id as string)
          .get()
      ).data,
    ).toEqual({ _id: res._id, n: 1 });
  });

  test('keeps an _id given by the caller; adding it twice fails with -502001 E11000', async () => {
    expect(await db.collection('counters').add({ data: { _id: 'mine', n: 1 } })).toEqual({
      _id: 'mine',
      errMsg: 'collection.add:ok',
    });
    const err = await rejectionOf(db.collection('counters').add({ data: { _id: 'mine', n: 2 } }));
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toMatch(/^collection\.add:fail -502001 .*E11000 duplicate key/);
    expect((await db.collection('counters').doc('mine').get()).data).toEqual({ _id: 'mine', n: 1 });
  });

  test('from a function (no user identity) does not set _openid', async () => {
    const res = await db.collection('counters').add({ data: { n: 3 } });
    const { data } = await db
      .collection('counters')
      .doc(res._id as string)
      .get();
    expect(data).not.toHaveProperty('_openid');
  });

  test('stores nested objects, arrays, null, booleans, numbers and Dates as given', async () => {
    const value = {
      _id: 'shapes',
      int: 7,
      float: 1.5,
      neg: -3,
      big: 2 ** 40,
      bool: false,
      nil: null,
      text: '石榴籽',
      when: new Date('2025-02-03T04:05:06.789Z'),
      list: [1, 'two', { three: [3] }, null],
      nested: { a: { b: { c: 'deep' } }, empty: {}, emptyList: [] },
    };
    await db.collection('counters').add({ data: value });
    expect((await db.collection('counters').doc('shapes').get()).data).toEqual(value);
  });

  test('a RegExp value is stored and read back as the SDK decodes a BSON regular expression', async () => {
    await db.collection('counters').add({ data: { _id: 'rx', pattern: /^a.c$/im } });
    const { data } = await db.collection('counters').doc('rx').get();
    expect((data as { pattern: unknown }).pattern).toMatchObject({ pattern: '^a.c$', options: 'im' });
  });

  test('db.serverDate() is the server clock, with its offset', async () => {
    const before = Date.now();
    const res = await db
      .collection('counters')
      .add({ data: { at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) } });
    const after = Date.now();
    const { data } = await db
      .collection('counters')
      .doc(res._id as string)
      .get();
    const { at, later } = data as { at: Date; later: Date };
    expect(at).toBeInstanceOf(Date);
    expect(at.getTime()).toBeGreaterThanOrEqual(before);
    expect(at.getTime()).toBeLessThanOrEqual(after);
    expect(later.getTime() - at.getTime()).toBe(60_000);
  });

  test('an unknown collection fails with -502005', async () => {
    const err = await rejectionOf(db.collection('nope').add({ data: { a: 1 } }));
    expect(err.errCode).toBe(-502005);
  });
});

describe('update operators', () => {
  test('a plain object merges field by field (nested objects too) and answers stats.updated', async () => {
    const { res, doc } = await afterUpdate({ a: 1, city: { name: 'Hotan', zone: 1 } }, { b: 2, city: { zone: 9 } });
    expect(res).toEqual({ stats: { updated: 1 }, errMsg: 'document.update:ok' });
    expect(doc).toEqual({ a: 1, b: 2, city: { name: 'Hotan', zone: 9 } });
  });

  test('dot paths, into objects and into array elements', async () => {
    const { doc } = await afterUpdate(
      { city: { name: 'Hotan', zone: 1 }, list: [{ v: 1 }, { v: 2 }] },
      { 'city.zone': 5, 'list.1.v': 20, 'fresh.deep.path': true },
    );
    expect(doc).toEqual({
      city: { name: 'Hotan', zone: 5 },
      list: [{ v: 1 }, { v: 20 }],
      fresh: { deep: { path: true } },
    });
  });

  test('set replaces an object instead of merging it', async () => {
    const { doc } = await afterUpdate({ city: { name: 'Hotan', zone: 1 } }, { city: _.set({ zone: 2 }) });
    expect(doc).toEqual({ city: { zone: 2 } });
  });

  test('remove deletes a field', async () => {
    const { doc } = await afterUpdate({ a: 1, b: { c: 2, d: 3 } }, { a: _.remove(), 'b.c': _.remove() });
    expect(doc).toEqual({ b: { d: 3 } });
  });

  test('inc and mul (a missing field starts from 0)', async () => {
    const { doc } = await afterUpdate({ n: 5, m: 3 }, { n: _.inc(-2), m: _.mul(2.5), fresh: _.inc(4), zero: _.mul(7) });
    expect(doc).toEqual({ n: 3, m: 7.5, fresh: 4, zero: 0 });
  });

  test('push appends one value or each of an array', async () => {
    const { doc } = await afterUpdate({ a: [1], b: [1] }, { a: _.push(2), b: _.push([2, 3]), c: _.push('new') });
    expect(doc).toEqual({ a: [1, 2], b: [1, 2, 3], c: ['new'] });
  });

  test('push with each and position inserts in the middle (negative counts from the end)', async () => {
    const { doc } = await afterUpdate(
      { a: ['x', 'y', 'z'], b: ['x', 'y', 'z'] },
      { a: _.push({ each: ['p', 'q'], position: 1 }), b: _.push({ each: ['p'], position: -1 }) },
    );
    expect(doc).toEqual({ a: ['x', 'p', 'q', 'y', 'z'], b: ['x', 'y', 'p', 'z'] });
  });

  test('push with each and slice keeps the first or last n', async () => {
    const { doc } = await afterUpdate(
      { a: [1, 2, 3], b: [1, 2, 3] },
      { a: _.push({ each: [4, 5], slice: -3 }), b: _.push({ each: [4], slice: 2 }) },
    );
    expect(doc).toEqual({ a: [3, 4, 5], b: [1, 2] });
  });

  test('push with each and sort sorts the whole array, by a field or by value', async () => {
    const { doc } = await afterUpdate(
      { a: [{ s: 3 }, { s: 1 }], b: [5, 1] },
      { a: _.push({ each: [{ s: 2 }], sort: { s: 1 } }), b: _.push({ each: [3], sort: -1, slice: 2 }) },
    );
    expect(doc).toEqual({ a: [{ s: 1 }, { s: 2 }, { s: 3 }], b: [5, 3] });
  });

  test('pop removes the last element, shift the first, unshift prepends', async () => {
    const { doc } = await afterUpdate(
      { a: [1, 2, 3], b: [1, 2, 3], c: [3] },
      { a: _.pop(), b: _.shift(), c: _.unshift([1, 2]) },
    );
    expect(doc).toEqual({ a: [1, 2], b: [2, 3], c: [1, 2, 3] });
  });

  test('pull removes values equal to or matching a condition; pullAll removes each listed value', async () => {
    const { doc } = await afterUpdate(
      { a: [1, 2, 3, 2], b: [1, 5, 9], c: [{ k: 1 }, { k: 2 }], d: ['x', 'y', 'z', 'x'] },
      { a: _.pull(2), b: _.pull(_.gt(4)), c: _.pull({ k: 2 }), d: _.pullAll(['x', 'z']) },
    );
    expect(doc).toEqual({ a: [1, 3], b: [1], c: [{ k: 1 }], d: ['y'] });
  });

  test('addToSet adds only what is not there, one value or each of a list', async () => {
    const { doc } = await afterUpdate(
      { a: ['x'], b: ['x'], c: [1] },
      { a: _.addToSet('x'), b: _.addToSet({ each: ['x', 'y', 'y', 'z'] }), c: _.addToSet({ $each: [1, 2] }) },
    );
    expect(doc).toEqual({ a: ['x'], b: ['x', 'y', 'z'], c: [1, 2] });
  });

  test('min and max keep the smaller or larger value, Dates included', async () => {
    const early = new Date('2020-01-01T00:00:00Z');
    const late = new Date('2030-01-01T00:00:00Z');
    const { doc } = await afterUpdate(
      { lo: 5, hi: 5, lo2: 5, when: new Date('2025-01-01T00:00:00Z') },
      { lo: _.min(3), hi: _.max(9), lo2: _.min(8), when: _.max(late), fresh: _.min(early) },
    );
    expect(doc).toEqual({ lo: 3, hi: 9, lo2: 5, when: late, fresh: early });
  });

  test('rename moves a field, also into a nested path', async () => {
    const { doc } = await afterUpdate(
      { old: 1, keep: 2, inner: { a: 3 } },
      { old: _.rename('renamed'), 'inner.a': _.rename('inner.b') },
    );
    expect(doc).toEqual({ renamed: 1, keep: 2, inner: { b: 3 } });
  });

  test('several operators and serverDate in one update', async () => {
    const before = Date.now();
    const { doc } = await afterUpdate(
      { n: 1, list: [], gone: true },
      { n: _.inc(1), list: _.push('a'), gone: _.remove(), updatedAt: db.serverDate() },
    );
    expect(doc).toMatchObject({ n: 2, list: ['a'] });
    expect(doc).not.toHaveProperty('gone');
    expect((doc.updatedAt as Date).getTime()).toBeGreaterThanOrEqual(before);
  });
});

describe('Dates after an update', () => {
  test('an updated document still matches date queries, with and without an index, and sorts by date', async () => {
    const at = new Date('2025-05-05T00:00:00Z');
    await db.collection('journal').add({ data: { _id: 'dated', at, n: 1 } });
    await db
      .collection('journal')
      .doc('dated')
      .update({ data: { n: _.inc(1) } });
    const found = await db
      .collection('journal')
      .where({ at: _.gte(new Date('2025-01-01T00:00:00Z')) })
      .get();
    expect(found.data).toEqual([{ _id: 'dated', at, n: 2 }]);

    // things has an index on (orgId, status, createdAt): the range is answered from the index.
    for (const [id, day] of [
      ['e1', 1],
      ['e2', 2],
      ['e3', 3],
    ] as const) {
      await db.collection('things').add({
        data: {
          _id: id,
          code: `date-${id}`,
          orgId: 'org-d',
          status: 'open',
          createdAt: new Date(`2025-06-0${day}T00:00:00Z`),
        },
      });
      await db
        .collection('things')
        .doc(id)
        .update({ data: { touched: true } });
    }
    const recent = await db
      .collection('things')
      .where({ orgId: 'org-d', status: 'open', createdAt: _.gt(new Date('2025-06-01T12:00:00Z')) })
      .orderBy('createdAt', 'desc')
      .get();
    expect(recent.data.map((d: Loose) => d._id)).toEqual(['e3', 'e2']);
  });
});

describe('update and set', () => {
  beforeEach(async () => {
    await db
      .collection('orders')
      .where({ _id: _.exists(true) })
      .remove();
    for (let i = 0; i < 5; i++)
      await db.collection('orders').add({ data: { _id: `o${i}`, batch: 'b', n: i, status: i < 3 ? 'open' : 'done' } });
  });

  test('where().update changes every matching document and counts them in stats.updated', async () => {
    const res = await db
      .collection('orders')
      .where({ status: 'open' })
      .update({ data: { status: 'closed' } });
    expect(res).toEqual({ stats: { updated: 3 }, errMsg: 'collection.update:ok' });
    expect((await db.collection('orders').where({ status: 'closed' }).count()).total).toBe(3);
  });

  test('an update that matches nothing reports updated: 0 and creates nothing', async () => {
    const res = await db
      .collection('orders')
      .where({ status: 'missing' })
      .update({ data: { n: 1 } });
    expect(res.stats.updated).toBe(0);
    const doc = await db
      .collection('orders')
      .doc('nobody')
      .update({ data: { n: 1 } });
    expect(doc.stats.updated).toBe(0);
    expect((await db.collection('orders').where({ batch: 'b' }).count()).total).toBe(5);
  });

  test('a conditional update is the capacity check: it only applies while the condition holds', async () => {
    await db
      .collection('orders')
      .doc('o0')
      .update({ data: { seats: 0 } });
    const take = () =>
      db
        .collection('orders')
        .where({ _id: 'o0', seats: _.lte(10 - 4) })
        .update({ data: { seats: _.inc(4) } });
    const results = await Promise.all([take(), take(), take(), take()]);
    expect(results.map((r) => r.stats.updated).sort()).toEqual([0, 0, 1, 1]);
    expect(((await db.collection('orders').doc('o0').get()).data as { seats: number }).seats).toBe(8);
  });

  test('doc().set replaces the whole document and answers stats.updated', async () => {
    const res = await db
      .collection('orders')
      .doc('o1')
      .set({ data: { only: 'this' } });
    expect(res).toEqual({ _id: 'o1', errMsg: 'document.set:ok', stats: { updated: 1, created: 0 } });
    expect((await db.collection('orders').doc('o1').get()).data).toEqual({ _id: 'o1', only: 'this' });
  });

  test('doc().set on a missing id creates it (upsert) and answers stats.created', async () => {
    const res = await db
      .collection('orders')
      .doc('fresh')
      .set({ data: { batch: 'b', made: true } });
    expect(res).toEqual({ _id: 'fresh', errMsg: 'document.set:ok', stats: { updated: 0, created: 1 } });
    expect((await db.collection('orders').doc('fresh').get()).data).toEqual({ _id: 'fresh', batch: 'b', made: true });
  });

  test('where().remove removes every match and answers stats.removed; doc().remove one', async () => {
    expect(await db.collection('orders').where({ status: 'done' }).remove()).toEqual({
      stats: { removed: 2 },
      errMsg: 'collection.remove:ok',
    });
    expect(await db.collection('orders').doc('o0').remove()).toEqual({
      stats: { removed: 1 },
      errMsg: 'document.remove:ok',
    });
    expect((await db.collection('orders').doc('o0').remove()).stats.removed).toBe(0);
    expect((await db.collection('orders').where({ batch: 'b' }).get()).data.map((d: Loose) => d._id).sort()).toEqual([
      'o1',
      'o2',
    ]);
  });

  test('an unknown collection fails with -502005 on update, set and remove', async () => {
    for (const call of [
      () =>
        db
          .collection('nope')
          .where({ a: 1 })
          .update({ data: { a: 2 } }),
      () =>
        db
          .collection('nope')
          .doc('x')
          .set({ data: { a: 2 } }),
      () => db.collection('nope').where({ a: 1 }).remove(),
    ]) {
      expect((await rejectionOf(call())).errCode).toBe(-502005);
    }
  });
});

describe('unique indexes from the declaration', () => {
  beforeAll(async () => {
    await db.collection('things').add({ data: { _id: 't1', code: 'A' } });
    await db.collection('things').add({ data: { _id: 't2', code: 'B' } });
    await db.collection('things').add({ data: { _id: 't3' } });
  });

  test('add with a taken key fails with -502001 E11000 and adds nothing', async () => {
    const err = await rejectionOf(db.collection('things').add({ data: { code: 'A' } }));
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toContain('E11000 duplicate key error collection: things index: code_unique');
    expect((await db.collection('things').where({ code: 'A' }).count()).total).toBe(1);
  });

  test('update or set to a taken key fails and changes nothing', async () => {
    const err = await rejectionOf(
      db
        .collection('things')
        .doc('t2')
        .update({ data: { code: 'A' } }),
    );
    expect(err.errCode).toBe(-502001);
    expect(
      (
        await rejectionOf(
          db
            .collection('things')
            .doc('t2')
            .set({ data: { code: 'A' } }),
        )
      ).errCode,
    ).toBe(-502001);
    expect((await db.collection('things').doc('t2').get()).data).toEqual({ _id: 't2', code: 'B' });
  });

  test('a multi-document update that would make two keys equal fails as a whole', async () => {
    const err = await rejectionOf(
      db
        .collection('things')
        .where({ code: _.in(['A', 'B']) })
        .update({ data: { code: 'C' } }),
    );
    expect(err.errCode).toBe(-502001);
    const { data } = await db
      .collection('things')
      .where({ _id: _.in(['t1', 't2', 't3']) })
      .get();
    const codes = data.map((d: Loose) => d.code).sort();
    expect(codes).toEqual(['A', 'B', undefined]);
  });

  test('a document keeps its own key when updated, and a freed key can be taken', async () => {
    expect(
      (
        await db
          .collection('things')
          .doc('t1')
          .update({ data: { code: 'A', note: 'same key' } })
      ).stats.updated,
    ).toBe(1);
    await db
      .collection('things')
      .doc('t1')
      .update({ data: { code: 'Z' } });
    expect(
      (
        await db
          .collection('things')
          .doc('t2')
          .update({ data: { code: 'A' } })
      ).stats.updated,
    ).toBe(1);
  });

  test('like MongoDB, a missing key counts as null: a second document without it is a duplicate', async () => {
    const err = await rejectionOf(db.collection('things').add({ data: { other: 1 } }));
    expect(err.errCode).toBe(-502001);
  });
});

describe('collections', () => {
  test('createCollection makes a new collection usable; creating it again fails', async () => {
    await db.createCollection('made_here');
    await db.collection('made_here').add({ data: { _id: 'x' } });
    expect((await db.collection('made_here').count()).total).toBe(1);
    const err = await rejectionOf(db.createCollection('made_here'));
    expect(err.errMsg).toContain('already exists');
  });
});

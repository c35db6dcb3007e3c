/** Transactions through the unmodified wx-server-sdk: single-document only, commit, rollback, conflicts and retry. */
import { loadSdk, rejectionOf, startTestCloud, type Loose, type TestCloud } from './helpers';

let t: TestCloud;
let db: Loose;
let _: Loose;

beforeAll(async () => {
  t = await startTestCloud();
  db = loadSdk(t.url).database();
  _ = db.command;
});
afterAll(() => t.close());

beforeEach(async () => {
  await db
    .collection('counters')
    .where({ _id: _.exists(true) })
    .remove();
  await db.collection('counters').add({ data: { _id: 'seats', taken: 0, capacity: 10 } });
  await db.collection('counters').add({ data: { _id: 'other', n: 1 } });
});

async function read(id: string): Promise<Record<string, unknown> | undefined> {
  const res = await db.collection('counters').where({ _id: id }).get();
  return res.data[0];
}

/** A promise with its resolve function, to order two transactions' steps exactly. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

describe('runTransaction', () => {
  test('commits every write of the callback and answers the callback value', async () => {
    const result = await db.runTransaction(async (tx: Loose) => {
      const { data } = await tx.collection('counters').doc('seats').get();
      await tx
        .collection('counters')
        .doc('seats')
        .update({ data: { taken: data.taken + 3 } });
      await tx
        .collection('counters')
        .doc('other')
        .update({ data: { n: _.inc(1) } });
      await tx.collection('counters').add({ data: { _id: 'added', by: 'tx' } });
      return { before: data.taken };
    });
    expect(result).toEqual({ before: 0 });
    expect(await read('seats')).toMatchObject({ taken: 3 });
    expect(await read('other')).toMatchObject({ n: 2 });
    expect(await read('added')).toEqual({ _id: 'added', by: 'tx' });
  });

  test('reads inside a transaction see its own writes; others see nothing before the commit', async () => {
    const inside = signal();
    const checked = signal();
    const run = db.runTransaction(async (tx: Loose) => {
      await tx
        .collection('counters')
        .doc('seats')
        .update({ data: { taken: 5 } });
      await tx
        .collection('counters')
        .doc('fresh')
        .set({ data: { made: true } });
      const own = await tx.collection('counters').doc('seats').get();
      expect(own.data.taken).toBe(5);
      inside.fire();
      await checked.promise;
    });
    await inside.promise;
    expect(await read('seats')).toMatchObject({ taken: 0 });
    expect(await read('fresh')).toBeUndefined();
    checked.fire();
    await run;
    expect(await read('seats')).toMatchObject({ taken: 5 });
    expect(await read('fresh')).toEqual({ _id: 'fresh', made: true });
  });

  test('rollback(reason) aborts: runTransaction rejects with the reason and nothing is written', async () => {
    const err = await rejectionOf(
      db.runTransaction(async (tx: Loose) => {
        await tx
          .collection('counters')
          .doc('seats')
          .update({ data: { taken: 99 } });
        await tx.collection('counters').add({ data: { _id: 'ghost' } });
        await tx.collection('counters').doc('other').remove();
        await tx.rollback('full');
      }),
    );
    expect(err).toBe('full');
    expect(await read('seats')).toMatchObject({ taken: 0 });
    expect(await read('ghost')).toBeUndefined();
    expect(await read('other')).toMatchObject({ n: 1 });
  });

  test('a throwing callback aborts: the error comes back and nothing is written', async () => {
    const err = await rejectionOf(
      db.runTransaction(async (tx: Loose) => {
        await tx
          .collection('counters')
          .doc('seats')
          .update({ data: { taken: 99 } });
        throw new Error('changed my mind');
      }),
    );
    expect(err.message).toBe('changed my mind');
    expect(await read('seats')).toMatchObject({ taken: 0 });
  });

  test('where().get() inside a transaction is refused: transactions are single-document only', async () => {
    const err = await rejectionOf(
      db.runTransaction(async (tx: Loose) => {
        await tx
          .collection('counters')
          .doc('seats')
          .update({ data: { taken: 4 } });
        await tx.collection('counters').where({ taken: 0 }).get();
      }),
    );
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toMatch(/single-document operations only/);
    expect(await read('seats')).toMatchObject({ taken: 0 });
  });

  test('where().update() and count() on a transaction are sent without it: they run at once, outside it', async () => {
    // wx-server-sdk 4.0.2 leaves the transaction id off these requests, so neither the platform nor the local cloud
    // can tell them apart from plain calls. A rollback does not undo them.
    const tx = await db.startTransaction();
    const res = await tx
      .collection('counters')
      .where({ _id: 'seats' })
      .update({ data: { taken: 3 } });
    expect(res.stats.updated).toBe(1);
    expect((await tx.collection('counters').where({ taken: 3 }).count()).total).toBe(1);
    await tx.rollback();
    expect(await read('seats')).toMatchObject({ taken: 3 });
  });

  test('a document written by an open transaction is locked: another transaction writing it fails at once', async () => {
    const first = await db.startTransaction();
    await first
      .collection('counters')
      .doc('seats')
      .update({ data: { taken: 1 } });
    const err = await rejectionOf(
      db.runTransaction(async (tx: Loose) => {
        await tx
          .collection('counters')
          .doc('seats')
          .update({ data: { taken: 2 } });
      }),
    );
    // wx-server-sdk maps DATABASE_TRANSACTION_CONFLICT, which it has no number for, to -501001.
    expect(err.errMsg).toMatch(/^document\.update:fail -501001 .*database transaction conflict/);
    await first.commit();
    expect(await read('seats')).toMatchObject({ taken: 1 });
  });

  test('one of two conflicting transactions wins; runTransaction retries the other, which then sees the winner', async () => {
    const secondRead = signal();
    const firstCommitted = signal();
    const seenBySecond: number[] = [];

    const second = db.runTransaction(async (tx: Loose) => {
      const { data } = await tx.collection('counters').doc('seats').get();
      seenBySecond.push(data.taken);
      secondRead.fire();
      await firstCommitted.promise;
      // The snapshot still says what the first read said, although the first transaction has committed since.
      const again = await tx.collection('counters').doc('seats').get();
      expect(again.data.taken).toBe(data.taken);
      await tx
        .collection('counters')
        .doc('seats')
        .update({ data: { taken: data.taken + 10 } });
    });

    await secondRead.promise;
    await db.runTransaction(async (tx: Loose) => {
      const { data } = await tx.collection('counters').doc('seats').get();
      await tx
        .collection('counters')
        .doc('seats')
        .update({ data: { taken: data.taken + 1 } });
    });
    firstCommitted.fire();
    await second;

    expect(seenBySecond).toEqual([0, 1]);
    expect(await read('seats')).toMatchObject({ taken: 11 });
  });

  test('concurrent read-modify-write transactions never lose an update', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        db.runTransaction(async (tx: Loose) => {
          const { data } = await tx.collection('counters').doc('seats').get();
          await new Promise((r) => setTimeout(r, 5));
          await tx
            .collection('counters')
            .doc('seats')
            .update({ data: { taken: data.taken + 1 } });
        }, 20),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBeGreaterThan(0);
    // Exactly the transactions that reported success are counted; a loser either retried or reported its failure.
    expect(await read('seats')).toMatchObject({ taken: ok });
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/transaction conflict/);
  });
});

describe('startTransaction', () => {
  test('commit() makes the writes visible', async () => {
    const tx = await db.startTransaction();
    const res = await tx
      .collection('counters')
      .doc('seats')
      .update({ data: { taken: _.inc(4) } });
    expect(res.stats.updated).toBe(1);
    expect(await read('seats')).toMatchObject({ taken: 0 });
    await tx.commit();
    expect(await read('seats')).toMatchObject({ taken: 4 });
  });

  test('rollback() leaves nothing: no update, no insert, no removal', async () => {
    const tx = await db.startTransaction();
    await tx
      .collection('counters')
      .doc('seats')
      .update({ data: { taken: 7 } });
    await tx.collection('counters').add({ data: { _id: 'ghost', n: 1 } });
    await tx.collection('counters').doc('other').remove();
    await tx.rollback();
    expect(await read('seats')).toMatchObject({ taken: 0 });
    expect(await read('ghost')).toBeUndefined();
    expect(await read('other')).toMatchObject({ n: 1 });
  });

  test('a commit fails if someone outside the transaction changed a document it wrote', async () => {
    const tx = await db.startTransaction();
    await tx
      .collection('counters')
      .doc('seats')
      .update({ data: { taken: _.inc(1) } });
    await db
      .collection('counters')
      .doc('seats')
      .update({ data: { taken: 50 } });
    const err = await rejectionOf(tx.commit());
    expect(err.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await read('seats')).toMatchObject({ taken: 50 });
  });

  test('a committed or rolled back transaction cannot be used again', async () => {
    const tx = await db.startTransaction();
    await tx.commit();
    const err = await rejectionOf(tx.collection('counters').doc('seats').get());
    expect(err.errMsg ?? err.message).toMatch(/transaction/);
  });

  test('a duplicate _id added in a transaction fails at once with E11000', async () => {
    const tx = await db.startTransaction();
    const err = await rejectionOf(tx.collection('counters').add({ data: { _id: 'seats' } }));
    expect(err.errMsg ?? err.message).toContain('E11000');
    await tx.rollback();
  });

  test('a unique index conflict is checked at commit, and the aborted commit leaves nothing', async () => {
    await db.collection('things').add({ data: { _id: 'tA', code: 'tx-A' } });
    const tx = await db.startTransaction();
    await tx.collection('things').add({ data: { _id: 'tB', code: 'tx-A' } });
    await tx
      .collection('counters')
      .doc('seats')
      .update({ data: { taken: 1 } });
    const err = await rejectionOf(tx.commit());
    // commit() rejects with the platform's error as is: { code, message }.
    expect(err).toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('E11000') });
    expect((await db.collection('things').where({ _id: 'tB' }).get()).data).toEqual([]);
    expect(await read('seats')).toMatchObject({ taken: 0 });
  });
});

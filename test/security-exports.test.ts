import { newCaller, newEvent, signupInput } from './helpers/events';
import { TestProject, type Envelope } from './helpers/project';

/**
 * Audit finding 8: an export with full phones must not sit in storage for ever behind a day-long link. Each export
 * gets a link of at most 10 minutes, is recorded with its expiry, and is deleted by the `exports` function's timer
 * once expired; the answer says so.
 */

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

const TEN_MINUTES = 10 * 60_000;
const NOTE = '链接10分钟内有效，文件将自动删除';

/** The `exports` function called the way the platform calls a timer trigger: no caller identity. */
async function fireCleanup(): Promise<Envelope> {
  const res = await fetch(`${p.cloud.url}/fn/exports`, {
    method: 'POST',
    body: JSON.stringify({ Type: 'Timer', TriggerName: 'exportsCleanup', Time: new Date().toISOString() }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Envelope;
}

const recordOf = (fileID: string) => p.docs('exports').find((e) => e.fileID === fileID);

/** Plays the passing of time: the export's expiry is set a minute back. */
function expire(fileID: string): void {
  const record = recordOf(fileID)!;
  p.cloud.store.commit([
    { collection: 'exports', id: record._id as string, doc: { ...record, expiresAt: new Date(Date.now() - 60_000) } },
  ]);
}

/** The expiry written into a local temporary link (`t`, seconds). */
const linkExpiry = (url: string) => Number(new URL(url).searchParams.get('t')) * 1000;

test('a roster export with full phones: a 10-minute link, recorded, deleted by the timer once expired', async () => {
  const { id } = await newEvent(p, { capacity: 10 });
  await p.ok(newCaller(), 'events', 'signup', signupInput(id, 2, { contactPhone: '13912345678' }));
  const before = Date.now();
  const file = await p.ok('staff', 'events', 'exportRoster', { eventId: id, reason: '电话通知活动安排' });
  expect(file).toMatchObject({ masked: false, rows: 1, note: NOTE, fileID: expect.stringMatching(/\.xlsx$/) });
  const expiresAt = new Date(file.expiresAt).getTime();
  expect(file.expiresAt).toMatch(/\+08:00$/);
  expect(expiresAt).toBeGreaterThan(before);
  expect(expiresAt).toBeLessThanOrEqual(Date.now() + TEN_MINUTES);
  expect(linkExpiry(file.tempUrl)).toBeLessThanOrEqual(Date.now() + TEN_MINUTES + 1000);
  expect((await fetch(file.tempUrl)).status).toBe(200);
  expect(recordOf(file.fileID)).toMatchObject({ kind: 'event.roster', targetId: id, createdBy: 'demo-staff' });
  expect(new Date(recordOf(file.fileID)!.expiresAt as Date).getTime()).toBe(expiresAt);

  // Before its expiry the timer leaves it alone.
  expect(await fireCleanup()).toMatchObject({ ok: true });
  expect(p.cloud.storage.record(file.fileID)).toBeDefined();

  expire(file.fileID);
  const run = await fireCleanup();
  expect(run).toMatchObject({ ok: true, data: { failed: 0 } });
  expect(run.data.deleted).toBeGreaterThanOrEqual(1);
  expect(p.cloud.storage.record(file.fileID)).toBeUndefined();
  expect(recordOf(file.fileID)).toBeUndefined();
  expect((await fetch(file.tempUrl)).status).not.toBe(200);
});

test('nobody can pose as the timer, and the exports function still refuses unsigned calls', async () => {
  const { id } = await newEvent(p);
  const file = await p.ok('staff', 'events', 'exportRoster', { eventId: id });
  expire(file.fileID);
  const posing = await p.call('staff', 'exports', 'x', { Type: 'Timer', TriggerName: 'exportsCleanup' });
  expect(posing).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  expect(p.cloud.storage.record(file.fileID)).toBeDefined();
  expect(await fireCleanup()).toMatchObject({ ok: true });
  expect(p.cloud.storage.record(file.fileID)).toBeUndefined();
});

test('door plates are an export too: short link, recorded, said so', async () => {
  const grid = p.orgId('zxq-g4');
  const file = await p.ok('staff', 'plates', 'grid', { gridId: grid });
  expect(file).toMatchObject({ note: NOTE, count: expect.any(Number) });
  expect(new Date(file.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + TEN_MINUTES);
  expect(linkExpiry(file.tempUrl)).toBeLessThanOrEqual(Date.now() + TEN_MINUTES + 1000);
  expect(recordOf(file.fileID)).toMatchObject({ kind: 'plates.grid', targetId: grid });
  expire(file.fileID);
  await fireCleanup();
  expect(p.cloud.storage.record(file.fileID)).toBeUndefined();
});

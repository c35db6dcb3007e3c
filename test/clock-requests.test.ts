/**
 * The local cloud's clock (`POST /clock`) moves what the functions take for "now": a request filed today is not
 * overdue; with the clock past its due date it is overdue in every view (its own, the resident's list, the grid
 * worker's queue and counts); a request filed on the shifted clock is due from the shifted day; moving the clock back
 * undoes it.
 */
import { TestProject } from './helpers/project';

const DAY = 86_400_000;
let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());
afterEach(() => setClock(0));

async function setClock(offsetMs: number): Promise<void> {
  const res = await fetch(`${p.cloud.url}/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${p.cloud.credentials.secretKey}` },
    body: JSON.stringify({ offsetMs }),
  });
  if (res.status !== 200) throw new Error(`POST /clock answered ${res.status}: ${await res.text()}`);
}

let seq = 0;
/** A resident new to the grid scans its code and files a request, as the request form does. */
async function file(): Promise<{ who: string; id: string; dueAt: string; createdAt: string; overdue: boolean }> {
  const who = `clock-resident-${++seq}`;
  const scanned = await p.ok(who, 'qr', 'resolve', { scene: p.org('zxq-g1').scene });
  const created = await p.ok(who, 'requests', 'create', {
    orgId: scanned.id,
    category: 'employment',
    description: '想了解社区的就业培训安排，什么时候开班？',
    contactName: '马丽',
    contactPhone: '13812345678',
  });
  return { who, ...created };
}

const ids = (page: { items: { id: string }[] }) => page.items.map((r) => r.id);

test('with the clock past the due date, a request is overdue in every view; moving the clock back undoes it', async () => {
  const req = await file();
  expect(req.overdue).toBe(false);
  const dueInMs = Date.parse(req.dueAt) - Date.now();
  expect(dueInMs).toBeGreaterThan(DAY);
  const before = await p.ok('gridWorker', 'requests', 'counts', {});
  expect(ids(await p.ok('gridWorker', 'requests', 'queue', { overdue: true }))).not.toContain(req.id);

  await setClock(dueInMs + DAY);
  expect(await p.ok(req.who, 'requests', 'get', { id: req.id })).toMatchObject({ overdue: true, dueAt: req.dueAt });
  const mine = await p.ok(req.who, 'requests', 'listMine', {});
  expect(mine.items.find((r: { id: string }) => r.id === req.id)).toMatchObject({ overdue: true });
  expect(ids(await p.ok('gridWorker', 'requests', 'queue', { overdue: true }))).toContain(req.id);
  const after = await p.ok('gridWorker', 'requests', 'counts', {});
  expect(after.overdue).toBeGreaterThan(before.overdue);

  await setClock(0);
  expect(await p.ok(req.who, 'requests', 'get', { id: req.id })).toMatchObject({ overdue: false });
  expect(ids(await p.ok('gridWorker', 'requests', 'queue', { overdue: true }))).not.toContain(req.id);
});

test('a request filed on the shifted clock is filed and due from the shifted day', async () => {
  await setClock(10 * DAY);
  const req = await file();
  expect(Date.parse(req.createdAt) - Date.now()).toBeGreaterThan(10 * DAY - 60_000);
  expect(Date.parse(req.dueAt)).toBeGreaterThan(Date.now() + 11 * DAY);
  expect(req.overdue).toBe(false);
  // Its timeline starts on the shifted day too (the functions' `new Date()`).
  const view = await p.ok(req.who, 'requests', 'get', { id: req.id });
  expect(Date.parse(view.timeline[0].at)).toBeGreaterThan(Date.now() + 10 * DAY - 60_000);
});

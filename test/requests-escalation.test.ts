/**
 * Escalation and working days through /fn, with the local cloud's clock moved and the requests function's hourly
 * timer fired by hand: an unaccepted overdue request climbs once to its community (however often and however
 * concurrently the timer runs), heads that community's queue, and reaches its staff; it climbs to the street only
 * after the next level's due time. Due dates skip statutory holidays and count 调休 make-up days.
 */
import { fireTimer, setClockTo } from './helpers/clock';
import { TestProject } from './helpers/project';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());
afterEach(() => setClockTo(p));

let seq = 0;
async function file(category = 'employment') {
  const who = `esc-resident-${++seq}`;
  const created = await p.ok(who, 'requests', 'create', {
    orgId: p.orgId('zxq-g1'),
    category,
    description: '孩子转学的手续不清楚，想请社区帮忙问问',
  });
  return { who, ...created } as { who: string; id: string; dueAt: string };
}

const escalateRun = () => fireTimer(p, 'requests', 'escalateOverdue');
const escalations = async (id: string) =>
  (await p.ok('staff', 'requests', 'get', { id })).timeline.filter((t: { type: string }) => t.type === 'escalate');
const messagesAbout = async (who: string, id: string, type: string) =>
  (await p.ok(who, 'messages', 'list', { limit: 50 })).items.filter(
    (m: { link: string; type: string }) => m.link.endsWith(`id=${id}`) && m.type === type,
  );

test('a request filed just before 国庆 2026 is not overdue during the holiday; 调休 Saturday counts', async () => {
  await setClockTo(p, new Date('2026-09-29T10:00:00+08:00'));
  const req = await file(); // employment: 5 working days
  // 9-30 (1); 10-01..10-07 off; 10-08 (2), 10-09 (3), Saturday 10-10 is a make-up working day (4), 10-12 (5).
  expect(req.dueAt.slice(0, 16)).toBe('2026-10-12T10:00');
  await setClockTo(p, new Date('2026-10-07T18:00:00+08:00'));
  expect(await p.ok(req.who, 'requests', 'get', { id: req.id })).toMatchObject({ overdue: false });
  await escalateRun();
  expect(await escalations(req.id)).toHaveLength(0);
});

test('overdue and unaccepted: escalated once to the community, first in its queue, then to the street only after the next due time', async () => {
  const req = await file();
  const accepted = await file();
  await p.ok('gridWorker', 'requests', 'accept', { id: accepted.id });
  const pastDue = Date.parse(req.dueAt) + HOUR;

  await setClockTo(p, new Date(pastDue - 2 * HOUR));
  await escalateRun();
  expect(await escalations(req.id)).toHaveLength(0);

  await setClockTo(p, new Date(pastDue));
  // Two overlapping runs and a third after them: one step.
  await Promise.all([escalateRun(), escalateRun()]);
  await escalateRun();
  expect(await escalations(req.id)).toHaveLength(1);
  const view = await p.ok('staff', 'requests', 'get', { id: req.id });
  expect(view).toMatchObject({ escalatedLevel: 'community', escalatedOrgName: p.org('zxq').name, status: 'submitted' });
  expect(view.timeline.at(-1)).toMatchObject({ type: 'escalate' });
  expect(await messagesAbout('staff', req.id, 'request_escalated')).toHaveLength(1);
  expect(await messagesAbout('streetAdmin', req.id, 'request_escalated')).toHaveLength(0);
  // The accepted one is within its grace: it stays where it is.
  expect(await escalations(accepted.id)).toHaveLength(0);
  // The grid worker still sees it (its owner chain stays visible); the resident sees the level too.
  expect(await p.ok('gridWorker', 'requests', 'get', { id: req.id })).toMatchObject({ escalatedLevel: 'community' });

  // A newer request does not push it down the community's queue.
  const newer = await file();
  const queue = await p.ok('staff', 'requests', 'queue', { limit: 5 });
  expect(queue.items[0]).toMatchObject({ id: req.id, escalatedLevel: 'community' });
  expect(queue.items.map((r: { id: string }) => r.id)).toContain(newer.id);
  const all: string[] = [];
  for (let cursor: string | undefined, i = 0; i < 40; i++) {
    const page = await p.ok('staff', 'requests', 'queue', { limit: 3, ...(cursor ? { cursor } : {}) });
    all.push(...page.items.map((r: { id: string }) => r.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  expect(all.filter((x) => x === req.id)).toHaveLength(1);
  expect(new Set(all).size).toBe(all.length);

  // A day later the community's own due time has not passed: no second step.
  await setClockTo(p, new Date(pastDue + DAY));
  await escalateRun();
  expect(await escalations(req.id)).toHaveLength(1);

  // Well past it (5 working days from the step): on to the street, whose admin hears of it.
  await setClockTo(p, new Date(pastDue + 10 * DAY));
  await Promise.all([escalateRun(), escalateRun()]);
  expect(await escalations(req.id)).toHaveLength(2);
  expect(await p.ok('staff', 'requests', 'get', { id: req.id })).toMatchObject({ escalatedLevel: 'street' });
  expect(await messagesAbout('streetAdmin', req.id, 'request_escalated')).toHaveLength(1);
  const streetQueue = await p.ok('streetAdmin', 'requests', 'queue', { orgId: p.orgId('gs'), limit: 3 });
  expect(streetQueue.items[0]).toMatchObject({ id: req.id, escalatedLevel: 'street' });
});

test('an accepted request climbs only after its category’s grace', async () => {
  const req = await file('consult'); // consult: 2 working days of grace
  await p.ok('gridWorker', 'requests', 'accept', { id: req.id });
  await setClockTo(p, new Date(Date.parse(req.dueAt) + HOUR));
  await escalateRun();
  expect(await escalations(req.id)).toHaveLength(0);
  await setClockTo(p, new Date(Date.parse(req.dueAt) + 6 * DAY));
  await escalateRun();
  expect(await escalations(req.id)).toHaveLength(1);
  // The requester hears nothing of the internal step, but the staff queue marks it.
  expect(await p.ok(req.who, 'requests', 'get', { id: req.id })).toMatchObject({ escalatedLevel: 'community' });
});

test('the timer cannot be fired by a caller: an OPENID makes it a normal call', async () => {
  const res = await p.call('resident', 'requests', 'escalateOverdue' as never, {});
  expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
});

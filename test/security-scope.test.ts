import { withCheckChar } from '../miniprogram/shared/idcard';
import { inMinutes, newCaller, newEvent, signupInput } from './helpers/events';
import { fixtureAdmin, TestProject, type Envelope } from './helpers/project';

/**
 * Audit findings 1 and 5, played as the attacker would: a replayed create must not hand back a record that has
 * left the caller's scope, and nothing a caller outside a record's scope can send may tell "exists elsewhere" from
 * "does not exist" — not a duplicate flag, not a list cursor, not a check-in code.
 */

let p: TestProject;
/** A grid worker of 安公社区第一网格 (成都), the other city of the demo data. */
const CD_WORKER = 'security-cd-worker';
/** A grid worker of 中心区社区第二网格 (昆明), the same community as the demo grid worker's grid 1. */
const G2_WORKER = 'security-g2-worker';

beforeAll(async () => {
  p = await TestProject.start();
  for (const [key, openid] of [
    ['ag-g1', CD_WORKER],
    ['zxq-g2', G2_WORKER],
  ]) {
    const { code } = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'grid_worker', orgId: p.orgId(key) });
    await p.ok(openid, 'users', 'redeemInvite', { code });
  }
});
afterAll(() => p.stop());

let seq = 0;
/** A fresh, valid, fictional ID number of a man (odd 17th digit), born 1990-01-01. */
function idNumber(): string {
  return withCheckChar(`53230119900101${String(++seq).padStart(2, '0')}1`);
}

let room = 100;
function household(grid: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    gridId: p.orgId(grid),
    address: { estate: '安全测试小区', building: String(1 + (room % 9)), room: String(++room) },
    members: [{ name, gender: 'male', ethnicity: '03', residency: 'floating', ...extra }],
  };
}

/** Every answer of these tests: never INTERNAL (a 5xx already fails `p.call`). */
async function call(who: string, fn: string, action: string, data: Record<string, unknown>): Promise<Envelope> {
  const res = await p.call(who, fn, action, data);
  expect(res.error?.code).not.toBe('INTERNAL');
  return res;
}

describe('finding 1: a replayed create answers only within the caller’s scope', () => {
  test('a household registered with a clientToken, then transferred to another city, is NOT_FOUND on replay', async () => {
    const clientToken = 'replay-after-transfer-1';
    const input = household('zxq-g1', '回放测试户主', { idNumber: idNumber(), phone: '13988880001' });
    const created = await p.ok('gridWorker', 'households', 'create', { ...input, clientToken });
    // While it is still theirs, a replay is the same household (a double tap registers one).
    expect((await p.ok('gridWorker', 'households', 'create', { ...input, clientToken })).id).toBe(created.id);

    await p.ok('gridWorker', 'households', 'transfer', { id: created.id, toGridId: p.orgId('ag-g1'), reason: '搬家' });
    await p.ok(CD_WORKER, 'households', 'addMember', {
      id: created.id,
      member: { name: '成都新成员', gender: 'female', ethnicity: '25', residency: 'floating', phone: '13988880002' },
    });
    const get = await call('gridWorker', 'households', 'get', { id: created.id });
    expect(get).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const replay = await call('gridWorker', 'households', 'create', { ...input, clientToken });
    expect(replay).toEqual(get);
    for (const leak of ['回放测试户主', '成都新成员', '8880002', created.scene]) {
      expect(JSON.stringify(replay)).not.toContain(leak);
    }
    // Nothing new was registered by the replay.
    expect(p.docs('households').filter((h) => h._id === created.id)).toHaveLength(1);
    expect(p.docs('householdMembers').filter((m) => m.name === '回放测试户主')).toHaveLength(1);
  });

  test('racing replays of one token all answer with the one household, and count once against the limit', async () => {
    const input = { ...household('zxq-g1', '并发双击户'), clientToken: 'racing-replays-0001' };
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => call('gridWorker', 'households', 'create', input)),
    );
    const ids = new Set(answers.map((a) => a.data?.id));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(ids.size).toBe(1);
    expect(p.docs('householdMembers').filter((m) => m.name === '并发双击户')).toHaveLength(1);
    const counter = p
      .docs('rateLimits')
      .find((c) => String(c._id).startsWith('households.create:') && String(c._id).endsWith(':demo-grid-worker'));
    expect((counter?.tokens as string[]).filter((t) => t === input.clientToken)).toHaveLength(1);
  });

  test('a request replay answers with the request as `get` shows it to the requester', async () => {
    const who = newCaller('replayer');
    const input = {
      orgId: p.orgId('zxq-g1'),
      category: 'consult',
      description: '想咨询孩子入学需要哪些材料',
      clientToken: 'request-replay-0001',
    };
    const first = await p.ok(who, 'requests', 'create', input);
    await p.ok('staff', 'requests', 'transfer', { id: first.id, toOrgId: p.orgId('ag'), reason: '已迁居成都' });
    const replay = await p.ok(who, 'requests', 'create', input);
    expect(replay).toEqual(await p.ok(who, 'requests', 'get', { id: first.id }));
  });
});

describe('finding 5: no oracle for records outside the caller’s scope', () => {
  test('an ID number registered in another city is not flagged to the prober: same answer as an unknown number', async () => {
    const registered = idNumber();
    const kunming = await p.ok(
      'gridWorker',
      'households',
      'create',
      household('zxq-g1', '昆明登记', { idNumber: registered }),
    );

    const probe = await p.ok(CD_WORKER, 'households', 'create', household('ag-g1', '探测甲', { idNumber: registered }));
    const control = await p.ok(
      CD_WORKER,
      'households',
      'create',
      household('ag-g1', '探测乙', { idNumber: idNumber() }),
    );
    for (const answer of [probe, control]) {
      expect(answer.duplicate).toBe(false);
      expect(answer.members[0].duplicate).toBe(false);
      expect(answer.members[0].duplicates).toBeUndefined();
    }
    expect(JSON.stringify(probe)).not.toContain(kunming.id);
    const probeGet = await p.ok(CD_WORKER, 'households', 'get', { id: probe.id });
    expect(probeGet.duplicate).toBe(false);
    expect(probeGet.members[0]).not.toHaveProperty('duplicates');
    const listed = await p.ok(CD_WORKER, 'households', 'list', { gridId: p.orgId('ag-g1'), limit: 50 });
    expect(listed.items.find((h: { id: string }) => h.id === probe.id).duplicate).toBe(false);
    const searched = await p.ok(CD_WORKER, 'households', 'list', { gridId: p.orgId('ag-g1'), q: '探测甲' });
    expect(searched.items[0].duplicate).toBe(false);
    // Nor is the Kunming side told that someone in Chengdu holds the number.
    expect((await p.ok('gridWorker', 'households', 'get', { id: kunming.id })).duplicate).toBe(false);
    expect((await p.ok('streetAdmin', 'households', 'get', { id: kunming.id })).duplicate).toBe(false);

    // A reviewer over both records (the root admin) is told, with where the other one is.
    const reviewer = await p.ok('rootAdmin', 'households', 'get', { id: probe.id });
    expect(reviewer.duplicate).toBe(true);
    expect(reviewer.members[0].duplicates).toEqual([
      expect.objectContaining({ inYourScope: true, householdId: kunming.id, memberId: kunming.members[0].memberId }),
    ]);
    const reviewerList = await p.ok('rootAdmin', 'households', 'list', { gridId: p.orgId('ag-g1'), limit: 50 });
    expect(reviewerList.items.find((h: { id: string }) => h.id === probe.id).duplicate).toBe(true);
  });

  test('two grids of one community: the community staff see the duplicate, neither grid worker does', async () => {
    const shared = idNumber();
    const a = await p.ok('gridWorker', 'households', 'create', household('zxq-g1', '社区内甲', { idNumber: shared }));
    const b = await p.ok(G2_WORKER, 'households', 'create', household('zxq-g2', '社区内乙', { idNumber: shared }));
    expect(b.duplicate).toBe(false);
    expect((await p.ok('gridWorker', 'households', 'get', { id: a.id })).duplicate).toBe(false);
    for (const reviewer of ['staff', 'streetAdmin']) {
      const view = await p.ok(reviewer, 'households', 'get', { id: b.id });
      expect(view.duplicate).toBe(true);
      expect(view.members[0].duplicates).toEqual([expect.objectContaining({ inYourScope: true, householdId: a.id })]);
    }
    const community = await p.ok('staff', 'households', 'list', { orgId: p.orgId('zxq'), q: '社区内' });
    expect(community.items.map((h: { duplicate: boolean }) => h.duplicate)).toEqual([true, true]);
  });

  test('a list cursor from another scope answers exactly like a random string', async () => {
    const kunming = await p.ok('gridWorker', 'households', 'create', household('zxq-g1', '游标户'));
    const own = await p.ok(CD_WORKER, 'households', 'create', household('ag-g1', '游标本网格'));
    const asRandom = await call(CD_WORKER, 'households', 'list', { gridId: p.orgId('ag-g1'), cursor: 'abcdef0123' });
    expect(asRandom).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const foreign = await call(CD_WORKER, 'households', 'list', { gridId: p.orgId('ag-g1'), cursor: kunming.id });
    expect(foreign).toEqual(asRandom);
    // The same for a name search, whose cursor is a member id.
    const search = { gridId: p.orgId('ag-g1'), q: '游标' };
    const randomMember = await call(CD_WORKER, 'households', 'list', { ...search, cursor: 'abcdef0123' });
    const foreignMember = await call(CD_WORKER, 'households', 'list', {
      ...search,
      cursor: kunming.members[0].memberId,
    });
    expect(foreignMember).toEqual(randomMember);
    // A household of the caller's own list is still a cursor.
    expect(await call(CD_WORKER, 'households', 'list', { gridId: p.orgId('ag-g1'), cursor: own.id })).toMatchObject({
      ok: true,
    });
    // And a grid's list does not take a cursor from another grid of the same community.
    const g2 = await p.ok(G2_WORKER, 'households', 'create', household('zxq-g2', '邻网格户'));
    expect(await call('staff', 'households', 'list', { gridId: p.orgId('zxq-g1'), cursor: g2.id })).toEqual(
      await call('staff', 'households', 'list', { gridId: p.orgId('zxq-g1'), cursor: 'abcdef0123' }),
    );
  });

  test('a check-in code of another org’s event answers like an unknown code, unless the caller manages both', async () => {
    const kunmingEvent = await newEvent(p, { startAt: inMinutes(60) }, 'zxq');
    const chengduEvent = await newEvent(p, { startAt: inMinutes(60) }, 'ag');
    const { checkinCode } = await p.ok(newCaller(), 'events', 'signup', signupInput(kunmingEvent.id, 2));
    const unknown = await call('chengduStaff', 'events', 'checkin', {
      eventId: chengduEvent.id,
      checkinCode: 'AAAAAAAAAAAAAAAA',
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('chengduStaff', 'events', 'checkin', { eventId: chengduEvent.id, checkinCode })).toEqual(unknown);
    // The root admin manages both events: for them it is the wrong event, and nothing is checked in.
    expect(await call('rootAdmin', 'events', 'checkin', { eventId: chengduEvent.id, checkinCode })).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', details: { reason: 'WRONG_EVENT' } },
    });
    expect(p.docs('signups').find((s) => s.checkinCode === checkinCode)!.checkedInAt).toBeNull();
  });
});

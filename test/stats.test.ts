import * as XLSX from '@e965/xlsx';
import { withCheckChar } from '../miniprogram/shared/idcard';
import { fixtureAdmin, TestProject } from './helpers/project';

/**
 * Dashboards: a small world with known numbers (a new community with two grids), read through `stats` as its staff,
 * its grid worker, outsiders and residents. Every figure must equal both the numbers seeded and a recount from the
 * records; small cells come back as '<5'; no answer ever holds a name, phone or ID number.
 */

let p: TestProject;
let community: string;
let g1: string;
let g2: string;
const staff = 'stats-staff';
const worker = 'stats-g1-worker';
/** Every personal value seeded here: no stats answer may contain one. */
const secrets = new Set<string>();
const answers: unknown[] = [];

let seq = 0;
function idNumber(): string {
  const n = ++seq;
  const id = withCheckChar(`530102199001${String(10 + (n % 20)).padStart(2, '0')}${String(n).padStart(2, '0')}1`);
  secrets.add(id);
  return id;
}
function phone(): string {
  const value = `137${String(20_000_000 + ++seq * 7919).slice(-8)}`;
  secrets.add(value);
  return value;
}
function member(name: string, ethnicity: string, residency: 'registered' | 'floating') {
  secrets.add(name);
  return { name, gender: 'male', ethnicity, residency, idNumber: idNumber(), phone: phone() };
}

async function grant(role: string, orgId: string, openid: string) {
  const { code } = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role, orgId });
  await p.ok(openid, 'users', 'redeemInvite', { code });
}

async function stats(who: string, action: string, data: Record<string, unknown>) {
  const answer = await p.ok(who, 'stats', action, data);
  answers.push(answer);
  return answer;
}

let room = 0;
const address = () => ({ estate: '统计小区', building: '1', unit: '1', room: String(++room) });
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

let householdA: { id: string; members: { memberId: string }[] };

beforeAll(async () => {
  p = await TestProject.start();
  const street = p.orgId('gs');
  community = (
    await p.ok(fixtureAdmin(), 'orgs', 'create', { parentId: street, name: '统计测试社区', level: 'community' })
  ).id;
  g1 = (await p.ok(fixtureAdmin(), 'orgs', 'create', { parentId: community, name: '统计一网格', level: 'grid' })).id;
  g2 = (await p.ok(fixtureAdmin(), 'orgs', 'create', { parentId: community, name: '统计二网格', level: 'grid' })).id;
  await grant('staff', community, staff);
  await grant('grid_worker', g1, worker);

  // G1: household A, 3 people (2 回族 floating, 1 汉族 registered); household B, 6 汉族 registered. G2: 1 回族 floating.
  householdA = await p.ok(worker, 'households', 'create', {
    gridId: g1,
    address: address(),
    members: [
      member('马统一', '03', 'floating'),
      member('马统二', '03', 'floating'),
      member('张统三', '01', 'registered'),
    ],
  });
  await p.ok(worker, 'households', 'create', {
    gridId: g1,
    address: address(),
    members: ['李', '王', '赵', '钱', '孙', '周'].map((s) => member(`${s}统计`, '01', 'registered')),
  });
  await p.ok(staff, 'households', 'create', {
    gridId: g2,
    address: address(),
    members: [member('丁统', '03', 'floating')],
  });
  // 张统三 moves out: he leaves every count.
  await p.ok(worker, 'households', 'moveOut', {
    id: householdA.id,
    memberId: householdA.members[2].memberId,
    reason: '搬家',
  });

  // Requests in G1: medical ×2 (one resolved and rated 4), legal aid ×1 (withdrawn).
  const r1 = await p.ok('stats-resident-1', 'requests', 'create', {
    orgId: g1,
    category: 'medical',
    description: '看病',
  });
  await p.ok('stats-resident-2', 'requests', 'create', { orgId: g1, category: 'medical', description: '就医' });
  const r3 = await p.ok('stats-resident-1', 'requests', 'create', {
    orgId: g1,
    category: 'legal_aid',
    description: '咨询',
  });
  await p.ok(worker, 'requests', 'accept', { id: r1.id });
  await p.ok(worker, 'requests', 'resolve', { id: r1.id, resolution: '已陪同就医' });
  await p.ok('stats-resident-1', 'requests', 'rate', { id: r1.id, score: 4 });
  await p.ok('stats-resident-1', 'requests', 'withdraw', { id: r3.id });

  // An event of the community: two families (3 + 2 people), one halal dish, the first checked in.
  const event = await p.ok(staff, 'events', 'create', {
    orgId: community,
    type: 'banquet',
    title: '统计百家宴',
    location: { name: '社区广场' },
    startAt: inDays(5),
    capacity: 50,
  });
  const s1 = await p.ok('stats-resident-1', 'events', 'signup', {
    eventId: event.id,
    partySize: 3,
    contactName: '马统一',
    contactPhone: phone(),
    dish: { name: '手抓饭', cuisine: '新疆菜', halal: true },
  });
  await p.ok('stats-resident-2', 'events', 'signup', {
    eventId: event.id,
    partySize: 2,
    contactName: '李统计',
    contactPhone: phone(),
    dish: { name: '汽锅鸡', cuisine: '滇菜', halal: false },
  });
  await p.ok(staff, 'events', 'checkin', { eventId: event.id, checkinCode: s1.checkinCode });
});

afterAll(async () => {
  // Nothing personal in any answer of this file.
  const all = JSON.stringify(answers);
  for (const secret of secrets) expect(all).not.toContain(secret);
  await p.stop();
});

describe('overview of a small world', () => {
  test('the community: exact totals, breakdowns with small cells, moved-out members gone', async () => {
    const o = await stats(staff, 'overview', { orgId: community });
    expect(o.org).toMatchObject({ id: community, name: '统计测试社区', level: 'community' });
    expect(o.residents.total).toBe(9);
    expect(o.residents.registered).toBe(6);
    expect(o.residents.floating).toBe('<5');
    expect(o.residents.byEthnicity).toEqual([
      { code: '01', name: '汉族', count: 6 },
      { code: '03', name: '回族', count: '<5' },
    ]);
    expect(o.households).toEqual({ total: 3, complete: expect.any(Number), incomplete: expect.any(Number) });
    expect(o.households.complete + o.households.incomplete).toBe(3);
    expect(o.requests).toMatchObject({
      open: 1,
      overdue: 0,
      resolved: 1,
      byStatus: { submitted: '<5', accepted: 0, resolved: 0, closed: '<5', withdrawn: '<5' },
      byCategory: [
        { category: 'medical', count: '<5' },
        { category: 'legal_aid', count: '<5' },
      ],
      satisfaction: { rated: 1, average: 4 },
    });
    expect(o.requests.medianHoursToResolve).toBe(0.5);
    expect(o.events).toEqual({ held: 0, signups: 2, people: 5, checkedIn: 3, dishes: 2, cuisines: 2, halalDishes: 1 });
    expect(o.surveys).toEqual({ open: 0, responses: 0 });
  });

  test('children: one row per grid, adding up to the community', async () => {
    const { items, org } = await stats(staff, 'children', { orgId: community });
    expect(org.id).toBe(community);
    const byName = Object.fromEntries(items.map((i: { name: string }) => [i.name, i]));
    expect(byName['统计一网格']).toMatchObject({
      orgId: g1,
      level: 'grid',
      residents: 8,
      floating: '<5',
      households: 2,
      requestsOpen: 1,
      overdue: 0,
      satisfaction: 4,
    });
    expect(byName['统计二网格']).toMatchObject({
      orgId: g2,
      residents: 1,
      floating: '<5',
      households: 1,
      requestsOpen: 0,
      satisfaction: null,
    });
  });

  test('trend: this month holds what was registered, created, resolved and attended', async () => {
    const month = (await stats(staff, 'trend', { orgId: community, metric: 'newResidents', months: 3 })).points;
    expect(month).toHaveLength(3);
    expect(month[2].value).toBe(9);
    expect(month[0].value).toBe(0);
    const created = (await stats(staff, 'trend', { orgId: community, metric: 'requestsCreated' })).points;
    expect(created).toHaveLength(12);
    expect(created[11].value).toBe(3);
    const resolved = (await stats(staff, 'trend', { orgId: community, metric: 'requestsResolved', months: 1 })).points;
    expect(resolved[0].value).toBe(1);
    const floating = (await stats(staff, 'trend', { orgId: community, metric: 'floatingArrivals', months: 1 })).points;
    expect(floating[0].value).toBe('<5');
    const attendance = (await stats(staff, 'trend', { orgId: community, metric: 'attendance', months: 1 })).points;
    expect(attendance[0].value).toBe(3);
  });

  test('the counters equal a recount from the records: nothing to repair', async () => {
    const result = await p.ok(staff, 'stats', 'recount', { orgId: community });
    expect(result).toMatchObject({ orgs: 3, repaired: [], done: true });
    expect(result.records).toBeGreaterThan(10);
  });

  test('drift is found and repaired by the recount', async () => {
    const doc = p.cloud.store.collection('orgStats').docs.get(g2)!;
    // Counters other domains keep (bumpCounters) are theirs: the recount leaves them alone.
    const foreign = { surveys: { open: 1, responses: 7 }, community: { pairs: 2 } };
    p.cloud.store
      .collection('orgStats')
      .docs.set(g2, { ...doc, ...foreign, residents: { total: 40, floating: 3, eth: { '03': 2 } } });
    const result = await p.ok(staff, 'stats', 'recount', { orgId: community });
    const repaired = result.repaired.find((r: { orgId: string }) => r.orgId === g2);
    expect(repaired.drift).toMatchObject({ 'residents.total': -39, 'residents.floating': -2, 'residents.eth.03': -1 });
    expect((await stats(staff, 'overview', { orgId: g2 })).residents.total).toBe(1);
    expect(p.cloud.store.collection('orgStats').docs.get(g2)).toMatchObject(foreign);
    expect(Object.keys(repaired.drift).filter((k) => k.startsWith('surveys') || k.startsWith('community'))).toEqual([]);
  });
});

describe('who may read', () => {
  test('the grid worker reads their own grid, not the community nor the other grid', async () => {
    const o = await stats(worker, 'overview', { orgId: g1 });
    expect(o.residents.total).toBe(8);
    expect(o.org.parentId).toBeNull();
    for (const orgId of [community, g2]) {
      const res = await p.call(worker, 'stats', 'overview', { orgId });
      expect(res.error?.code).toBe('PERMISSION_DENIED');
    }
  });

  test('staff of another community, residents and strangers are refused, and cannot tell whether an org exists', async () => {
    for (const who of ['staff', 'chengduStaff', 'resident', 'stats-resident-1']) {
      for (const action of ['overview', 'children', 'trend', 'report']) {
        const data = action === 'trend' ? { metric: 'newResidents' } : action === 'report' ? { month: '2026-11' } : {};
        const real = await p.call(who, 'stats', action, { orgId: community, ...data });
        const missing = await p.call(who, 'stats', action, { orgId: 'no-such-org', ...data });
        expect(real.error).toEqual(missing.error);
        expect(real.error?.code).toBe('PERMISSION_DENIED');
      }
    }
    expect((await p.call('anonymous', 'stats', 'overview', { orgId: community })).error?.code).toBe('UNAUTHENTICATED');
    expect((await p.call(worker, 'stats', 'recount', { orgId: g1 })).error?.code).toBe('PERMISSION_DENIED');
  });

  test('bad input names the field', async () => {
    const bad = [
      [{ orgId: { $gt: '' } }, 'orgId', 'overview'],
      [{ orgId: community, metric: 'everything' }, 'metric', 'trend'],
      [{ orgId: community, metric: 'newResidents', months: 25 }, 'months', 'trend'],
      [{ orgId: community, month: '2026-13' }, 'month', 'report'],
    ] as const;
    for (const [data, field, action] of bad) {
      const res = await p.call(staff, 'stats', action, data);
      expect(res.error?.code).toBe('INVALID_ARGUMENT');
      expect(Object.keys(res.error?.details?.fields ?? {})).toContain(field);
    }
  });

  test('a street admin reads the street (the read is audited) and drills down to the community', async () => {
    const street = p.orgId('gs');
    const before = p.docs('auditLogs').filter((a) => a.action === 'stats.overview' && a.targetId === street).length;
    const o = await stats('streetAdmin', 'overview', { orgId: street });
    expect(o.residents.total).toBeGreaterThanOrEqual(9);
    const after = p.docs('auditLogs').filter((a) => a.action === 'stats.overview' && a.targetId === street).length;
    expect(after).toBe(before + 1);
    const { items } = await stats('streetAdmin', 'children', { orgId: street });
    expect(items.find((i: { orgId: string }) => i.orgId === community)).toMatchObject({ residents: 9 });
    const down = await stats('streetAdmin', 'overview', { orgId: community });
    expect(down.org.parentId).toBe(street);
  });

  test('report: an audited Excel workbook of aggregates', async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const file = await stats(staff, 'report', { orgId: community, month });
    expect(file.fileID).toMatch(/^cloud:\/\//);
    expect(file.expiresAt).toMatch(/\+08:00$/);
    expect(p.docs('auditLogs').some((a) => a.action === 'stats.report' && a.targetId === community)).toBe(true);
    expect(p.docs('exports').some((e) => e.fileID === file.fileID && e.kind === 'stats.report')).toBe(true);

    const workbook = XLSX.read(Buffer.from(await (await fetch(file.tempFileURL)).arrayBuffer()));
    expect(workbook.SheetNames.slice(0, 6)).toEqual([
      '总览',
      '民族构成',
      '诉求类别',
      '诉求状态',
      '月度趋势',
      '下级组织',
    ]);
    expect(workbook.SheetNames.slice(6).sort()).toEqual(['统计一网格', '统计二网格'].sort());
    const rows = (sheet: string) => XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[sheet], { header: 1 });
    expect(rows('总览')).toEqual(
      expect.arrayContaining([
        ['居民总数', 9],
        ['登记户数', 3],
        ['流动人口', '<5'],
      ]),
    );
    expect(rows('民族构成')).toEqual([
      ['民族代码', '民族', '人数'],
      ['01', '汉族', 6],
      ['03', '回族', '<5'],
    ]);
    expect(rows('统计一网格')).toEqual(expect.arrayContaining([['居民总数', 8]]));
    const all = JSON.stringify(workbook.SheetNames.map(rows));
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});

/** POSTs to a locked route of the local cloud (timers, the clock) with its secretKey, as the console would. */
async function locked(route: string, body: unknown = {}) {
  const res = await fetch(`${p.cloud.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${p.cloud.credentials.secretKey}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('time and the nightly check', () => {
  test('ten days on, the open request is overdue and the event held, with no write in between', async () => {
    expect((await stats(staff, 'overview', { orgId: community })).requests.overdue).toBe(0);
    await locked('/clock', { offsetMs: 10 * 86_400_000 });
    try {
      const o = await stats(staff, 'overview', { orgId: community });
      expect(o.requests.overdue).toBe(1);
      expect(o.events.held).toBe(1);
      const held = (await stats(staff, 'trend', { orgId: community, metric: 'eventsHeld', months: 2 })).points;
      expect(held.reduce((s: number, pt: { value: number }) => s + pt.value, 0)).toBe(1);
      expect(
        (await stats(staff, 'children', { orgId: community })).items.find((c: { orgId: string }) => c.orgId === g1),
      ).toMatchObject({ overdue: 1 });
    } finally {
      await locked('/clock', { offsetMs: 0 });
    }
  });

  test('the nightly timer repairs drift anywhere and says what it fixed; a user posing as the timer is routed', async () => {
    const store = p.cloud.store.collection('orgStats');
    store.docs.set(g1, { ...store.docs.get(g1)!, households: { total: 99, complete: 0 } });
    const { status, json } = await locked('/triggers/stats/statsRecount');
    expect(status).toBe(200);
    expect(json.result ?? json).toMatchObject({ ok: true, data: { done: true } });
    expect((json.result ?? json).data.repaired).toBeGreaterThanOrEqual(1);
    expect((await stats(worker, 'overview', { orgId: g1 })).households.total).toBe(2);
    const posing = await p.call(staff, 'stats', 'x', { Type: 'Timer', TriggerName: 'statsRecount' });
    expect(posing.error?.code).toBe('INVALID_ARGUMENT');
  });
});

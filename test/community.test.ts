/**
 * Bringing families together through /fn: pairing (结对认亲) only within the caller's scope and only once per two
 * families (either order, in parallel); what a paired resident sees (surname and grid, never a name, phone, ID
 * number or address) and an unpaired one does not; volunteer teams, hours within bounds, nobody logging their own,
 * totals per member, team and month; a volunteer event's check-ins adding hours once.
 */
import { withCheckChar } from '../miniprogram/shared/idcard';
import { inMinutes, newCaller, signupInput } from './helpers/events';
import { TestProject, type Envelope } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

let seq = 0;
const secrets: string[] = [];

function idNumber(): string {
  const id = withCheckChar(`530102199001${String(10 + (++seq % 80)).padStart(2, '0')}${String(100 + seq).slice(-3)}`);
  secrets.push(id);
  return id;
}

function phone(): string {
  const value = `137${String(20_000_000 + ++seq * 7919).slice(-8)}`;
  secrets.push(value);
  return value;
}

/** A household of `grid` registered by `who`, its head named `head`; returns the household and its head's id. */
async function household(who: string, grid: string, head: string, other = '同住成员') {
  const room = String(500 + ++seq);
  secrets.push(head, other, `测试苑${room}`);
  const h = await p.ok(who, 'households', 'create', {
    gridId: p.orgId(grid),
    address: { estate: `测试苑${room}`, building: '8', unit: '1', room },
    members: [
      { name: head, gender: 'female', ethnicity: '03', residency: 'floating', idNumber: idNumber(), phone: phone() },
      { name: other, gender: 'male', ethnicity: '01', residency: 'registered', phone: phone() },
    ],
  });
  return { id: h.id as string, headId: h.members[0].memberId as string };
}

/** A resident linked to a household member with the grid worker's claim code. */
async function claim(who: string, householdId: string, memberId: string, openid: string): Promise<void> {
  const { code } = await p.ok(who, 'households', 'claimCode', { id: householdId, memberId });
  await p.ok(openid, 'households', 'claim', { code });
}

function refused(res: Envelope, code: string, reason?: string): void {
  expect(res.ok).toBe(false);
  expect(res.error?.code).toBe(code);
  if (reason) expect(res.error?.details?.reason).toBe(reason);
}

describe('pairing', () => {
  let ma: { id: string; headId: string };
  let pu: { id: string; headId: string };
  let g2: { id: string; headId: string };
  let pairId: string;
  const maResident = 'pair-resident-ma';
  const puResident = 'pair-resident-pu';

  beforeAll(async () => {
    ma = await household('gridWorker', 'zxq-g1', '马玉兰', '马文斌');
    pu = await household('gridWorker', 'zxq-g1', '普丽华', '普志强');
    g2 = await household('staff', 'zxq-g2', '阿依古丽·买买提');
    await claim('gridWorker', ma.id, ma.headId, maResident);
    await claim('gridWorker', pu.id, pu.headId, puResident);
  });

  test('a grid worker pairs two households of their grid; outside their scope is NOT_FOUND', async () => {
    refused(
      await p.call('gridWorker', 'community', 'createPair', { orgId: p.orgId('zxq-g1'), households: [ma.id, g2.id] }),
      'NOT_FOUND',
    );
    refused(
      await p.call('gridWorker', 'community', 'createPair', { orgId: p.orgId('zxq'), households: [ma.id, pu.id] }),
      'NOT_FOUND',
    );
    refused(
      await p.call('chengduStaff', 'community', 'createPair', { orgId: p.orgId('zxq'), households: [ma.id, pu.id] }),
      'NOT_FOUND',
    );
    refused(
      await p.call(maResident, 'community', 'createPair', { orgId: p.orgId('zxq-g1'), households: [ma.id, pu.id] }),
      'PERMISSION_DENIED',
    );
    refused(
      await p.call('gridWorker', 'community', 'createPair', { orgId: p.orgId('zxq-g1'), households: [ma.id, ma.id] }),
      'INVALID_ARGUMENT',
    );
    const res = await p.ok('gridWorker', 'community', 'createPair', {
      orgId: p.orgId('zxq-g1'),
      households: [ma.id, pu.id],
      note: '新到昆明的马家与老住户普家结对',
    });
    pairId = res.id;
    const own = await p.ok('gridWorker', 'community', 'getPair', { id: pairId });
    expect(own.sides.map((s: { familyName: string }) => s.familyName)).toEqual(['马家', '普家']);
    expect(own.sides[0].headName).toBe('马玉兰');
    expect(own.can).toEqual({ logActivity: true, end: true });
    refused(await p.call('chengduStaff', 'community', 'getPair', { id: pairId }), 'NOT_FOUND');
    const staffList = await p.ok('staff', 'community', 'pairs', { orgId: p.orgId('zxq') });
    expect(staffList.items.map((i: { id: string }) => i.id)).toContain(pairId);
    // The dashboards count pairs (stats.overview reads the counters createPair bumps).
    const overview = await p.ok('staff', 'stats', 'overview', { orgId: p.orgId('zxq') });
    expect(overview.community.pairs).toBeGreaterThanOrEqual(1);
  });

  test('the same two families pair once: again in either order, or in parallel, is ALREADY_EXISTS', async () => {
    refused(
      await p.call('staff', 'community', 'createPair', { orgId: p.orgId('zxq'), households: [pu.id, ma.id] }),
      'ALREADY_EXISTS',
    );
    const a = await household('gridWorker', 'zxq-g1', '杨秀英');
    const b = await household('gridWorker', 'zxq-g1', '李成林');
    const tries = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        p.call(i % 2 ? 'staff' : 'gridWorker', 'community', 'createPair', {
          orgId: p.orgId('zxq-g1'),
          households: i % 2 ? [b.id, a.id] : [a.id, b.id],
        }),
      ),
    );
    expect(tries.filter((t) => t.ok)).toHaveLength(1);
    for (const t of tries.filter((x) => !x.ok)) expect(t.error?.code).toBe('ALREADY_EXISTS');
    const stored = p.docs('pairs').filter((d) => (d.householdIds as string[]).includes(a.id));
    expect(stored).toHaveLength(1);
  });

  test('a paired resident sees the other family as its surname and grid, and the log; never names or numbers', async () => {
    await p.ok('gridWorker', 'community', 'logPairActivity', {
      pairId,
      note: '一起包饺子，帮马家办理居住证',
      at: inMinutes(-60),
    });
    const mine = await p.ok(puResident, 'community', 'logPairActivity', {
      pairId,
      note: '普家请马家吃饭',
      at: inMinutes(-10),
    });
    expect(mine.activities[0]).toMatchObject({ note: '普家请马家吃饭', byLabel: '普家' });
    const list = await p.ok(maResident, 'community', 'pairs', {});
    expect(list.items).toHaveLength(1);
    const view = await p.ok(maResident, 'community', 'getPair', { id: pairId });
    expect(view.sides).toEqual([
      { familyName: '马家', gridName: expect.any(String), mine: true },
      { familyName: '普家', gridName: expect.stringContaining('第一网格') },
    ]);
    expect(view.activities.map((a: { note: string }) => a.note)).toEqual([
      '普家请马家吃饭',
      '一起包饺子，帮马家办理居住证',
    ]);
    expect(view.can).toEqual({ logActivity: true, end: false });
    expect(view.note).toBeUndefined();
    const seen = JSON.stringify([list, view]);
    for (const secret of secrets) expect(seen).not.toContain(secret);
    expect(seen).not.toContain(pu.id);
  });

  test('an unpaired resident sees no pair, and cannot open one', async () => {
    const unpaired = 'unpaired-resident';
    await claim('staff', g2.id, g2.headId, unpaired);
    expect((await p.ok(unpaired, 'community', 'pairs', {})).items).toEqual([]);
    expect((await p.ok(newCaller('nobody'), 'community', 'pairs', {})).items).toEqual([]);
    refused(await p.call('resident', 'community', 'getPair', { id: pairId }), 'NOT_FOUND');
    refused(
      await p.call('resident', 'community', 'logPairActivity', { pairId, note: '冒充', at: inMinutes(-1) }),
      'NOT_FOUND',
    );
  });

  test('only a worker in scope ends a pair; an ended pair takes no more activities', async () => {
    refused(await p.call(maResident, 'community', 'endPair', { pairId, reason: '不想继续' }), 'PERMISSION_DENIED');
    const ended = await p.ok('gridWorker', 'community', 'endPair', { pairId, reason: '马家搬离本社区' });
    expect(ended).toMatchObject({ status: 'ended', endReason: '马家搬离本社区', can: { logActivity: false } });
    refused(
      await p.call('gridWorker', 'community', 'logPairActivity', { pairId, note: '回访', at: inMinutes(-1) }),
      'FAILED_PRECONDITION',
      'PAIR_ENDED',
    );
    const resident = await p.ok(maResident, 'community', 'getPair', { id: pairId });
    expect(resident.endReason).toBeUndefined();
  });
});

describe('volunteer teams and hours', () => {
  let teamId: string;
  const volA = 'volunteer-a';
  const volB = 'volunteer-b';
  const memberIds: Record<string, string> = {};

  beforeAll(async () => {
    for (const [who, name] of [
      [volA, '志愿者甲'],
      [volB, '志愿者乙'],
    ]) {
      await p.ok(who, 'users', 'setHome', { orgId: p.orgId('zxq-g1') });
      await p.ok(who, 'users', 'updateProfile', { name });
    }
  });

  test('staff in scope create a team; one name per org; residents and others cannot', async () => {
    teamId = (
      await p.ok('staff', 'community', 'createTeam', { orgId: p.orgId('zxq'), name: '测试志愿队', description: '助老' })
    ).id;
    refused(
      await p.call('staff', 'community', 'createTeam', { orgId: p.orgId('zxq'), name: '测试志愿队' }),
      'ALREADY_EXISTS',
    );
    refused(
      await p.call('resident', 'community', 'createTeam', { orgId: p.orgId('zxq'), name: '居民队' }),
      'PERMISSION_DENIED',
    );
    refused(
      await p.call('chengduStaff', 'community', 'createTeam', { orgId: p.orgId('zxq'), name: '外地队' }),
      'NOT_FOUND',
    );
  });

  test('residents of the community join (with a name) and leave; residents elsewhere cannot see the team', async () => {
    const nameless = newCaller('nameless');
    await p.ok(nameless, 'users', 'setHome', { orgId: p.orgId('zxq') });
    refused(await p.call(nameless, 'community', 'joinTeam', { teamId }), 'FAILED_PRECONDITION', 'NO_NAME');
    const far = newCaller('far');
    await p.ok(far, 'users', 'setHome', { orgId: p.orgId('ag') });
    refused(await p.call(far, 'community', 'joinTeam', { teamId }), 'NOT_FOUND');
    expect((await p.ok(far, 'community', 'teams', {})).items.map((t: { id: string }) => t.id)).not.toContain(teamId);

    const listed = await p.ok(volA, 'community', 'teams', {});
    expect(listed.items.find((t: { id: string }) => t.id === teamId)).toMatchObject({ joined: false });
    const joined = await p.ok(volA, 'community', 'joinTeam', { teamId });
    expect(joined).toMatchObject({ joined: true, memberCount: 1, can: { join: false, leave: true, logHours: false } });
    refused(await p.call(volA, 'community', 'joinTeam', { teamId }), 'FAILED_PRECONDITION', 'ALREADY_MEMBER');
    await p.ok(volB, 'community', 'joinTeam', { teamId });
    const left = await p.ok(volB, 'community', 'leaveTeam', { teamId });
    expect(left).toMatchObject({ joined: false, memberCount: 1 });
    expect((await p.ok(volB, 'community', 'joinTeam', { teamId })).memberCount).toBe(2);

    const team = await p.ok('staff', 'community', 'getTeam', { id: teamId });
    for (const m of team.members) memberIds[m.name] = m.memberId;
    expect(Object.keys(memberIds).sort()).toEqual(['志愿者乙', '志愿者甲']);
    expect((await p.ok(volA, 'community', 'getTeam', { id: teamId })).members).toBeUndefined();
  });

  test('hours are 0.5..12 in half hours; strings and operator objects are refused with the field named', async () => {
    const base = { teamId, memberId: memberIds['志愿者甲'], at: inMinutes(-120), note: '社区助老' };
    for (const hours of [0.4, 12.5, 1.25, '2', { $gt: 0 }, null, -1]) {
      const res = await p.call('staff', 'community', 'logHours', { ...base, hours });
      refused(res, 'INVALID_ARGUMENT');
      expect(Object.keys(res.error?.details?.fields ?? {})).toEqual(['hours']);
    }
    const neither = await p.call('staff', 'community', 'logHours', { teamId, hours: 1, at: inMinutes(-1), note: 'x' });
    expect(Object.keys(neither.error?.details?.fields ?? {})).toEqual(['memberId']);
    const future = await p.call('staff', 'community', 'logHours', { ...base, hours: 1, at: inMinutes(600) });
    expect(Object.keys(future.error?.details?.fields ?? {})).toEqual(['at']);
    for (const hours of [0.5, 12]) await p.ok('staff', 'community', 'logHours', { ...base, hours });
  });

  test('the lead logs others but never their own hours; a plain member logs nobody', async () => {
    refused(
      await p.call(volB, 'community', 'setLead', { teamId, memberId: memberIds['志愿者乙'] }),
      'PERMISSION_DENIED',
    );
    const led = await p.ok('staff', 'community', 'setLead', { teamId, memberId: memberIds['志愿者乙'] });
    expect(led.leadName).toBe('志愿者乙');
    const own = { teamId, memberId: memberIds['志愿者乙'], hours: 2, at: inMinutes(-30), note: '给自己记' };
    refused(await p.call(volB, 'community', 'logHours', own), 'PERMISSION_DENIED');
    refused(
      await p.call(volB, 'community', 'logHours', { ...own, memberId: undefined, memberName: '志愿者乙' }),
      'PERMISSION_DENIED',
    );
    const other = { teamId, memberId: memberIds['志愿者甲'], hours: 1.5, at: inMinutes(-30), note: '清扫楼道' };
    refused(
      await p.call(volA, 'community', 'logHours', { ...other, memberId: memberIds['志愿者乙'] }),
      'PERMISSION_DENIED',
    );
    expect((await p.ok(volB, 'community', 'logHours', other)).total).toBe(14);
    await p.ok(volB, 'community', 'logHours', { ...other, memberId: undefined, memberName: '王大爷', hours: 3 });
    refused(await p.call(volA, 'community', 'teamHours', { teamId }), 'PERMISSION_DENIED');
    refused(await p.call('chengduStaff', 'community', 'teamHours', { teamId }), 'NOT_FOUND');
  });

  test('totals: per volunteer, per team and per month', async () => {
    const mine = await p.ok(volA, 'community', 'myHours', {});
    expect(mine).toMatchObject({ total: 14, name: '志愿者甲' });
    expect(mine.teams).toEqual([
      { teamId, teamName: '测试志愿队', orgName: expect.any(String), hours: 14, sessions: 3, active: true },
    ]);
    expect(await p.ok(newCaller('idle'), 'community', 'myHours', {})).toEqual({ total: 0, teams: [] });
    const hours = await p.ok('staff', 'community', 'teamHours', { teamId, months: 3 });
    expect(hours.total).toBe(17);
    expect(hours.months).toHaveLength(3);
    expect(hours.months[2].hours).toBe(17);
    expect(hours.members).toEqual([
      { memberId: memberIds['志愿者甲'], name: '志愿者甲', hours: 14 },
      { name: '王大爷', hours: 3 },
      { memberId: memberIds['志愿者乙'], name: '志愿者乙', hours: 0 },
    ]);
    expect(hours.recent).toHaveLength(4);
    const overview = await p.ok('staff', 'stats', 'overview', { orgId: p.orgId('zxq') });
    expect(overview.community.volunteerHours).toBeGreaterThanOrEqual(17);
  });

  test("a volunteer event's check-ins add the event's hours to team members, once", async () => {
    const start = inMinutes(3 * 24 * 60);
    const fields = {
      orgId: p.orgId('zxq'),
      title: '助老志愿服务',
      location: { name: '中心区社区' },
      startAt: start,
      endAt: new Date(new Date(start).getTime() + 3 * 3600_000).toISOString(),
      capacity: 10,
    };
    const wrong = await p.call('staff', 'events', 'create', { ...fields, type: 'festival', teamId });
    expect(Object.keys(wrong.error?.details?.fields ?? {})).toEqual(['teamId']);
    const foreign = await p.call('chengduStaff', 'events', 'create', {
      ...fields,
      orgId: p.orgId('ag'),
      type: 'volunteer',
      teamId,
    });
    expect(Object.keys(foreign.error?.details?.fields ?? {})).toEqual(['teamId']);
    const { id } = await p.ok('staff', 'events', 'create', { ...fields, type: 'volunteer', teamId });
    expect((await p.ok('staff', 'events', 'get', { id })).teamId).toBe(teamId);
    const outsider = newCaller('outsider');
    const codes = [];
    for (const who of [volA, outsider])
      codes.push((await p.ok(who, 'events', 'signup', signupInput(id, 1))).checkinCode);
    for (let round = 0; round < 2; round++) {
      for (const checkinCode of codes) await p.ok('staff', 'events', 'checkin', { eventId: id, checkinCode });
    }
    expect((await p.ok(volA, 'community', 'myHours', {})).total).toBe(17);
    expect(p.docs('volunteerHours').filter((h) => h.eventId === id)).toHaveLength(1);
    expect((await p.ok(outsider, 'community', 'myHours', {})).total).toBe(0);
  });
});

describe('the demo', () => {
  test('马家 is paired with 普家, and 石榴花志愿服务队 has members, a lead and hours', async () => {
    const pairs = await p.ok('resident', 'community', 'pairs', {});
    expect(pairs.items).toHaveLength(1);
    expect(pairs.items[0].sides.map((s: { familyName: string }) => s.familyName)).toEqual(['马家', '普家']);
    expect(pairs.items[0].activityCount).toBe(2);
    const { items } = await p.ok('resident', 'community', 'teams', {});
    expect(items.find((t: { name: string }) => t.name === '石榴花志愿服务队')).toMatchObject({
      joined: true,
      memberCount: 2,
      totalHours: 13,
      leadName: '李晓芬',
    });
    expect((await p.ok('resident', 'community', 'myHours', {})).total).toBe(6.5);
  });
});

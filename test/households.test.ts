import fs from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { requiredFacts } from '../backend/households/completeness';
import { addressText, completeness, type Address, type MemberFacts } from '../miniprogram/shared/households';
import { withCheckChar } from '../miniprogram/shared/idcard';
import { fixtureAdmin, TestProject } from './helpers/project';

/**
 * The grid registry: households and members, personal numbers sealed and masked, scope by grid, door codes that
 * show each scanner only what they may see, duplicates across grids, move-out and transfer, visits and plates.
 */

let p: TestProject;
const logs: string[] = [];
const streams = [process.stdout, process.stderr];
const originals = streams.map((s) => s.write.bind(s));
/** Every ID number and phone this file registers, to look for in the database and the logs at the end. */
const secrets = new Set<string>();

beforeAll(async () => {
  // Function output from the worker threads reaches this process's stdout/stderr: keep a copy of all of it.
  streams.forEach((s, i) => {
    s.write = ((chunk: unknown, ...rest: unknown[]) => {
      logs.push(String(chunk));
      return (originals[i] as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof s.write;
  });
  p = await TestProject.start({ log: (line) => logs.push(line) });
  for (const [key, openid] of [
    ['zxq-g2', 'g2-worker'],
    ['zxq-g3', 'g3-worker'],
  ]) {
    const { code } = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'grid_worker', orgId: p.orgId(key) });
    await p.ok(openid, 'users', 'redeemInvite', { code });
  }
});
afterAll(async () => {
  streams.forEach((s, i) => (s.write = originals[i] as typeof s.write));
  await p.stop();
});

let seq = 0;
/** A fresh, valid, fictional ID number of the given gender (the 17th digit is odd for men). */
function idNumber(gender: 'male' | 'female' = 'male', birth = '19900101'): string {
  const n = ++seq;
  const id = withCheckChar(
    `5301${String(n % 100).padStart(2, '0')}${birth}${String(Math.floor(n / 100) % 100).padStart(2, '0')}${gender === 'male' ? 1 : 2}`,
  );
  secrets.add(id);
  return id;
}

function phone(): string {
  const value = `139${String(10_000_000 + ++seq * 7919).slice(-8)}`;
  secrets.add(value);
  return value;
}

function member(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: '测试成员', gender: 'male', ethnicity: '03', residency: 'floating', ...over };
}

let room = 100;
async function register(
  who: string,
  grid: string,
  members: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
) {
  return p.ok(who, 'households', 'create', {
    gridId: p.orgId(grid),
    address: { estate: '测试小区', building: String(1 + (room % 9)), unit: '1', room: String(++room) },
    members,
    ...extra,
  });
}

const fields = (res: { error?: { details?: { fields?: Record<string, string> } } }) =>
  Object.keys(res.error?.details?.fields ?? {});

describe('registering a household', () => {
  test('a grid worker registers a household: ID number and phone come back masked, birth year and gender from the ID', async () => {
    const id = idNumber('female', '19920315');
    const tel = phone();
    const h = await register(
      'gridWorker',
      'zxq-g1',
      [
        member({
          name: '马兰',
          gender: 'female',
          idNumber: id,
          phone: tel,
          origin: '昭通',
          arrivedAt: '2026-01-05',
          occupation: '厨师',
        }),
      ],
      {
        housing: 'rented',
        tags: ['dibao'],
      },
    );
    expect(h.scene).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(h.members).toHaveLength(1);
    const m = h.members[0];
    expect(m).toMatchObject({
      name: '马兰',
      gender: 'female',
      ethnicity: '03',
      ethnicityName: '回族',
      birthYear: 1992,
      residency: 'floating',
      linked: false,
      duplicate: false,
    });
    expect(m.idNumber).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
    expect(m.phone).toBe(`${tel.slice(0, 3)}****${tel.slice(-4)}`);
    const stored = p.docs('householdMembers').find((d) => d._id === m.memberId)!;
    expect(stored.idNumberEnc).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored.phoneEnc).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(stored.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(id);
    expect(JSON.stringify(stored)).not.toContain(tel);
  });

  test('a lower-case x in an ID number is the same number', async () => {
    const id = idNumber();
    const lower = id.toLowerCase();
    const h = await register('gridWorker', 'zxq-g1', [member({ idNumber: lower })]);
    expect(h.members[0].idNumber.endsWith(id.slice(-4))).toBe(true);
  });

  test('a wrong ID checksum is INVALID_ARGUMENT under the member’s idNumber', async () => {
    const id = idNumber();
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const res = await p.call('gridWorker', 'households', 'create', {
      gridId: p.orgId('zxq-g1'),
      address: { building: '1', room: '1' },
      members: [member({ idNumber: wrong })],
    });
    expect(res).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        details: { fields: { 'members.0.idNumber': '身份证号校验位不正确，请核对' } },
      },
    });
  });

  test('an unknown ethnicity code is INVALID_ARGUMENT', async () => {
    for (const ethnicity of ['57', '00', '99', '3', '回族']) {
      const res = await p.call('gridWorker', 'households', 'create', {
        gridId: p.orgId('zxq-g1'),
        address: { building: '1', room: '1' },
        members: [member({ ethnicity })],
      });
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(fields(res)).toEqual(['members.0.ethnicity']);
    }
  });

  test('a 200-character name is INVALID_ARGUMENT', async () => {
    const res = await p.call('gridWorker', 'households', 'create', {
      gridId: p.orgId('zxq-g1'),
      address: { building: '1', room: '1' },
      members: [member({ name: '马'.repeat(200) })],
    });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { 'members.0.name': '不能超过 30 个字' } } },
    });
  });

  test('{"$ne": null} in a field is INVALID_ARGUMENT, never a query', async () => {
    const before = p.snapshot();
    const cases: [Record<string, unknown>, string][] = [
      [{ gridId: { $ne: null }, address: { building: '1', room: '1' }, members: [member()] }, 'gridId'],
      [
        { gridId: p.orgId('zxq-g1'), address: { building: { $ne: null }, room: '1' }, members: [member()] },
        'address.building',
      ],
      [
        {
          gridId: p.orgId('zxq-g1'),
          address: { building: '1', room: '1' },
          members: [member({ idNumber: { $ne: null } })],
        },
        'members.0.idNumber',
      ],
    ];
    for (const [data, field] of cases) {
      const res = await p.call('gridWorker', 'households', 'create', data);
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(fields(res)).toContain(field);
    }
    for (const action of ['get', 'reveal', 'visits']) {
      const res = await p.call('gridWorker', 'households', action, {
        id: { $ne: null },
        memberId: 'x',
        field: 'phone',
        reason: '核实身份',
      });
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', details: { fields: { id: expect.any(String) } } },
      });
    }
    const search = await p.call('gridWorker', 'households', 'list', { gridId: p.orgId('zxq-g1'), q: { $ne: null } });
    expect(fields(search)).toEqual(['q']);
    expect(p.snapshot()).toBe(before);
  });

  test('gender and birth date must agree with the ID number', async () => {
    const id = idNumber('male', '19880808');
    const gender = await p.call('gridWorker', 'households', 'create', {
      gridId: p.orgId('zxq-g1'),
      address: { building: '1', room: '1' },
      members: [member({ gender: 'female', idNumber: id })],
    });
    expect(gender).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { 'members.0.gender': '性别与身份证号不符' } } },
    });
    const birth = await p.call('gridWorker', 'households', 'create', {
      gridId: p.orgId('zxq-g1'),
      address: { building: '1', room: '1' },
      members: [member({ idNumber: id, birthDate: '1988-08-09' })],
    });
    expect(birth).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { 'members.0.birthDate': '出生日期与身份证号不符' } } },
    });
    const h = await register('gridWorker', 'zxq-g1', [member({ idNumber: id, birthDate: '1988-08-08' })]);
    // Changing only the gender later is checked against the stored (sealed) number too.
    const later = await p.call('gridWorker', 'households', 'updateMember', {
      id: h.id,
      memberId: h.members[0].memberId,
      member: { gender: 'female' },
    });
    expect(later).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { 'member.gender': '性别与身份证号不符' } } },
    });
  });

  test('the same ID number twice in one household is refused', async () => {
    const id = idNumber();
    const res = await p.call('gridWorker', 'households', 'create', {
      gridId: p.orgId('zxq-g1'),
      address: { building: '1', room: '1' },
      members: [member({ idNumber: id }), member({ name: '另一人', idNumber: id })],
    });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { 'members.1.idNumber': expect.any(String) } } },
    });
  });

  test('a grid is required, and only a grid in the caller’s scope', async () => {
    const community = await p.call('staff', 'households', 'create', {
      gridId: p.orgId('zxq'),
      address: { building: '1', room: '1' },
      members: [member()],
    });
    expect(community).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { gridId: '请选择网格' } } },
    });
    const other = await p.call('gridWorker', 'households', 'create', {
      gridId: p.orgId('zxq-g2'),
      address: { building: '1', room: '1' },
      members: [member()],
    });
    expect(other).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    const resident = await p.call('resident', 'households', 'create', {
      gridId: p.orgId('zxq-g1'),
      address: { building: '1', room: '1' },
      members: [member()],
    });
    expect(resident).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  });

  test('a double tap with the same clientToken registers one household', async () => {
    const data = {
      gridId: p.orgId('zxq-g1'),
      address: { building: '7', room: '707' },
      members: [member({ name: '双击测试' })],
      clientToken: 'tap-tap-12345',
    };
    const [a, b] = await Promise.all([
      p.ok('gridWorker', 'households', 'create', data),
      p.ok('gridWorker', 'households', 'create', data),
    ]);
    expect(a.id).toBe(b.id);
    expect(p.docs('householdMembers').filter((m) => m.name === '双击测试')).toHaveLength(1);
    expect(p.docs('qrScenes').filter((s) => s.targetId === a.id)).toHaveLength(1);
  });
});

describe('completeness', () => {
  test('the score counts the configured facts, and `missing` names each one with its member', async () => {
    const h = await register('gridWorker', 'zxq-g1', [
      member({ name: '缺项甲', residency: 'floating' }),
      member({ name: '缺项乙', residency: 'registered', idNumber: idNumber(), occupation: '教师' }),
    ]);
    // Defaults: housing, a contact phone, each member's ID number and occupation, origin and arrival of the floating.
    expect(h.missing).toEqual(
      expect.arrayContaining([
        { fact: 'housing', label: '住房类型' },
        { fact: 'contactPhone', label: '至少一位成员的联系电话' },
        expect.objectContaining({ fact: 'idNumber', name: '缺项甲' }),
        expect.objectContaining({ fact: 'origin', name: '缺项甲' }),
        expect.objectContaining({ fact: 'arrivedAt', name: '缺项甲' }),
        expect.objectContaining({ fact: 'occupation', name: '缺项甲' }),
      ]),
    );
    expect(h.missing).toHaveLength(6);
    expect(h.completeness).toBe(Math.round((100 * 2) / 8));
    const fixed = await p.ok('gridWorker', 'households', 'updateMember', {
      id: h.id,
      memberId: h.members[0].memberId,
      member: { idNumber: idNumber(), origin: '文山州', arrivedAt: '2025-06-01', occupation: '快递员', phone: phone() },
    });
    const done = await p.ok('gridWorker', 'households', 'update', { id: h.id, housing: 'rented' });
    expect(fixed.completeness).toBeLessThan(100);
    expect(done.completeness).toBe(100);
    expect(done.missing).toEqual([]);
  });
});

describe('completeness configuration', () => {
  const facts = (over: Partial<MemberFacts> = {}): MemberFacts => ({
    memberId: 'm1',
    name: '配置测试',
    residency: 'registered',
    idNumber: true,
    phone: false,
    birthDate: true,
    origin: false,
    arrivedAt: false,
    occupation: false,
    languages: false,
    ...over,
  });
  afterEach(() => delete process.env.HOUSEHOLD_REQUIRED_FACTS);

  test('HOUSEHOLD_REQUIRED_FACTS chooses the facts that count; unknown names are ignored', () => {
    expect(requiredFacts()).toEqual(['housing', 'contactPhone', 'idNumber', 'origin', 'arrivedAt', 'occupation']);
    process.env.HOUSEHOLD_REQUIRED_FACTS = 'languages, phone,bogus';
    expect(requiredFacts()).toEqual(['languages', 'phone']);
    const result = completeness(
      { housing: 'owned', members: [facts(), facts({ memberId: 'm2', languages: true })] },
      requiredFacts(),
    );
    expect(result.score).toBe(25);
    expect(result.missing.map((m) => `${m.fact}:${m.memberId}`)).toEqual(['languages:m1', 'phone:m1', 'phone:m2']);
  });

  test('origin and arrival count for floating members only; a household with nothing to count is complete', () => {
    const required = ['origin', 'arrivedAt'] as const;
    expect(completeness({ members: [facts()] }, required)).toEqual({ score: 100, missing: [] });
    expect(completeness({ members: [facts({ residency: 'floating', origin: true })] }, required).score).toBe(50);
  });
});

describe('scope', () => {
  let h: { id: string; scene: string; members: { memberId: string }[] };
  beforeAll(async () => {
    h = await register('gridWorker', 'zxq-g1', [member({ name: '范围测试', idNumber: idNumber(), phone: phone() })]);
  });

  test('a grid worker of another grid gets NOT_FOUND for the household, whatever they try', async () => {
    const memberId = h.members[0].memberId;
    const attempts: [string, Record<string, unknown>][] = [
      ['get', { id: h.id }],
      ['update', { id: h.id, tags: ['key_attention'] }],
      ['addMember', { id: h.id, member: member() }],
      ['updateMember', { id: h.id, memberId, member: { occupation: '司机' } }],
      ['moveOut', { id: h.id, memberId, reason: '测试' }],
      ['transfer', { id: h.id, toGridId: p.orgId('zxq-g2'), reason: '测试' }],
      ['reveal', { id: h.id, memberId, field: 'idNumber', reason: '核实身份' }],
      ['addVisit', { id: h.id, notes: '走访' }],
      ['visits', { id: h.id }],
      ['claimCode', { id: h.id, memberId }],
    ];
    for (const [action, data] of attempts) {
      for (const who of ['g2-worker', 'resident', 'chengduStaff']) {
        const res = await p.call(who, 'households', action, data);
        if (res.error?.code !== 'NOT_FOUND') throw new Error(`${action} as ${who}: ${JSON.stringify(res)}`);
      }
    }
    // A household that does not exist answers the same.
    expect(await p.call('g2-worker', 'households', 'get', { id: 'no-such-household' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: '住户不存在' },
    });
  });

  test('staff of the community and admins above it see it; another city’s staff do not', async () => {
    for (const who of ['gridWorker', 'staff', 'streetAdmin', 'rootAdmin'])
      expect(await p.call(who, 'households', 'get', { id: h.id })).toMatchObject({ ok: true });
    expect(await p.call('chengduStaff', 'households', 'get', { id: h.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  test('listing another grid is PERMISSION_DENIED; one’s own grid lists by address', async () => {
    expect(await p.call('g2-worker', 'households', 'list', { gridId: p.orgId('zxq-g1') })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(await p.call('gridWorker', 'households', 'list', { orgId: p.orgId('zxq') })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    const { items } = await p.ok('gridWorker', 'households', 'list', { gridId: p.orgId('zxq-g1'), limit: 50 });
    const texts = items.map((i: { addressText: string }) => i.addressText);
    expect(texts).toEqual(expect.arrayContaining(['金色年华小区 3栋 2单元 301室', '金色年华小区 3栋 2单元 302室']));
    expect(texts.indexOf('金色年华小区 3栋 2单元 302室')).toBe(texts.indexOf('金色年华小区 3栋 2单元 301室') + 1);
  });
});

describe('listing and search', () => {
  const grid = 'zxq-g4';
  beforeAll(async () => {
    const { code } = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'grid_worker', orgId: p.orgId(grid) });
    await p.ok('g4-worker', 'users', 'redeemInvite', { code });
    const names = ['马一', '马二', '马三', '杨一', '杨二', '阿依古丽·买买提', '马五'];
    for (const [i, name] of names.entries()) {
      await p.ok('g4-worker', 'households', 'create', {
        gridId: p.orgId(grid),
        address: { estate: '民航路小区', building: String(i < 4 ? 2 : 10), unit: '1', room: String(100 + i) },
        tags: i % 2 === 0 ? ['dibao'] : [],
        members: [member({ name })],
      });
    }
    // The same surname in another grid must not be found from this one.
    await register('gridWorker', 'zxq-g1', [member({ name: '马外格' })]);
  });

  test('households come in address order, numbers compared as numbers, page by page', async () => {
    const first = await p.ok('g4-worker', 'households', 'list', { gridId: p.orgId(grid), limit: 4 });
    const second = await p.ok('g4-worker', 'households', 'list', {
      gridId: p.orgId(grid),
      limit: 4,
      cursor: first.nextCursor,
    });
    const texts = [...first.items, ...second.items].map((i: { addressText: string }) => i.addressText);
    expect(texts).toEqual([
      '民航路小区 2栋 1单元 100室',
      '民航路小区 2栋 1单元 101室',
      '民航路小区 2栋 1单元 102室',
      '民航路小区 2栋 1单元 103室',
      '民航路小区 10栋 1单元 104室',
      '民航路小区 10栋 1单元 105室',
      '民航路小区 10栋 1单元 106室',
    ]);
    expect(second.nextCursor).toBeNull();
  });

  test('the tag filter keeps the tagged households', async () => {
    const { items } = await p.ok('g4-worker', 'households', 'list', { gridId: p.orgId(grid), tag: 'dibao' });
    expect(items).toHaveLength(4);
    expect(items.every((i: { tags: string[] }) => i.tags.includes('dibao'))).toBe(true);
  });

  test('search by name prefix stays within the grid, pages by cursor, and ignores the middle dot', async () => {
    const a = await p.ok('g4-worker', 'households', 'list', { gridId: p.orgId(grid), q: '马', limit: 2 });
    const b = await p.ok('g4-worker', 'households', 'list', {
      gridId: p.orgId(grid),
      q: '马',
      limit: 2,
      cursor: a.nextCursor,
    });
    const names = [...a.items, ...b.items].map((i: { match: { name: string } }) => i.match.name);
    expect(names.sort()).toEqual(['马一', '马三', '马二', '马五'].sort());
    expect(b.nextCursor).toBeNull();
    const dot = await p.ok('g4-worker', 'households', 'list', { gridId: p.orgId(grid), q: '阿依古丽买买提' });
    expect(dot.items.map((i: { match: { name: string } }) => i.match.name)).toEqual(['阿依古丽·买买提']);
    // Staff search the whole community: the grid-1 household shows up there.
    const community = await p.ok('staff', 'households', 'list', { orgId: p.orgId('zxq'), q: '马外', limit: 50 });
    expect(
      community.items.map((i: { match: { name: string }; gridName: string }) => [i.match.name, i.gridName]),
    ).toEqual([['马外格', '第一网格（金色年华小区）']]);
  });

  test('lists are per grid or community: above a community one picks a community', async () => {
    const res = await p.call('streetAdmin', 'households', 'list', { orgId: p.orgId('gs'), q: '马' });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { orgId: '请选择社区或网格' } } },
    });
    expect(
      (await p.ok('streetAdmin', 'households', 'list', { orgId: p.orgId('zxq'), q: '马' })).items.length,
    ).toBeGreaterThan(0);
  });

  test('a cursor that is not a record is INVALID_ARGUMENT', async () => {
    const res = await p.call('g4-worker', 'households', 'list', { gridId: p.orgId(grid), cursor: 'not-a-record' });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { cursor: '游标无效' } } },
    });
  });
});

describe('the door code', () => {
  const demo = (room: string) =>
    p.docs('households').find((h) => (h.address as { room: string }).room === room && h.gridId === p.orgId('zxq-g1'))!;

  test('the grid worker of the grid and staff in scope get the household record, masked', async () => {
    const h = demo('302');
    for (const who of ['gridWorker', 'staff']) {
      const scan = await p.ok(who, 'qr', 'resolve', { scene: h.scene });
      expect(scan.type).toBe('household');
      expect(scan.view.household.members[0]).toMatchObject({
        name: '普建华',
        idNumber: expect.stringMatching(/^530111\*{8}\d{3}[\dX]$/),
      });
      expect(scan.view.public).toEqual({
        address: '金色年华小区 3栋 2单元 302室',
        gridId: p.orgId('zxq-g1'),
        gridName: '第一网格（金色年华小区）',
        gridWorker: { name: '李晓芬', phone: '13908710001' },
      });
    }
  });

  test('a grid worker of another grid sees only the public card', async () => {
    const scan = await p.ok('g2-worker', 'qr', 'resolve', { scene: demo('302').scene });
    expect(Object.keys(scan.view)).toEqual(['public']);
    expect(JSON.stringify(scan)).not.toContain('普建华');
  });

  test('a resident scanning a neighbour’s door sees the address and the grid worker, and no member data', async () => {
    const scan = await p.ok('resident', 'qr', 'resolve', { scene: demo('302').scene });
    expect(scan.view).toEqual({
      public: {
        address: '金色年华小区 3栋 2单元 302室',
        gridId: p.orgId('zxq-g1'),
        gridName: '第一网格（金色年华小区）',
        gridWorker: { name: '李晓芬', phone: '13908710001' },
      },
    });
    for (const word of ['普建华', '530111', '13708710021', 'members', 'tags', 'elderly_alone'])
      expect(JSON.stringify(scan)).not.toContain(word);
  });

  test('a registered member scanning their own door gets their household card, other members without numbers', async () => {
    const scan = await p.ok('resident', 'qr', 'resolve', { scene: demo('301').scene });
    expect(scan.view.household).toBeUndefined();
    expect(scan.view.card.me).toMatchObject({
      name: '马秀芳',
      ethnicityName: '回族',
      idNumber: expect.stringMatching(/^530621\*{8}/),
      phone: '137****0011',
    });
    expect(scan.view.card.members.map((m: { name: string }) => m.name)).toEqual(['马秀芳', '马建国', '马小雨']);
    expect(JSON.stringify(scan.view.card.members)).not.toMatch(/idNumber|phone/);
    expect((await p.ok('resident', 'households', 'mine')).items).toHaveLength(1);
  });

  test('the grid worker prints and rotates the code; another grid’s worker cannot (NOT_FOUND)', async () => {
    const h = await register('gridWorker', 'zxq-g1', [member({ name: '换码户' })]);
    const image = await p.ok('gridWorker', 'qr', 'image', { scene: h.scene });
    const png = PNG.sync.read(Buffer.from(await (await fetch(image.tempUrl)).arrayBuffer()));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(
      `pages/door/index?scene=${h.scene}`,
    );
    expect(await p.call('g2-worker', 'qr', 'image', { scene: h.scene })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await p.call('g2-worker', 'qr', 'rotate', { scene: h.scene })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const { scene } = await p.ok('gridWorker', 'qr', 'rotate', { scene: h.scene });
    expect(await p.call('resident', 'qr', 'resolve', { scene: h.scene })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect((await p.ok('resident', 'qr', 'resolve', { scene })).view.public.address).toBe(h.addressText);
    expect((await p.ok('gridWorker', 'households', 'get', { id: h.id })).scene).toBe(scene);
  });
});

describe('claiming one’s own member record', () => {
  test('a claim code issued by the grid worker links the resident once; the door then shows their card', async () => {
    const h = await register('gridWorker', 'zxq-g1', [
      member({ name: '认领人', phone: phone() }),
      member({ name: '同住人' }),
    ]);
    const { code, expiresAt } = await p.ok('gridWorker', 'households', 'claimCode', {
      id: h.id,
      memberId: h.members[0].memberId,
    });
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(JSON.stringify(p.docs('householdMembers'))).not.toContain(code);
    const before = await p.ok('claimer', 'qr', 'resolve', { scene: h.scene });
    expect(Object.keys(before.view)).toEqual(['public']);
    const card = await p.ok('claimer', 'households', 'claim', { code: code.toLowerCase() });
    expect(card.me.name).toBe('认领人');
    expect(await p.call('someone-else', 'households', 'claim', { code })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect((await p.ok('claimer', 'qr', 'resolve', { scene: h.scene })).view.card.me.name).toBe('认领人');
    expect((await p.ok('gridWorker', 'households', 'get', { id: h.id })).members[0].linked).toBe(true);
    expect(p.docs('auditLogs').some((a) => a.action === 'household.claim' && a.actor === 'claimer')).toBe(true);
  });

  test('claiming a second record moves the link: a person is one member', async () => {
    const a = await register('gridWorker', 'zxq-g1', [member({ name: '旧户成员' })]);
    const b = await register('gridWorker', 'zxq-g1', [member({ name: '新户成员' })]);
    for (const h of [a, b]) {
      const { code } = await p.ok('gridWorker', 'households', 'claimCode', {
        id: h.id,
        memberId: h.members[0].memberId,
      });
      await p.ok('mover', 'households', 'claim', { code });
    }
    expect((await p.ok('mover', 'households', 'mine')).items.map((c: { me: { name: string } }) => c.me.name)).toEqual([
      '新户成员',
    ]);
    expect(Object.keys((await p.ok('mover', 'qr', 'resolve', { scene: a.scene })).view)).toEqual(['public']);
  });

  test('an expired claim code is FAILED_PRECONDITION (CLAIM_EXPIRED)', async () => {
    const h = await register('gridWorker', 'zxq-g1', [member({ name: '过期认领' })]);
    const { code } = await p.ok('gridWorker', 'households', 'claimCode', { id: h.id, memberId: h.members[0].memberId });
    const doc = p.docs('householdMembers').find((m) => m._id === h.members[0].memberId)!;
    p.cloud.store.commit([
      {
        collection: 'householdMembers',
        id: doc._id as string,
        doc: { ...doc, claimExpiresAt: new Date(Date.now() - 1000) },
      },
    ]);
    expect(await p.call('late-claimer', 'households', 'claim', { code })).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', details: { reason: 'CLAIM_EXPIRED' } },
    });
  });
});

describe('reveal', () => {
  let h: { id: string; members: { memberId: string }[] };
  let id: string;
  beforeAll(async () => {
    id = idNumber('female');
    h = await register('gridWorker', 'zxq-g1', [
      member({ name: '查看测试', gender: 'female', idNumber: id, phone: phone() }),
    ]);
  });

  test('is refused outside scope (NOT_FOUND), and nothing is audited', async () => {
    for (const who of ['g2-worker', 'resident', 'chengduStaff']) {
      const res = await p.call(who, 'households', 'reveal', {
        id: h.id,
        memberId: h.members[0].memberId,
        field: 'idNumber',
        reason: '核实身份',
      });
      expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(
      p.docs('auditLogs').filter((a) => a.action === 'household.reveal' && a.targetId === h.members[0].memberId),
    ).toEqual([]);
  });

  test('inside scope gives the full value for a stated reason, and the audit log keeps who, why and which field, not the value', async () => {
    const res = await p.ok('gridWorker', 'households', 'reveal', {
      id: h.id,
      memberId: h.members[0].memberId,
      field: 'idNumber',
      reason: '协助办理低保',
    });
    expect(res).toEqual({ value: id });
    const entry = p
      .docs('auditLogs')
      .find((a) => a.action === 'household.reveal' && a.targetId === h.members[0].memberId)!;
    expect(entry).toMatchObject({
      actor: 'demo-grid-worker',
      reason: '协助办理低保',
      orgId: p.orgId('zxq-g1'),
      details: { field: 'idNumber', householdId: h.id },
    });
    expect(JSON.stringify(entry)).not.toContain(id);
  });

  test('needs a reason of at least two characters', async () => {
    const res = await p.call('gridWorker', 'households', 'reveal', {
      id: h.id,
      memberId: h.members[0].memberId,
      field: 'phone',
      reason: '看',
    });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { reason: expect.any(String) } } },
    });
  });
});

describe('duplicates', () => {
  test('the same ID number in two grids is flagged to the staff over both, and to neither grid worker', async () => {
    const id = idNumber();
    const first = await register('gridWorker', 'zxq-g1', [member({ name: '重复甲', idNumber: id, phone: phone() })], {
      tags: ['key_attention'],
    });
    expect(first.members[0].duplicate).toBe(false);
    const second = await register('g2-worker', 'zxq-g2', [member({ name: '重复乙', idNumber: id })]);
    // A grid worker must not learn that a number is registered elsewhere: the answer is that of a new number.
    expect(second.duplicate).toBe(false);
    expect(second.members[0].duplicate).toBe(false);
    expect(second.members[0].duplicates).toBeUndefined();
    const secondJson = JSON.stringify(second);
    for (const leak of [first.id, '重复甲', first.addressText, '第一网格', first.members[0].memberId])
      expect(secondJson).not.toContain(leak);
    const firstNow = await p.ok('gridWorker', 'households', 'get', { id: first.id });
    expect(firstNow.duplicate).toBe(false);
    expect(JSON.stringify(firstNow)).not.toContain(second.id);
    const listed = await p.ok('gridWorker', 'households', 'list', { gridId: p.orgId('zxq-g1'), tag: 'key_attention' });
    expect(listed.items.find((i: { id: string }) => i.id === first.id).duplicate).toBe(false);
    // Both records are flagged in storage, and staff over both grids are told where the other record is.
    expect(
      p
        .docs('households')
        .filter((h) => [first.id, second.id].includes(h._id))
        .map((h) => h.duplicate),
    ).toEqual([true, true]);
    const staffView = await p.ok('staff', 'households', 'get', { id: second.id });
    expect(staffView.duplicate).toBe(true);
    expect(staffView.members[0].duplicates).toEqual([
      {
        inYourScope: true,
        householdId: first.id,
        memberId: first.members[0].memberId,
        gridName: '第一网格（金色年华小区）',
        addressText: first.addressText,
      },
    ]);
    const staffList = await p.ok('staff', 'households', 'list', { gridId: p.orgId('zxq-g1'), tag: 'key_attention' });
    expect(staffList.items.find((i: { id: string }) => i.id === first.id).duplicate).toBe(true);
    // Once one of them moves out, the other is no longer flagged.
    await p.ok('g2-worker', 'households', 'moveOut', {
      id: second.id,
      memberId: second.members[0].memberId,
      reason: '重复登记，已核实本人住在第一网格',
    });
    const cleared = await p.ok('staff', 'households', 'get', { id: first.id });
    expect(cleared.duplicate).toBe(false);
    expect(cleared.members[0].duplicates).toBeUndefined();
  });

  test('a duplicate found by editing a member is flagged too', async () => {
    const id = idNumber();
    await register('g3-worker', 'zxq-g3', [member({ name: '编辑重复甲', idNumber: id })]);
    const h = await register('g2-worker', 'zxq-g2', [member({ name: '编辑重复乙' })]);
    const edited = await p.ok('g2-worker', 'households', 'updateMember', {
      id: h.id,
      memberId: h.members[0].memberId,
      member: { idNumber: id },
    });
    expect(edited.members[0].duplicate).toBe(false);
    const staffView = await p.ok('staff', 'households', 'get', { id: h.id });
    expect(staffView.members[0].duplicates).toEqual([expect.objectContaining({ inYourScope: true })]);
  });
});

describe('members, move-out and transfer', () => {
  test("adding and changing members keeps the head, count and completeness in step; '' removes a value", async () => {
    const h = await register('gridWorker', 'zxq-g1', [member({ name: '户主甲', relation: 'head', phone: phone() })], {
      housing: 'owned',
    });
    const added = await p.ok('gridWorker', 'households', 'addMember', {
      id: h.id,
      member: member({ name: '家属乙', relation: 'spouse', gender: 'female' }),
    });
    expect(added.memberCount).toBe(2);
    expect(added.headName).toBe('户主甲');
    const removed = await p.ok('gridWorker', 'households', 'updateMember', {
      id: h.id,
      memberId: h.members[0].memberId,
      member: { phone: '', occupation: '' },
    });
    expect(removed.members[0].phone).toBeUndefined();
    expect(p.docs('householdMembers').find((m) => m._id === h.members[0].memberId)!.phoneEnc).toBeNull();
    const moved = await p.ok('gridWorker', 'households', 'update', {
      id: h.id,
      address: { building: '11', room: '1101' },
    });
    expect(moved.address).toEqual({ building: '11', room: '1101' });
  });

  test('a member moves out: still on record, out of the count, audited', async () => {
    const h = await register('gridWorker', 'zxq-g1', [member({ name: '留下的' }), member({ name: '搬走的' })]);
    const after = await p.ok('gridWorker', 'households', 'moveOut', {
      id: h.id,
      memberId: h.members[1].memberId,
      reason: '回老家就业',
    });
    expect(after.memberCount).toBe(1);
    expect(after.members[1]).toMatchObject({
      name: '搬走的',
      status: 'moved_out',
      moveOutReason: '回老家就业',
      movedOutAt: expect.any(String),
    });
    expect(
      p
        .docs('auditLogs')
        .some(
          (a) =>
            a.action === 'household.member.moveOut' &&
            a.targetId === h.members[1].memberId &&
            a.reason === '回老家就业',
        ),
    ).toBe(true);
    const again = await p.call('gridWorker', 'households', 'moveOut', {
      id: h.id,
      memberId: h.members[1].memberId,
      reason: '再次',
    });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', details: { reason: 'MEMBER_MOVED_OUT' } },
    });
  });

  test('the whole household moves out: its door code stops working and it leaves the list', async () => {
    const h = await register('gridWorker', 'zxq-g1', [member({ name: '整户迁出' })]);
    await p.ok('gridWorker', 'households', 'moveOut', { id: h.id, reason: '整户搬离昆明' });
    expect(await p.call('resident', 'qr', 'resolve', { scene: h.scene })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const { items } = await p.ok('gridWorker', 'households', 'list', { gridId: p.orgId('zxq-g1'), q: '整户迁出' });
    expect(items).toEqual([]);
    expect((await p.ok('gridWorker', 'households', 'get', { id: h.id })).status).toBe('moved_out');
    expect(await p.call('gridWorker', 'households', 'addVisit', { id: h.id, notes: '回访' })).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', details: { reason: 'HOUSEHOLD_MOVED_OUT' } },
    });
  });

  test('transfer to a grid of another community: the old grid worker loses it, the new one has it, audited', async () => {
    const h = await register('gridWorker', 'zxq-g1', [member({ name: '转出户', idNumber: idNumber() })]);
    const target = p.orgId('ysl-g1');
    await p.ok('gridWorker', 'households', 'transfer', {
      id: h.id,
      toGridId: target,
      reason: '搬到永顺里社区',
      address: { estate: '永顺里', building: '5', room: '202' },
    });
    expect(await p.call('gridWorker', 'households', 'get', { id: h.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const moved = await p.ok('rootAdmin', 'households', 'get', { id: h.id });
    expect(moved).toMatchObject({ gridId: target, gridName: '永顺里第一网格', addressText: '永顺里 5栋 202室' });
    const member0 = p.docs('householdMembers').find((m) => m._id === h.members[0].memberId)!;
    expect(member0.ancestors).toEqual(p.org('ysl-g1').ancestors);
    expect(member0.communityId).toBe(p.orgId('ysl'));
    expect(p.docs('auditLogs').some((a) => a.action === 'household.transfer' && a.targetId === h.id)).toBe(true);
    const notGrid = await p.call('rootAdmin', 'households', 'transfer', {
      id: h.id,
      toGridId: p.orgId('ysl'),
      reason: '测试',
    });
    expect(notGrid).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { toGridId: '只能转到网格' } } },
    });
  });

  test('moving a grid to another community carries its households', async () => {
    const { id: gridId } = await p.ok(fixtureAdmin(), 'orgs', 'create', {
      parentId: p.orgId('zxq'),
      name: '随迁网格',
      level: 'grid',
    });
    const h = await p.ok('staff', 'households', 'create', {
      gridId,
      address: { building: '1', room: '101' },
      members: [member({ name: '随网格迁移' })],
    });
    await p.ok('rootAdmin', 'orgs', 'move', { id: gridId, parentId: p.orgId('ag') });
    expect(await p.call('staff', 'households', 'get', { id: h.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await p.call('chengduStaff', 'households', 'get', { id: h.id })).toMatchObject({ ok: true });
    const found = await p.ok('chengduStaff', 'households', 'list', { orgId: p.orgId('ag'), q: '随网格' });
    expect(found.items).toHaveLength(1);
  });
});

describe('visits', () => {
  test('visits are logged by the grid worker and listed newest first', async () => {
    const h = await register('gridWorker', 'zxq-g1', [member({ name: '走访户' })]);
    await p.ok('gridWorker', 'households', 'addVisit', {
      id: h.id,
      notes: '第一次走访：了解就业意愿',
      needs: ['employment'],
    });
    await p.ok('gridWorker', 'households', 'addVisit', { id: h.id, notes: '第二次走访：推荐技能培训' });
    const { items } = await p.ok('staff', 'households', 'visits', { id: h.id });
    expect(items.map((v: { notes: string }) => v.notes)).toEqual([
      '第二次走访：推荐技能培训',
      '第一次走访：了解就业意愿',
    ]);
    expect(items[0]).toMatchObject({ byName: '李晓芬', mine: false });
    const page = await p.ok('gridWorker', 'households', 'visits', { id: h.id, limit: 1 });
    const next = await p.ok('gridWorker', 'households', 'visits', { id: h.id, limit: 1, cursor: page.nextCursor });
    expect(next.items[0].notes).toBe('第一次走访：了解就业意愿');
    const after = await p.ok('gridWorker', 'households', 'get', { id: h.id });
    expect(after.visitCount).toBe(2);
    expect(after.lastVisitAt).toEqual(expect.any(String));
  });

  test('a visit opens a service request on the household’s behalf; a member who claimed their record owns it', async () => {
    const tel = phone();
    const h = await register('gridWorker', 'zxq-g1', [member({ name: '代办诉求人', phone: tel })]);
    const { code } = await p.ok('gridWorker', 'households', 'claimCode', { id: h.id, memberId: h.members[0].memberId });
    await p.ok('visit-claimer', 'households', 'claim', { code });
    const visit = await p.ok('gridWorker', 'households', 'addVisit', {
      id: h.id,
      notes: '入户走访，孩子入学需要协助',
      openRequest: {
        category: 'schooling',
        description: '孩子转学到关上中心小学，需要协助办理入学手续',
        memberId: h.members[0].memberId,
      },
    });
    expect(visit.requestId).toEqual(expect.any(String));
    const request = await p.ok('gridWorker', 'requests', 'get', { id: visit.requestId });
    expect(request).toMatchObject({
      householdId: h.id,
      category: 'schooling',
      orgId: p.orgId('zxq-g1'),
      status: 'submitted',
      contactName: '代办诉求人',
      contactPhone: `${tel.slice(0, 3)}****${tel.slice(-4)}`,
    });
    expect(request.timeline[0].note).toContain('走访时代为提交');
    const mine = await p.ok('visit-claimer', 'requests', 'listMine');
    expect(mine.items.map((r: { id: string }) => r.id)).toContain(visit.requestId);
    // Without a claimed member, the grid worker files it.
    const plain = await p.ok('gridWorker', 'households', 'addVisit', {
      id: h.id,
      notes: '再访',
      openRequest: { category: 'consult', description: '咨询医保异地报销政策' },
    });
    expect((await p.ok('gridWorker', 'requests', 'get', { id: plain.requestId })).mine).toBe(true);
    const wrong = await p.call('gridWorker', 'households', 'addVisit', {
      id: h.id,
      notes: '再访',
      openRequest: { category: 'consult', description: '咨询', memberId: 'not-this-household' },
    });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { 'openRequest.memberId': expect.any(String) } } },
    });
  });
});

describe('door plates', () => {
  test('one printable file holds every door code of the grid, each labelled with its address', async () => {
    const grid = p.orgId('zxq-g3');
    await register('g3-worker', 'zxq-g3', [member({ name: '门牌甲' })]);
    await register('g3-worker', 'zxq-g3', [member({ name: '门牌乙' })]);
    const expected = p.docs('households').filter((h) => h.gridId === grid && h.status === 'active');
    const res = await p.ok('g3-worker', 'plates', 'grid', { gridId: grid });
    expect(res.count).toBe(expected.length);
    expect(res.fileID).toMatch(/\/plates\/.+\.html$/);
    const html = await (await fetch(res.tempUrl)).text();
    const plates = [
      ...html.matchAll(
        /<div class="plate" data-scene="([^"]+)">.*?src="data:image\/png;base64,([^"]+)">.*?<div class="address">([^<]+)<\/div>/g,
      ),
    ];
    expect(plates).toHaveLength(expected.length);
    for (const [, scene, png, address] of plates) {
      const image = PNG.sync.read(Buffer.from(png, 'base64'));
      expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(
        `pages/door/index?scene=${scene}`,
      );
      const household = expected.find((h) => h.scene === scene);
      expect(address).toBe(addressText(household!.address as Address));
    }
    expect(new Set(plates.map((m) => m[1]))).toEqual(new Set(expected.map((h) => h.scene)));
    expect(html).toContain('@page');
    expect(p.docs('auditLogs').some((a) => a.action === 'plates.export' && a.targetId === grid)).toBe(true);
  });

  test('plates of a grid outside one’s scope are PERMISSION_DENIED', async () => {
    expect(await p.call('g2-worker', 'plates', 'grid', { gridId: p.orgId('zxq-g3') })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(await p.call('resident', 'plates', 'grid', { gridId: p.orgId('zxq-g1') })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
  });
});

describe('personal data at rest and in logs', () => {
  test('no plain ID number or phone anywhere in the database, its files, or the logs', async () => {
    expect(secrets.size).toBeGreaterThan(15);
    const store = p.cloud.store;
    const everything = JSON.stringify(store.collectionNames().map((name) => [...store.collection(name).docs.values()]));
    const file = store.sqlite.name;
    const onDisk = [file, `${file}-wal`]
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('\n');
    const logged = logs.join('\n');
    expect(logs.length).toBeGreaterThan(100);
    for (const secret of secrets) {
      expect(everything).not.toContain(secret);
      expect(onDisk).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
  });
});

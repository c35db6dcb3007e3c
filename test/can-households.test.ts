/**
 * A household's view says what the caller may do with it (`can`) and with each member (`members[].can`), by the
 * rules the actions enforce: for each persona in scope and each state of the record, every action marked true
 * succeeds through /fn and every one marked false is refused. Outside the scope there is no view and no action.
 */
import type { HouseholdCan, MemberCan } from '../miniprogram/shared/api';
import { withCheckChar } from '../miniprogram/shared/idcard';
import { allowed, checkCan, type Subject } from './helpers/can';
import { fixtureAdmin, TestProject } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

let seq = 0;
/** A fresh, valid, fictional ID number (a man born 1990). */
function idNumber(): string {
  const n = ++seq;
  return withCheckChar(
    `5301${String(n % 100).padStart(2, '0')}19900101${String(Math.floor(n / 100) % 100).padStart(2, '0')}1`,
  );
}

const member = (over: Record<string, unknown> = {}) => ({
  name: `测试${++seq}`,
  gender: 'male',
  ethnicity: '03',
  residency: 'floating',
  ...over,
});

/** A household of 中心区社区第一网格: `full` (ID number and phone) and `bare` (neither), brought into a state. */
interface Fixture {
  id: string;
  scene: string;
  full: string;
  bare: string;
}

async function register(extraMembers = 0): Promise<Fixture> {
  const h = await p.ok(fixtureAdmin(), 'households', 'create', {
    gridId: p.orgId('zxq-g1'),
    address: { estate: '权限小区', building: '1', room: String(1000 + ++seq) },
    members: [
      member({ relation: 'head', idNumber: idNumber(), phone: '13912345678' }),
      member(),
      ...Array.from({ length: extraMembers }, () => member()),
    ],
  });
  return { id: h.id, scene: h.scene, full: h.members[0].memberId, bare: h.members[1].memberId };
}

const STATES = {
  active: () => register(),
  /** 20 members, the most a household holds. */
  fullHouse: () => register(18),
  /** The bare member moved out. */
  memberLeft: async () => {
    const h = await register();
    await p.ok(fixtureAdmin(), 'households', 'moveOut', { id: h.id, memberId: h.bare, reason: '外出务工' });
    return h;
  },
  /** The whole household moved out (its door code stops working). */
  movedOut: async () => {
    const h = await register();
    await p.ok(fixtureAdmin(), 'households', 'moveOut', { id: h.id, reason: '搬离本社区' });
    return h;
  },
};
type State = keyof typeof STATES;
type Persona = 'gridWorker' | 'staff' | 'streetAdmin';
const PERSONAS: Persona[] = ['gridWorker', 'staff', 'streetAdmin'];

function householdAttempts(who: string, h: Fixture): Subject<keyof HouseholdCan>['attempt'] {
  const id = h.id;
  return {
    update: () => p.call(who, 'households', 'update', { id, housing: 'rented' }),
    addMember: () => p.call(who, 'households', 'addMember', { id, member: member() }),
    moveOut: () => p.call(who, 'households', 'moveOut', { id, reason: '搬离本社区' }),
    transfer: () => p.call(who, 'households', 'transfer', { id, toGridId: p.orgId('zxq-g2'), reason: '搬到第二网格' }),
    addVisit: () => p.call(who, 'households', 'addVisit', { id, notes: '入户走访，了解就业需求' }),
    rotateCode: () => p.call(who, 'qr', 'rotate', { scene: h.scene }),
  };
}

function memberAttempts(who: string, h: Fixture, memberId: string): Subject<keyof MemberCan>['attempt'] {
  const id = h.id;
  const reveal = (field: string) =>
    p.call(who, 'households', 'reveal', { id, memberId, field, reason: '核实身份信息' });
  return {
    update: () => p.call(who, 'households', 'updateMember', { id, memberId, member: { occupation: '厨师' } }),
    moveOut: () => p.call(who, 'households', 'moveOut', { id, memberId, reason: '外出务工' }),
    claimCode: () => p.call(who, 'households', 'claimCode', { id, memberId }),
    revealIdNumber: () => reveal('idNumber'),
    revealPhone: () => reveal('phone'),
  };
}

const view = (who: string, id: string) => p.ok(who, 'households', 'get', { id });

const EXPECTED_HOUSEHOLD: Record<State, string> = {
  active: 'update addMember moveOut transfer addVisit rotateCode',
  fullHouse: 'update moveOut transfer addVisit rotateCode',
  memberLeft: 'update addMember moveOut transfer addVisit rotateCode',
  movedOut: '',
};

describe.each(Object.keys(STATES) as State[])('a household, %s', (state) => {
  test.each(PERSONAS)('as %s: the household actions marked true succeed, the others are refused', async (persona) => {
    const can = await checkCan(`${state}/${persona}`, async () => {
      const h = await STATES[state]();
      return { can: async () => (await view(persona, h.id)).can, attempt: householdAttempts(persona, h) };
    });
    expect(allowed(can)).toBe(EXPECTED_HOUSEHOLD[state]);
  });
});

/** What may be done with each member: changes while both live here; numbers revealed when registered. */
const EXPECTED_MEMBER: Record<string, string> = {
  'active/full': 'update moveOut claimCode revealIdNumber revealPhone',
  'active/bare': 'update moveOut claimCode',
  'memberLeft/bare': '',
  'movedOut/full': 'revealIdNumber revealPhone',
  'movedOut/bare': '',
};

describe.each(Object.keys(EXPECTED_MEMBER))('a member, %s', (key) => {
  const [state, which] = key.split('/') as [State, 'full' | 'bare'];
  test.each(PERSONAS)('as %s: the member actions marked true succeed, the others are refused', async (persona) => {
    const can = await checkCan(`${key}/${persona}`, async () => {
      const h = await STATES[state]();
      const memberId = h[which];
      return {
        can: async () =>
          (await view(persona, h.id)).members.find((m: { memberId: string }) => m.memberId === memberId).can,
        attempt: memberAttempts(persona, h, memberId),
      };
    });
    expect(allowed(can)).toBe(EXPECTED_MEMBER[key]);
  });
});

test('the door code shows scope holders the same view, with the same can', async () => {
  const h = await register();
  const scanned = await p.ok('gridWorker', 'qr', 'resolve', { scene: h.scene });
  const got = await view('gridWorker', h.id);
  expect(scanned.view.household.can).toEqual(got.can);
  expect(scanned.view.household.members.map((m: { can: MemberCan }) => m.can)).toEqual(
    got.members.map((m: { can: MemberCan }) => m.can),
  );
});

test('outside the scope there is no view, and every action answers NOT_FOUND as for no household at all', async () => {
  const h = await register();
  for (const outsider of ['resident', 'chengduStaff']) {
    expect((await p.call(outsider, 'households', 'get', { id: h.id })).error?.code).toBe('NOT_FOUND');
    const all = [
      ...Object.entries(householdAttempts(outsider, h)),
      ...Object.entries(memberAttempts(outsider, h, h.full)).map(
        ([key, attempt]) => [`member.${key}`, attempt] as const,
      ),
    ];
    for (const [key, attempt] of all) {
      expect([outsider, key, (await attempt()).error?.code]).toEqual([outsider, key, 'NOT_FOUND']);
    }
  }
});

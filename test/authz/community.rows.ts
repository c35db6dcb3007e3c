import { fixtureAdmin, type TestProject } from '../helpers/project';
import { all, type Row } from './table';

/**
 * community (issue 17: pairing, volunteer teams). A pair is seen by workers whose scope covers it and by its two
 * families; anyone else gets NOT_FOUND, as for a household. Teams are seen by residents of their org's subtree and
 * workers around it (NOT_FOUND elsewhere); staff run them, the lead logs hours, and nobody logs their own.
 */

let seq = 0;

async function household(p: TestProject): Promise<string> {
  const h = await p.ok(fixtureAdmin(), 'households', 'create', {
    gridId: p.orgId('zxq-g1'),
    address: { estate: '权限表小区', building: '2', room: String(300 + ++seq) },
    members: [{ name: `权限${seq}`, gender: 'male', ethnicity: '01', residency: 'registered' }],
  });
  return h.id;
}

async function newPair(p: TestProject): Promise<string> {
  const households = [await household(p), await household(p)];
  return (await p.ok(fixtureAdmin(), 'community', 'createPair', { orgId: p.orgId('zxq-g1'), households })).id;
}

let chengduAtHome = false;

/** A fresh team of 中心区社区 that `members` joined; returns its id and the member ids by name. */
async function newTeam(p: TestProject, members: string[] = []): Promise<{ id: string; memberIds: string[] }> {
  // Anyone may say they live in 中心区社区 (and so see its teams): the Chengdu staff member is put back home first,
  // whatever rows before set their home to.
  if (!chengduAtHome) await p.ok('chengduStaff', 'users', 'setHome', { orgId: p.orgId('ag') });
  chengduAtHome = true;
  const { id } = await p.ok(fixtureAdmin(), 'community', 'createTeam', {
    orgId: p.orgId('zxq'),
    name: `权限表志愿队${++seq}`,
  });
  for (const who of members) await p.ok(who, 'community', 'joinTeam', { teamId: id });
  const team = await p.ok(fixtureAdmin(), 'community', 'getTeam', { id });
  return { id, memberIds: (team.members ?? []).map((m: { memberId: string }) => m.memberId) };
}

const PAIR_WORKERS = { gridWorker: 'ok', staff: 'ok', streetAdmin: 'ok', rootAdmin: 'ok' } as const;
const TEAM_MANAGERS = { staff: 'ok', streetAdmin: 'ok', rootAdmin: 'ok', chengduStaff: 'NOT_FOUND' } as const;
const VISIBLE_TEAM = { ...all('ok'), chengduStaff: 'NOT_FOUND' } as const;
const KUNMING = ['resident', 'gridWorker', 'staff', 'streetAdmin', 'rootAdmin'];

export const COMMUNITY_ROWS: Row[] = [
  {
    fn: 'community',
    action: 'createPair',
    case: 'two households of grid 1',
    input: async (p) => ({ orgId: p.orgId('zxq-g1'), households: [await household(p), await household(p)] }),
    // By now every persona holds a grid-worker grant of an isolated grid (identity rows, redeemInvite): a worker
    // outside the households' scope is told NOT_FOUND; only the no-identity caller has no role at all.
    allow: { ...PAIR_WORKERS, chengduStaff: 'NOT_FOUND', resident: 'NOT_FOUND' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'community',
    action: 'pairs',
    case: 'own scope or family',
    input: () => ({}),
    allow: all('ok'),
    otherwise: 'ok',
  },
  ...(['getPair', 'logPairActivity', 'endPair'] as const).map((action): Row => ({
    fn: 'community',
    action,
    case: 'a pair of grid 1',
    input: async (p) => {
      const id = await newPair(p);
      if (action === 'getPair') return { id };
      if (action === 'endPair') return { pairId: id, reason: '一方搬走' };
      return { pairId: id, note: '一起吃饭', at: new Date(Date.now() - 60_000).toISOString() };
    },
    allow: PAIR_WORKERS,
    otherwise: 'NOT_FOUND',
  })),
  {
    fn: 'community',
    action: 'createTeam',
    case: 'in scope (中心区社区)',
    input: (p) => ({ orgId: p.orgId('zxq'), name: `权限表新队${++seq}` }),
    allow: TEAM_MANAGERS,
    otherwise: 'PERMISSION_DENIED',
  },
  { fn: 'community', action: 'teams', case: 'home', input: () => ({}), allow: all('ok'), otherwise: 'ok' },
  {
    fn: 'community',
    action: 'getTeam',
    case: 'a team of 中心区社区',
    input: async (p) => ({ id: (await newTeam(p)).id }),
    allow: VISIBLE_TEAM,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'community',
    action: 'joinTeam',
    case: 'a team of 中心区社区',
    input: async (p) => ({ teamId: (await newTeam(p)).id }),
    allow: VISIBLE_TEAM,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'community',
    action: 'leaveTeam',
    case: 'a team everyone in Kunming joined',
    input: async (p) => ({ teamId: (await newTeam(p, KUNMING)).id }),
    allow: VISIBLE_TEAM,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'community',
    action: 'setLead',
    case: "the resident's team",
    input: async (p) => {
      const team = await newTeam(p, ['resident']);
      return { teamId: team.id, memberId: team.memberIds[0] };
    },
    allow: TEAM_MANAGERS,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'community',
    action: 'logHours',
    case: "the resident's hours (their own for the resident)",
    input: async (p) => {
      const team = await newTeam(p, ['resident']);
      return { teamId: team.id, memberId: team.memberIds[0], hours: 2, at: new Date().toISOString(), note: '助老' };
    },
    allow: TEAM_MANAGERS,
    otherwise: 'PERMISSION_DENIED',
  },
  { fn: 'community', action: 'myHours', case: 'own', input: () => ({}), allow: all('ok'), otherwise: 'ok' },
  {
    fn: 'community',
    action: 'teamHours',
    case: 'a team of 中心区社区',
    input: async (p) => ({ teamId: (await newTeam(p)).id }),
    allow: TEAM_MANAGERS,
    otherwise: 'PERMISSION_DENIED',
  },
];

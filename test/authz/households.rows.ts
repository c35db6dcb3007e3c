import { withCheckChar } from '../../miniprogram/shared/idcard';
import { fixtureAdmin, type TestProject } from '../helpers/project';
import { all, type Expect, type Row, type Who } from './table';

let seq = 0;

interface Fixture {
  id: string;
  scene: string;
  members: { memberId: string }[];
}

/** A fresh household in a grid, registered by a root admin, with a sealed ID number and phone to reveal. */
async function freshHousehold(p: TestProject, grid: string): Promise<Fixture> {
  const n = ++seq;
  return p.ok(fixtureAdmin(), 'households', 'create', {
    gridId: p.orgId(grid),
    address: { estate: '授权测试小区', building: String(n), room: '101' },
    members: [
      {
        name: '授权测试',
        gender: 'male',
        ethnicity: '07',
        residency: 'floating',
        idNumber: withCheckChar(`53990119800101${String(n % 100).padStart(2, '0')}1`),
        phone: `1370000${String(n).padStart(4, '0')}`,
      },
    ],
  });
}

/** In the grid 中心区社区第一网格: its grid worker, the community staff, the street admin and the root admin. */
const KUNMING: Partial<Record<Who, Expect>> = { gridWorker: 'ok', staff: 'ok', streetAdmin: 'ok', rootAdmin: 'ok' };
const CHENGDU: Partial<Record<Who, Expect>> = { chengduStaff: 'ok', rootAdmin: 'ok' };

/** Rows for an action on an existing household: in scope (Kunming, grid 1) and outside it (Chengdu). */
function onHousehold(action: string, input: (h: Fixture, p: TestProject) => Record<string, unknown>): Row[] {
  return [
    {
      fn: 'households',
      action,
      case: 'household in grid 1',
      input: async (p) => input(await freshHousehold(p, 'zxq-g1'), p),
      allow: KUNMING,
      otherwise: 'NOT_FOUND',
    },
    {
      fn: 'households',
      action,
      case: 'household in Chengdu',
      input: async (p) => input(await freshHousehold(p, 'ag-g1'), p),
      allow: CHENGDU,
      otherwise: 'NOT_FOUND',
    },
  ];
}

/** households and plates (issue: grid registry and the household QR "ID card"). */
export const HOUSEHOLD_ROWS: Row[] = [
  // First, while these grids hold no households: every plate is a code image, and the local stand-in draws each one.
  {
    fn: 'plates',
    action: 'grid',
    case: 'grid 4 (not the grid worker’s)',
    input: (p) => ({ gridId: p.orgId('zxq-g4') }),
    allow: { staff: 'ok', streetAdmin: 'ok', rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'plates',
    action: 'grid',
    case: 'Chengdu grid',
    input: (p) => ({ gridId: p.orgId('ag-g1') }),
    allow: CHENGDU,
    otherwise: 'PERMISSION_DENIED',
  },
  // Notice-board posters: orgs are public, so out of scope is refused rather than hidden.
  {
    fn: 'plates',
    action: 'poster',
    case: 'grid 1',
    input: (p) => ({ orgId: p.orgId('zxq-g1') }),
    allow: KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'plates',
    action: 'poster',
    case: '中心区社区 (above the grid worker)',
    input: (p) => ({ orgId: p.orgId('zxq') }),
    allow: { staff: 'ok', streetAdmin: 'ok', rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'plates',
    action: 'poster',
    case: 'Chengdu grid',
    input: (p) => ({ orgId: p.orgId('ag-g1') }),
    allow: CHENGDU,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'households',
    action: 'create',
    case: 'in grid 1',
    input: (p) => ({
      gridId: p.orgId('zxq-g1'),
      address: { building: String(++seq), room: '1' },
      members: [{ name: '新户', gender: 'female', ethnicity: '03', residency: 'floating' }],
    }),
    allow: KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'households',
    action: 'create',
    case: 'in Chengdu',
    input: (p) => ({
      gridId: p.orgId('ag-g1'),
      address: { building: String(++seq), room: '1' },
      members: [{ name: '新户', gender: 'female', ethnicity: '04', residency: 'floating' }],
    }),
    allow: CHENGDU,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'households',
    action: 'list',
    case: 'grid 1',
    input: (p) => ({ gridId: p.orgId('zxq-g1') }),
    allow: KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'households',
    action: 'list',
    case: 'Chengdu community, by name',
    input: (p) => ({ orgId: p.orgId('ag'), q: '授权' }),
    allow: CHENGDU,
    otherwise: 'PERMISSION_DENIED',
  },
  ...onHousehold('get', (h) => ({ id: h.id })),
  {
    fn: 'households',
    action: 'get',
    case: 'transferred from grid 1 to Chengdu',
    input: async (p) => {
      const h = await freshHousehold(p, 'zxq-g1');
      await p.ok(fixtureAdmin(), 'households', 'transfer', {
        id: h.id,
        toGridId: p.orgId('ag-g1'),
        reason: '迁居成都',
      });
      return { id: h.id };
    },
    allow: CHENGDU,
    otherwise: 'NOT_FOUND',
  },
  ...onHousehold('update', (h) => ({ id: h.id, tags: ['key_attention'], housing: 'rented' })),
  ...onHousehold('addMember', (h) => ({
    id: h.id,
    member: { name: '家属', gender: 'female', ethnicity: '07', residency: 'floating' },
  })),
  ...onHousehold('updateMember', (h) => ({
    id: h.id,
    memberId: h.members[0].memberId,
    member: { occupation: '司机' },
  })),
  ...onHousehold('moveOut', (h) => ({ id: h.id, memberId: h.members[0].memberId, reason: '回老家' })),
  ...onHousehold('transfer', (h, p) => ({ id: h.id, toGridId: p.orgId('zxq-g2'), reason: '搬家' })),
  ...onHousehold('reveal', (h) => ({ id: h.id, memberId: h.members[0].memberId, field: 'phone', reason: '电话联系' })),
  ...onHousehold('addVisit', (h) => ({ id: h.id, notes: '走访' })),
  ...onHousehold('visits', (h) => ({ id: h.id })),
  ...onHousehold('claimCode', (h) => ({ id: h.id, memberId: h.members[0].memberId })),
  {
    fn: 'households',
    action: 'claim',
    case: 'a fresh claim code',
    input: async (p) => {
      const h = await freshHousehold(p, 'zxq-g1');
      return {
        code: (await p.ok(fixtureAdmin(), 'households', 'claimCode', { id: h.id, memberId: h.members[0].memberId }))
          .code,
      };
    },
    allow: all('ok'),
    otherwise: 'ok',
  },
  { fn: 'households', action: 'mine', case: 'self', input: () => ({}), allow: all('ok'), otherwise: 'ok' },
];

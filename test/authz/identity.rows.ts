import { fixtureAdmin, type TestProject } from '../helpers/project';
import { all, type Row } from './table';

let seq = 0;
const unique = (prefix: string) => `${prefix}${++seq}`;

/** An invite to a grid of a fresh community of 关上街道, next to (not under) the demo communities. */
async function isolatedInvite(p: TestProject): Promise<{ code: string }> {
  const admin = fixtureAdmin();
  const community = await p.ok(admin, 'orgs', 'create', {
    parentId: p.orgId('gs'),
    name: unique('测试社区'),
    level: 'community',
  });
  const grid = await p.ok(admin, 'orgs', 'create', { parentId: community.id, name: unique('测试网格'), level: 'grid' });
  return p.ok(admin, 'users', 'createInvite', { role: 'grid_worker', orgId: grid.id });
}

/** A fresh grid under a community, created by the root admin. */
async function freshGrid(p: TestProject, community = 'zxq'): Promise<{ id: string; scene: string }> {
  return p.ok(fixtureAdmin(), 'orgs', 'create', {
    parentId: p.orgId(community),
    name: unique('测试网格'),
    level: 'grid',
  });
}

/** An invite to a grid of its own, so that redeeming it gives the caller no scope over the demo grids. */
async function freshInvite(p: TestProject, community = 'zxq'): Promise<{ id: string; code: string; scene: string }> {
  const grid = await freshGrid(p, community);
  return p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'grid_worker', orgId: grid.id });
}

async function freshGrant(p: TestProject, community = 'zxq'): Promise<string> {
  const holder = unique('holder-');
  const { code } = await freshInvite(p, community);
  await p.ok(holder, 'users', 'redeemInvite', { code });
  return p.docs('grants').find((g) => g.openid === holder)!._id as string;
}

/** A second admin of 官渡街道, beside demo-street-admin (so revoking it never hits LAST_ADMIN). */
async function freshStreetAdminGrant(p: TestProject): Promise<string> {
  const holder = unique('street-admin-');
  const { code } = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'admin', orgId: p.orgId('gs') });
  await p.ok(holder, 'users', 'redeemInvite', { code });
  return p.docs('grants').find((g) => g.openid === holder)!._id as string;
}

const station = (orgId: string) => ({
  orgId,
  type: 'yijiaqin',
  name: unique('测试工作站'),
  address: '测试地址 1 号',
  latitude: 25,
  longitude: 102.7,
  hours: '9:00-17:00',
  services: ['consult'],
  phone: '0871-67100009',
  greenChannel: false,
});

const ADMINS_IN_KUNMING = { streetAdmin: 'ok', rootAdmin: 'ok' } as const;

/** users, orgs and qr (issue: identity, roles, the org tree, QR scenes). */
export const IDENTITY_ROWS: Row[] = [
  { fn: 'users', action: 'me', case: 'self', input: () => ({}), allow: all('ok'), otherwise: 'ok' },
  {
    fn: 'users',
    action: 'updateProfile',
    case: 'self',
    input: () => ({ name: '测试' }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'users',
    action: 'setHome',
    case: 'any community',
    input: (p) => ({ orgId: p.orgId('zxq') }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'users',
    action: 'createInvite',
    case: 'grid worker, in scope',
    input: (p) => ({ role: 'grid_worker', orgId: p.orgId('zxq-g1') }),
    allow: { staff: 'ok', ...ADMINS_IN_KUNMING },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'users',
    action: 'createInvite',
    case: 'grid worker, outside scope (Chengdu)',
    input: (p) => ({ role: 'grid_worker', orgId: p.orgId('ag-g1') }),
    allow: { chengduStaff: 'ok', rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'users',
    action: 'createInvite',
    case: 'staff (staff may not invite staff)',
    input: (p) => ({ role: 'staff', orgId: p.orgId('zxq') }),
    allow: ADMINS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'users',
    action: 'redeemInvite',
    case: 'fresh invite',
    // A grid of a community of its own, so that the grant it leaves reaches nothing the later rows look at.
    input: async (p) => ({ code: (await isolatedInvite(p)).code }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'users',
    action: 'listGrants',
    case: 'in scope',
    input: (p) => ({ orgId: p.orgId('zxq') }),
    allow: ADMINS_IN_KUNMING,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'users',
    action: 'listGrants',
    case: 'outside scope',
    input: (p) => ({ orgId: p.orgId('ag') }),
    allow: { rootAdmin: 'ok' },
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'users',
    action: 'revokeGrant',
    case: 'in scope',
    input: async (p) => ({ id: await freshGrant(p) }),
    allow: ADMINS_IN_KUNMING,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'users',
    action: 'revokeGrant',
    case: 'outside scope',
    input: async (p) => ({ id: await freshGrant(p, 'ag') }),
    allow: { rootAdmin: 'ok' },
    otherwise: 'NOT_FOUND',
  },

  {
    fn: 'users',
    action: 'revokeGrant',
    case: 'a peer admin at the caller’s own level',
    input: async (p) => ({ id: await freshStreetAdminGrant(p) }),
    allow: { streetAdmin: 'PERMISSION_DENIED', rootAdmin: 'ok' },
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'users',
    action: 'invites',
    case: 'in scope (staff: their own)',
    input: (p) => ({ orgId: p.orgId('zxq') }),
    allow: { staff: 'ok', ...ADMINS_IN_KUNMING },
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'users',
    action: 'invites',
    case: 'outside scope',
    input: (p) => ({ orgId: p.orgId('ag') }),
    allow: { chengduStaff: 'ok', rootAdmin: 'ok' },
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'users',
    action: 'revokeInvite',
    case: 'in scope, by id',
    input: async (p) => ({ inviteId: (await freshInvite(p)).id }),
    allow: ADMINS_IN_KUNMING,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'users',
    action: 'revokeInvite',
    case: 'outside scope, by code',
    input: async (p) => ({ code: (await freshInvite(p, 'ag')).code }),
    allow: { rootAdmin: 'ok' },
    otherwise: 'NOT_FOUND',
  },

  {
    fn: 'orgs',
    action: 'create',
    case: 'grid in scope',
    input: (p) => ({ parentId: p.orgId('zxq'), name: unique('新网格'), level: 'grid' }),
    allow: ADMINS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'create',
    case: 'grid outside scope',
    input: (p) => ({ parentId: p.orgId('ag'), name: unique('新网格'), level: 'grid' }),
    allow: { rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'create',
    case: 'new root',
    input: () => ({ name: unique('新城市'), level: 'city' }),
    allow: { rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'get',
    case: 'public',
    input: (p) => ({ id: p.orgId('ag') }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'orgs',
    action: 'children',
    case: 'public',
    input: (p) => ({ id: p.orgId('zxq') }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  { fn: 'orgs', action: 'roots', case: 'public', input: () => ({}), allow: all('ok'), otherwise: 'ok' },
  {
    fn: 'orgs',
    action: 'home',
    case: 'public',
    input: (p) => ({ orgId: p.orgId('zxq-g1') }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'orgs',
    action: 'rename',
    case: 'in scope',
    input: async (p) => ({ id: (await freshGrid(p)).id, name: unique('改名网格') }),
    allow: ADMINS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'rename',
    case: 'outside scope',
    input: async (p) => ({ id: (await freshGrid(p, 'ag')).id, name: unique('改名网格') }),
    allow: { rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'move',
    case: 'within the street',
    input: async (p) => ({
      id: (await freshGrid(p)).id,
      parentId: p.docs('orgs').find((o) => o.name === '关上测试社区')!._id,
    }),
    allow: ADMINS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'move',
    case: 'to another city',
    input: async (p) => ({ id: (await freshGrid(p)).id, parentId: p.orgId('ag') }),
    allow: { rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'resumeMoves',
    case: 'admins only',
    input: () => ({ maxBatches: 1 }),
    allow: ADMINS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'updateContact',
    case: 'in scope',
    input: (p) => ({ id: p.orgId('zxq'), contact: { phone: '0871-67100001' } }),
    allow: { staff: 'ok', ...ADMINS_IN_KUNMING },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'updateContact',
    case: 'outside scope',
    input: (p) => ({ id: p.orgId('ag'), contact: { phone: '028-85500001' } }),
    allow: { chengduStaff: 'ok', rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'archive',
    case: 'in scope',
    input: async (p) => ({ id: (await freshGrid(p)).id }),
    allow: ADMINS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'archive',
    case: 'outside scope',
    input: async (p) => ({ id: (await freshGrid(p, 'ag')).id }),
    allow: { rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'manage',
    case: 'in scope',
    input: (p) => ({ id: p.orgId('zxq') }),
    allow: { staff: 'ok', ...ADMINS_IN_KUNMING },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'manage',
    case: 'outside scope',
    input: (p) => ({ id: p.orgId('ag') }),
    allow: { chengduStaff: 'ok', rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'manage',
    case: 'the top of the tree',
    input: () => ({}),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'orgs',
    action: 'stations',
    case: 'public',
    input: (p) => ({ orgId: p.orgId('zxq') }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'orgs',
    action: 'createStation',
    case: 'in scope',
    input: (p) => station(p.orgId('zxq')),
    allow: { staff: 'ok', ...ADMINS_IN_KUNMING },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'createStation',
    case: 'outside scope',
    input: (p) => station(p.orgId('ag')),
    allow: { chengduStaff: 'ok', rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'updateStation',
    case: 'in scope',
    input: (p) => ({ id: p.docs('stations').find((s) => s.orgId === p.orgId('zxq'))!._id, hours: '每天 9:00-21:00' }),
    allow: { staff: 'ok', ...ADMINS_IN_KUNMING },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'orgs',
    action: 'updateStation',
    case: 'outside scope',
    input: (p) => ({ id: p.docs('stations').find((s) => s.orgId === p.orgId('ag'))!._id, hours: '每天 9:00-21:00' }),
    allow: { chengduStaff: 'ok', rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },

  {
    fn: 'qr',
    action: 'resolve',
    case: 'public',
    input: (p) => ({ scene: p.org('zxq').scene }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'qr',
    action: 'image',
    case: 'own grid',
    input: (p) => ({ scene: p.org('zxq-g1').scene }),
    allow: { gridWorker: 'ok', staff: 'ok', ...ADMINS_IN_KUNMING },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'qr',
    action: 'image',
    case: 'outside scope',
    input: (p) => ({ scene: p.org('ag-g1').scene }),
    allow: { chengduStaff: 'ok', rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'qr',
    action: 'rotate',
    case: 'in scope',
    input: async (p) => ({ scene: (await freshGrid(p)).scene }),
    allow: { staff: 'ok', ...ADMINS_IN_KUNMING },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'qr',
    action: 'rotate',
    case: 'outside scope',
    input: async (p) => ({ scene: (await freshGrid(p, 'ag')).scene }),
    allow: { chengduStaff: 'ok', rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
];

import type { TestProject } from '../helpers/project';
import { all, type Row } from './table';

let seq = 0;

/** A request filed by a resident of its own to the first grid of 中心区社区 (optionally taken to a state). */
async function freshRequest(p: TestProject, state: 'submitted' | 'resolved' = 'submitted'): Promise<string> {
  const filer = `filer-${++seq}`;
  const { id } = await p.ok(filer, 'requests', 'create', {
    orgId: p.orgId('zxq-g1'),
    category: 'medical',
    description: '老人需要陪同去医院复查',
    contactPhone: '13812340000',
  });
  if (state === 'resolved') await p.ok('staff', 'requests', 'resolve', { id, resolution: '已安排志愿者陪同' });
  return id;
}

const IN_SCOPE_HANDLERS = { gridWorker: 'ok', staff: 'ok', streetAdmin: 'ok', rootAdmin: 'ok' } as const;
const SUPERVISORS = { gridWorker: 'PERMISSION_DENIED', staff: 'ok', streetAdmin: 'ok', rootAdmin: 'ok' } as const;
const REQUESTER_ONLY = {
  gridWorker: 'PERMISSION_DENIED',
  staff: 'PERMISSION_DENIED',
  streetAdmin: 'PERMISSION_DENIED',
  rootAdmin: 'PERMISSION_DENIED',
} as const;
const QUEUE_OF_COMMUNITY = { staff: 'ok', streetAdmin: 'ok', rootAdmin: 'ok' } as const;

/** requests (issue: service requests end to end). Callers outside a request's scope never learn it exists. */
export const REQUEST_ROWS: Row[] = [
  {
    fn: 'requests',
    action: 'create',
    case: 'anyone files to a grid',
    input: (p) => ({ orgId: p.orgId('zxq-g1'), category: 'consult', description: '想咨询居住证怎么办理' }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  { fn: 'requests', action: 'listMine', case: 'own', input: () => ({}), allow: all('ok'), otherwise: 'ok' },
  { fn: 'requests', action: 'myCounts', case: 'own', input: () => ({}), allow: all('ok'), otherwise: 'ok' },
  {
    fn: 'requests',
    action: 'get',
    case: 'someone else’s request',
    input: async (p) => ({ id: await freshRequest(p) }),
    allow: IN_SCOPE_HANDLERS,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'requests',
    action: 'get',
    case: 'transferred to another city',
    input: async (p) => {
      const id = await freshRequest(p);
      await p.ok('staff', 'requests', 'transfer', { id, toOrgId: p.orgId('ag'), reason: '已迁居成都' });
      return { id };
    },
    allow: { chengduStaff: 'ok', rootAdmin: 'ok' },
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'requests',
    action: 'queue',
    case: 'a community',
    input: (p) => ({ orgId: p.orgId('zxq') }),
    allow: QUEUE_OF_COMMUNITY,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'requests',
    action: 'queue',
    case: 'a grid',
    input: (p) => ({ orgId: p.orgId('zxq-g1') }),
    allow: IN_SCOPE_HANDLERS,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'requests',
    action: 'queue',
    case: 'another city',
    input: (p) => ({ orgId: p.orgId('ag') }),
    allow: { chengduStaff: 'ok', rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'requests',
    action: 'counts',
    case: 'a community',
    input: (p) => ({ orgId: p.orgId('zxq') }),
    allow: QUEUE_OF_COMMUNITY,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'requests',
    action: 'accept',
    case: 'in scope or not',
    input: async (p) => ({ id: await freshRequest(p) }),
    allow: IN_SCOPE_HANDLERS,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'requests',
    action: 'reply',
    case: 'in scope or not',
    input: async (p) => ({ id: await freshRequest(p), text: '收到' }),
    allow: IN_SCOPE_HANDLERS,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'requests',
    action: 'resolve',
    case: 'not the assignee',
    input: async (p) => ({ id: await freshRequest(p), resolution: '已处理' }),
    allow: SUPERVISORS,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'requests',
    action: 'rate',
    case: 'not the requester',
    input: async (p) => ({ id: await freshRequest(p, 'resolved'), score: 5 }),
    allow: REQUESTER_ONLY,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'requests',
    action: 'withdraw',
    case: 'not the requester',
    input: async (p) => ({ id: await freshRequest(p) }),
    allow: REQUESTER_ONLY,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'requests',
    action: 'transfer',
    case: 'to another city',
    input: async (p) => ({ id: await freshRequest(p), toOrgId: p.orgId('ag'), reason: '已迁居成都' }),
    allow: SUPERVISORS,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'requests',
    action: 'revealContact',
    case: 'not the assignee',
    input: async (p) => ({ id: await freshRequest(p), reason: '电话回访' }),
    allow: SUPERVISORS,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'requests',
    action: 'mediation',
    case: 'a mediation request nobody accepted',
    input: async (p) => {
      const { id } = await p.ok(`filer-${++seq}`, 'requests', 'create', {
        orgId: p.orgId('zxq-g1'),
        category: 'mediation',
        description: '邻里因停车发生纠纷',
      });
      return { id, parties: ['马某', '李某'], agreement: '双方同意轮流停车', ethnicDimension: false };
    },
    allow: SUPERVISORS,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'requests',
    action: 'mediations',
    case: 'the ledger of 中心区社区',
    input: (p) => ({ orgId: p.orgId('zxq'), month: '2026-11' }),
    allow: QUEUE_OF_COMMUNITY,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'requests',
    action: 'exportMediations',
    case: 'the ledger of 中心区社区 as Excel',
    input: (p) => ({ orgId: p.orgId('zxq'), month: '2026-11' }),
    allow: QUEUE_OF_COMMUNITY,
    otherwise: 'PERMISSION_DENIED',
  },
];

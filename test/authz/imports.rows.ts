import { ledgerFile, ledgerRows } from '../../scripts/demo/ledger';
import { PERSONAS, type TestProject } from '../helpers/project';
import type { Expect, Row, Who } from './table';

let seq = 0;

/** A one-household ledger uploaded by the grid worker of 中心区社区第一网格 to their own folder. */
async function workerLedger(p: TestProject): Promise<string> {
  const n = ++seq;
  const rows = ledgerRows({ rows: 1, seed: 100 + n, series: 40 + (n % 50), estate: `授权导入小区${n}` });
  const res = await fetch(`${p.cloud.url}/storage/client/imports/${PERSONAS.gridWorker}/authz-${n}.xlsx`, {
    method: 'PUT',
    headers: { 'x-wx-openid': PERSONAS.gridWorker },
    body: ledgerFile(rows),
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

const KUNMING_GRID: Partial<Record<Who, Expect>> = {
  gridWorker: 'ok',
  staff: 'ok',
  streetAdmin: 'ok',
  rootAdmin: 'ok',
};

export const IMPORT_ROWS: Row[] = [
  {
    fn: 'imports',
    action: 'template',
    case: 'anyone who registers households',
    input: () => ({}),
    // By this row the resident persona holds a grid_worker grant of a fresh grid (the users.redeemInvite row), so it
    // may fetch the template too; test/imports.test.ts shows a resident without a grant is refused.
    allow: { ...KUNMING_GRID, chengduStaff: 'ok', resident: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    // In scope but not the uploader: the file in someone else's folder is NOT_FOUND.
    fn: 'imports',
    action: 'preview',
    case: 'the grid worker’s own upload, into their grid',
    input: async (p) => ({ gridId: p.orgId('zxq-g1'), fileID: await workerLedger(p) }),
    allow: { gridWorker: 'ok', staff: 'NOT_FOUND', streetAdmin: 'NOT_FOUND', rootAdmin: 'NOT_FOUND' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'imports',
    action: 'commit',
    case: 'the grid worker’s own preview',
    input: async (p) => {
      const preview = await p.ok('gridWorker', 'imports', 'preview', {
        gridId: p.orgId('zxq-g1'),
        fileID: await workerLedger(p),
      });
      return { importId: preview.importId };
    },
    allow: { gridWorker: 'ok' },
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'imports',
    action: 'list',
    case: 'a grid in Kunming',
    input: (p) => ({ orgId: p.orgId('zxq-g1') }),
    allow: KUNMING_GRID,
    otherwise: 'PERMISSION_DENIED',
  },
];

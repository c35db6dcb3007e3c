import type { TestProject } from '../helpers/project';
import type { Row } from './table';

/**
 * stats (issue 13: dashboards). Staff and admins whose scope covers the org read it; a grid worker their own grid
 * only. Anyone else is PERMISSION_DENIED, the same answer as for an org that does not exist. recount: staff and
 * admins in scope.
 */
const MANAGERS_OF_ZXQ = { staff: 'ok', streetAdmin: 'ok', rootAdmin: 'ok' } as const;

const reads: { action: string; extra: Record<string, unknown> }[] = [
  { action: 'overview', extra: {} },
  { action: 'trend', extra: { metric: 'requestsCreated' } },
  { action: 'children', extra: {} },
  { action: 'report', extra: { month: '2026-11' } },
];

const at = (key: string, extra: Record<string, unknown>) => (p: TestProject) => ({ orgId: p.orgId(key), ...extra });

export const STATS_ROWS: Row[] = [
  ...reads.flatMap(({ action, extra }): Row[] => [
    {
      fn: 'stats',
      action,
      case: 'a community',
      input: at('zxq', extra),
      allow: MANAGERS_OF_ZXQ,
      otherwise: 'PERMISSION_DENIED',
    },
    {
      fn: 'stats',
      action,
      case: "the grid worker's own grid",
      input: at('zxq-g1', extra),
      allow: { ...MANAGERS_OF_ZXQ, gridWorker: 'ok' },
      otherwise: 'PERMISSION_DENIED',
    },
    {
      fn: 'stats',
      action,
      case: 'outside scope (Chengdu)',
      input: at('ag', extra),
      allow: { chengduStaff: 'ok', rootAdmin: 'ok' },
      otherwise: 'PERMISSION_DENIED',
    },
  ]),
  {
    fn: 'stats',
    action: 'recount',
    case: 'a grid',
    input: at('zxq-g2', {}),
    allow: MANAGERS_OF_ZXQ,
    otherwise: 'PERMISSION_DENIED',
  },
];

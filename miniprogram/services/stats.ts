import type { ReqOf } from '../shared/api';
import { callCloud } from './cloud';

/** Dashboards (`stats`): aggregates of an org's subtree, small cells as '<5'. */

export const getOverview = (orgId: string) => callCloud('stats', 'overview', { orgId });

export const getTrend = (req: ReqOf<'stats', 'trend'>) => callCloud('stats', 'trend', req);

/** The direct children of an org with their headline figures (drill-down). */
export const getStatsChildren = (orgId: string) => callCloud('stats', 'children', { orgId });

/** The monthly Excel report of the subtree: a link valid for a few minutes. */
export const getReport = (orgId: string, month: string) => callCloud('stats', 'report', { orgId, month });

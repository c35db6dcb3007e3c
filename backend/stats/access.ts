import type { Role } from '../../miniprogram/shared/orgs';
import { _, db } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { denied } from '../core/errors';
import { can, type Caller } from '../core/identity';
import type { OrgDoc } from '../core/orgs';
import type { OrgStatsDoc } from './counters';

const MANAGERS: readonly Role[] = ['staff', 'admin'];

export const OUT_OF_SCOPE = '该组织不在你的管辖范围内';

/** Staff and admins whose scope covers the org; a grid worker for their own grid. Nobody else. */
export function mayReadStats(caller: Caller, org: OrgDoc): boolean {
  if (can(caller, MANAGERS, org.ancestors)) return true;
  return org.level === 'grid' && caller.grants.some((g) => g.role === 'grid_worker' && g.orgId === org._id);
}

export function mayRecount(caller: Caller, org: OrgDoc): boolean {
  return can(caller, MANAGERS, org.ancestors);
}

/** Whether the caller may go up from `org` to its parent (drill-up). */
export function mayReadParent(caller: Caller, org: OrgDoc): boolean {
  return Boolean(org.parentId) && can(caller, MANAGERS, org.ancestors.slice(0, -1));
}

export interface OrgWithStats {
  org: OrgDoc;
  stats: OrgStatsDoc | undefined;
}

interface Aggregated {
  aggregate(): {
    match(q: Record<string, unknown>): {
      lookup(l: Record<string, string>): { end(): Promise<{ list: (OrgDoc & { stats: OrgStatsDoc[] })[] }> };
    };
  };
}

/**
 * Orgs with their counter documents joined, in ONE database call whatever the size of the subtree: the org itself
 * (`withChildren` adds its direct children). An org the caller may not read is refused exactly like one that does
 * not exist, so nobody outside the scope can tell whether it exists.
 */
export async function loadOrgsWithStats(
  caller: Caller,
  orgId: string,
  may: (caller: Caller, org: OrgDoc) => boolean,
  withChildren = false,
): Promise<{ self: OrgWithStats; children: OrgWithStats[] }> {
  const match = withChildren ? _.or([{ _id: orgId }, { parentId: orgId }]) : { _id: orgId };
  const { list } = await (db.collection(COLLECTIONS.orgs) as unknown as Aggregated)
    .aggregate()
    .match(match as Record<string, unknown>)
    .lookup({ from: COLLECTIONS.orgStats, localField: '_id', foreignField: '_id', as: 'stats' })
    .end();
  const rows = list.map(({ stats, ...org }) => ({ org: org as OrgDoc, stats: stats?.[0] }));
  const self = rows.find((r) => r.org._id === orgId);
  if (!self || !may(caller, self.org)) throw denied(OUT_OF_SCOPE);
  const children = rows.filter((r) => r.org._id !== orgId).sort((a, b) => a.org.name.localeCompare(b.org.name, 'zh'));
  return { self, children };
}

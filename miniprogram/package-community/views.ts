import type { PairSummary, TeamSummary } from '../shared/api';
import { hoursLabel, PAIR_STATUS_LABELS } from '../shared/community';

/** How the community pages show pairs and teams in lists. */

export interface PairItem {
  id: string;
  title: string;
  grids: string;
  status: string;
  active: boolean;
  activities: string;
}

const day = (iso: string) => iso.slice(0, 10);

export function pairItem(p: PairSummary): PairItem {
  return {
    id: p.id,
    title: p.sides.map((s) => (s.headName ? `${s.familyName}（${s.headName}）` : s.familyName)).join(' · '),
    grids: [...new Set(p.sides.map((s) => s.gridName))].join('、'),
    status: PAIR_STATUS_LABELS[p.status],
    active: p.status === 'active',
    activities: p.lastActivityAt
      ? `共 ${p.activityCount} 次活动，最近 ${day(p.lastActivityAt)}`
      : `${day(p.createdAt)} 结对，还没有活动记录`,
  };
}

export interface TeamItem {
  id: string;
  name: string;
  orgName: string;
  line: string;
  joined: boolean;
}

export function teamItem(t: TeamSummary): TeamItem {
  return {
    id: t.id,
    name: t.name,
    orgName: t.orgName,
    line: `${t.memberCount} 名队员 · 累计 ${hoursLabel(t.totalHours)}${t.leadName ? ` · 队长 ${t.leadName}` : ''}`,
    joined: t.joined,
  };
}

/** Today in China as YYYY-MM-DD (the default date of a log entry). */
export function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A picked day as the time the cloud takes (noon, China time). */
export const dayToIso = (date: string) => `${date}T12:00:00+08:00`;

import type { OrgLevel } from '../orgs';
import type { statsSchemas, TrendMetric } from '../schemas/stats';
import type { In } from './common';

/** Dashboards (`stats`): aggregates only. A breakdown count of 1–4 is the string '<5'; totals are exact. */
export type SmallCount = number | '<5';

export interface StatsOrg {
  id: string;
  name: string;
  level: OrgLevel;
  /** The org above, when the caller's scope covers it (drill-up); null otherwise. */
  parentId: string | null;
}

export interface StatsOverview {
  org: StatsOrg;
  asOf: string;
  residents: {
    total: number;
    registered: SmallCount;
    floating: SmallCount;
    byEthnicity: { code: string; name: string; count: SmallCount }[];
  };
  households: { total: number; complete: number; incomplete: number };
  requests: {
    open: number;
    overdue: number;
    resolved: number;
    byStatus: Record<string, SmallCount>;
    byCategory: { category: string; count: SmallCount }[];
    medianHoursToResolve: number | null;
    satisfaction: { rated: number; average: number | null };
  };
  events: {
    held: number;
    signups: number;
    people: number;
    checkedIn: number;
    dishes: number;
    cuisines: number;
    halalDishes: number;
  };
  surveys: { open: number; responses: number };
  /** Pairing (结对认亲) and volunteer teams, as the community function counts them. */
  community: { pairs: number; pairActivities: number; volunteerHours: number };
}

export interface StatsTrend {
  metric: TrendMetric;
  points: { month: string; value: SmallCount }[];
}

export interface StatsChild {
  orgId: string;
  name: string;
  level: OrgLevel;
  residents: number;
  floating: SmallCount;
  households: number;
  requestsOpen: number;
  overdue: number;
  satisfaction: number | null;
}

export interface StatsReport {
  fileID: string;
  tempFileURL: string | null;
  expiresAt: string;
  note: string;
}

/** What stats.recount repaired: per org, the counters that had drifted (dotted key → counted minus kept). */
export interface StatsRecount {
  orgs: number;
  records: number;
  repaired: { orgId: string; name: string; drift: Record<string, number> }[];
  /** False when the time limit stopped it before the whole subtree was done (run it again, or the timer will). */
  done: boolean;
}

export interface StatsApi {
  overview: { req: In<typeof statsSchemas.overview>; res: StatsOverview };
  trend: { req: In<typeof statsSchemas.trend>; res: StatsTrend };
  children: { req: In<typeof statsSchemas.children>; res: { org: StatsOrg; items: StatsChild[] } };
  report: { req: In<typeof statsSchemas.report>; res: StatsReport };
  recount: { req: In<typeof statsSchemas.recount>; res: StatsRecount };
}

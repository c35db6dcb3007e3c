import type { PairStatus } from '../community';
import type { communitySchemas } from '../schemas/community';
import type { In, Page } from './common';

/** Bringing families together: pairing (结对认亲) and volunteer teams with their hours (`community`). */

/** What the caller may do with a pair now (staff and grid workers whose scope covers both households). */
export interface PairCan {
  logActivity: boolean;
  end: boolean;
}

/**
 * One family of a pair. Everyone who sees the pair gets the family name (马家) and the grid; `householdId` and
 * `headName` only go to staff and grid workers in scope. `mine` marks the caller's own family.
 */
export interface PairSide {
  familyName: string;
  gridName: string;
  mine?: boolean;
  householdId?: string;
  headName?: string;
}

export interface PairActivityView {
  at: string;
  note: string;
  /** Who wrote it down: a worker's name, or a family name when one of the families did. */
  byLabel: string;
  createdAt: string;
}

export interface PairSummary {
  id: string;
  orgId: string;
  orgName: string;
  status: PairStatus;
  sides: PairSide[];
  activityCount: number;
  lastActivityAt?: string;
  createdAt: string;
  endedAt?: string;
}

export interface PairView extends PairSummary {
  /** Staff's note and the reason it ended: for staff and grid workers only. */
  note?: string;
  endReason?: string;
  /** Newest first. */
  activities: PairActivityView[];
  can: PairCan;
}

export interface TeamCan {
  join: boolean;
  leave: boolean;
  logHours: boolean;
  setLead: boolean;
  /** Members, their hours and the monthly totals (`teamHours`). */
  viewHours: boolean;
}

export interface TeamSummary {
  id: string;
  orgId: string;
  orgName: string;
  name: string;
  description?: string;
  memberCount: number;
  totalHours: number;
  leadName?: string;
  /** The caller is a member. */
  joined: boolean;
}

export interface TeamMemberView {
  memberId: string;
  name: string;
  hours: number;
  lead: boolean;
  /** The caller themself (whose hours someone else logs). */
  self: boolean;
}

export interface TeamView extends TeamSummary {
  /** The caller's own hours in this team. */
  myHours: number;
  /** Active members: for the lead and staff in scope only. */
  members?: TeamMemberView[];
  can: TeamCan;
}

export interface HoursEntryView {
  id: string;
  memberName: string;
  hours: number;
  at: string;
  note: string;
  /** `event`: credited by a check-in at a volunteer event of the team. */
  source: 'manual' | 'event';
}

export interface MyHoursView {
  total: number;
  /** The name the hours are recorded under (the certificate's name). */
  name?: string;
  teams: { teamId: string; teamName: string; orgName: string; hours: number; sessions: number; active: boolean }[];
}

export interface TeamHoursView {
  teamId: string;
  teamName: string;
  total: number;
  /** The last `months` months, oldest first, each `YYYY-MM`. */
  months: { month: string; hours: number }[];
  members: { memberId?: string; name: string; hours: number }[];
  /** The latest entries, newest first. */
  recent: HoursEntryView[];
}

export interface CommunityApi {
  createPair: { req: In<typeof communitySchemas.createPair>; res: { id: string } };
  pairs: { req: In<typeof communitySchemas.pairs>; res: Page<PairSummary> };
  getPair: { req: In<typeof communitySchemas.getPair>; res: PairView };
  logPairActivity: { req: In<typeof communitySchemas.logPairActivity>; res: PairView };
  endPair: { req: In<typeof communitySchemas.endPair>; res: PairView };
  createTeam: { req: In<typeof communitySchemas.createTeam>; res: { id: string } };
  teams: { req: In<typeof communitySchemas.teams>; res: { items: TeamSummary[] } };
  getTeam: { req: In<typeof communitySchemas.getTeam>; res: TeamView };
  joinTeam: { req: In<typeof communitySchemas.joinTeam>; res: TeamView };
  leaveTeam: { req: In<typeof communitySchemas.leaveTeam>; res: TeamView };
  setLead: { req: In<typeof communitySchemas.setLead>; res: TeamView };
  logHours: { req: In<typeof communitySchemas.logHours>; res: { id: string; total: number } };
  myHours: { req: In<typeof communitySchemas.myHours>; res: MyHoursView };
  teamHours: { req: In<typeof communitySchemas.teamHours>; res: TeamHoursView };
}

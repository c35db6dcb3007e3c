import type { PairCan, TeamCan } from '../../miniprogram/shared/api';
import { MAX_PAIR_ACTIVITIES } from '../../miniprogram/shared/community';
import type { Role } from '../../miniprogram/shared/orgs';
import { denied, notFound, precondition } from '../core/errors';
import { can, type Caller } from '../core/identity';
import { judge, type Refusal } from '../core/rules';
import { SCOPE_ROLES } from '../households/model';
import type { PairDoc, TeamDoc, TeamMemberDoc } from './model';

/**
 * Who may do what in `community`. Pairs: staff and grid workers whose scope covers the pair's org manage it (the
 * same roles that see households); the two families see it and may write in its log. Anyone else gets NOT_FOUND,
 * as if it did not exist. Teams: staff and admins in scope run a team; its lead logs hours too; residents who can
 * see it (teams of their home and the orgs above) join and leave.
 */

/** Who runs volunteer teams: staff and admins whose scope covers the team's org. */
export const TEAM_MANAGERS: readonly Role[] = ['staff', 'admin'];

export interface PairAccess {
  caller: Caller;
  /** The caller's own households (as claimed with a claim code). */
  myHouseholdIds: readonly string[];
}

export const mayManagePair = (caller: Caller, pair: Pick<PairDoc, 'ancestors'>) =>
  can(caller, SCOPE_ROLES, pair.ancestors);

/** The side of the pair that is the caller's own family, or -1. */
export const mySide = (pair: Pick<PairDoc, 'sides'>, myHouseholdIds: readonly string[]) =>
  pair.sides.findIndex((s) => myHouseholdIds.includes(s.householdId));

/** Seeing the pair at all: its managers and its two families. */
export function pairVisible(pair: PairDoc, access: PairAccess): Refusal {
  return mayManagePair(access.caller, pair) || mySide(pair, access.myHouseholdIds) >= 0
    ? undefined
    : notFound('结对不存在');
}

const pairActive = (pair: PairDoc): Refusal =>
  pair.status === 'active' ? undefined : precondition('PAIR_ENDED', '该结对已结束');

export const pairRules = {
  /** Staff, grid workers in scope and either family write down what they did together. */
  logActivity: (pair: PairDoc, access: PairAccess): Refusal =>
    pairVisible(pair, access) ??
    pairActive(pair) ??
    (pair.activityCount >= MAX_PAIR_ACTIVITIES
      ? precondition('TOO_MANY_ACTIVITIES', `每个结对最多记录 ${MAX_PAIR_ACTIVITIES} 条活动`)
      : undefined),
  end: (pair: PairDoc, access: PairAccess): Refusal =>
    pairVisible(pair, access) ??
    (mayManagePair(access.caller, pair) ? undefined : denied('只有社区工作人员或网格员可以结束结对')) ??
    pairActive(pair),
} satisfies Record<keyof PairCan, (pair: PairDoc, access: PairAccess) => Refusal>;

export function pairCan(pair: PairDoc, access: PairAccess): PairCan {
  return judge(pairRules, pair, access);
}

export interface TeamAccess {
  caller: Caller;
  /** The caller's own member record of this team (also after leaving), if any. */
  member: TeamMemberDoc | undefined;
  /** The caller's home org and the orgs above it. */
  homeAncestors: readonly string[];
}

export const mayManageTeam = (caller: Caller, team: Pick<TeamDoc, 'ancestors'>) =>
  can(caller, TEAM_MANAGERS, team.ancestors);

const activeMember = (access: TeamAccess) => access.member?.status === 'active';
const isLead = (team: TeamDoc, access: TeamAccess) => activeMember(access) && team.leadMemberId === access.member!._id;

/**
 * Seeing a team: residents of its org's subtree (home), workers whose grant sits in that subtree or above it, and its
 * members (also former ones).
 */
export function teamVisible(team: TeamDoc, access: TeamAccess): Refusal {
  const { caller } = access;
  const seen =
    can(caller, SCOPE_ROLES, team.ancestors) ||
    access.homeAncestors.includes(team.orgId) ||
    caller.grants.some((g) => g.ancestors?.includes(team.orgId)) ||
    access.member !== undefined;
  return seen ? undefined : notFound('志愿队不存在');
}

const leadOrManager = (team: TeamDoc, access: TeamAccess): Refusal =>
  isLead(team, access) || mayManageTeam(access.caller, team) ? undefined : denied('只有队长或社区工作人员可以操作');

export const teamRules = {
  join: (team: TeamDoc, access: TeamAccess): Refusal =>
    teamVisible(team, access) ?? (activeMember(access) ? precondition('ALREADY_MEMBER', '你已是该队队员') : undefined),
  leave: (team: TeamDoc, access: TeamAccess): Refusal =>
    teamVisible(team, access) ?? (activeMember(access) ? undefined : precondition('NOT_MEMBER', '你还不是该队队员')),
  logHours: leadOrManager,
  viewHours: leadOrManager,
  setLead: (team: TeamDoc, access: TeamAccess): Refusal =>
    mayManageTeam(access.caller, team) ? undefined : denied('只有社区工作人员可以指定队长'),
} satisfies Record<keyof TeamCan, (team: TeamDoc, access: TeamAccess) => Refusal>;

export function teamCan(team: TeamDoc, access: TeamAccess): TeamCan {
  return judge(teamRules, team, access);
}

/** Nobody logs their own hours: the entry's member is the caller (or, by name, the caller's own name). */
export function ownHoursRefusal(
  access: TeamAccess,
  target: { memberId?: string; memberName?: string },
  myName?: string,
): Refusal {
  const own =
    (target.memberId !== undefined && target.memberId === access.member?._id) ||
    (target.memberName !== undefined && !!myName && target.memberName === myName);
  return own ? denied('不能为自己登记志愿时长，请由队长或社区工作人员登记') : undefined;
}

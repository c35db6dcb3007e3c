import type {
  HoursEntryView,
  PairActivityView,
  PairSide,
  PairSummary,
  PairView,
  TeamMemberView,
  TeamSummary,
  TeamView,
} from '../../miniprogram/shared/api';
import { toIso } from '../core/time';
import type { HoursDoc, PairDoc, TeamDoc, TeamMemberDoc } from './model';
import { mayManagePair, mySide, pairCan, teamCan, type PairAccess, type TeamAccess } from './rules';

/**
 * What a pair shows. A family sees the other family as its family name and grid, never a name, phone, ID number
 * or address (none of which the pair record holds); staff and grid workers in scope also get the household ids
 * (to open the households) and the heads' names they see in the registry anyway (`heads`).
 */
function sideView(pair: PairDoc, i: number, access: PairAccess, heads?: Map<string, string | null>): PairSide {
  const side = pair.sides[i];
  const view: PairSide = { familyName: side.familyName, gridName: side.gridName };
  if (mySide(pair, access.myHouseholdIds) === i) view.mine = true;
  if (mayManagePair(access.caller, pair)) {
    view.householdId = side.householdId;
    const head = heads?.get(side.householdId);
    if (head) view.headName = head;
  }
  return view;
}

export function toPairSummary(pair: PairDoc, access: PairAccess, heads?: Map<string, string | null>): PairSummary {
  const view: PairSummary = {
    id: pair._id,
    orgId: pair.orgId,
    orgName: pair.orgName,
    status: pair.status,
    sides: pair.sides.map((_s, i) => sideView(pair, i, access, heads)),
    activityCount: pair.activityCount,
    createdAt: toIso(pair.createdAt),
  };
  if (pair.lastActivityAt) view.lastActivityAt = toIso(pair.lastActivityAt);
  if (pair.endedAt) view.endedAt = toIso(pair.endedAt);
  return view;
}

const activityView = (a: PairDoc['activities'][number]): PairActivityView => ({
  at: toIso(a.at),
  note: a.note,
  byLabel: a.byLabel,
  createdAt: toIso(a.createdAt),
});

export function toPairView(pair: PairDoc, access: PairAccess, heads?: Map<string, string | null>): PairView {
  const view: PairView = {
    ...toPairSummary(pair, access, heads),
    activities: [...pair.activities]
      .sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())
      .map(activityView),
    can: pairCan(pair, access),
  };
  if (mayManagePair(access.caller, pair)) {
    if (pair.note) view.note = pair.note;
    if (pair.endReason) view.endReason = pair.endReason;
  }
  return view;
}

export function toTeamSummary(team: TeamDoc, joined: boolean): TeamSummary {
  const view: TeamSummary = {
    id: team._id,
    orgId: team.orgId,
    orgName: team.orgName,
    name: team.name,
    memberCount: team.memberCount,
    totalHours: team.totalHours,
    joined,
  };
  if (team.description) view.description = team.description;
  if (team.leadName) view.leadName = team.leadName;
  return view;
}

/** A team as the caller sees it; the member list only for those who log hours (`members` given). */
export function toTeamView(team: TeamDoc, access: TeamAccess, members?: TeamMemberDoc[]): TeamView {
  const can = teamCan(team, access);
  const mine = access.member;
  const view: TeamView = {
    ...toTeamSummary(team, mine?.status === 'active'),
    myHours: mine?.hours ?? 0,
    can,
  };
  if (can.viewHours && members) {
    view.members = members.map((m): TeamMemberView => ({
      memberId: m._id,
      name: m.name,
      hours: m.hours,
      lead: team.leadMemberId === m._id,
      self: m._id === mine?._id,
    }));
  }
  return view;
}

export const toHoursEntryView = (h: HoursDoc): HoursEntryView => ({
  id: h._id,
  memberName: h.memberName,
  hours: h.hours,
  at: toIso(h.at),
  note: h.note,
  source: h.source,
});

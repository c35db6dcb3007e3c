import crypto from 'node:crypto';
import type * as v from 'valibot';
import type { MyHoursView, TeamHoursView, TeamSummary, TeamView } from '../../miniprogram/shared/api';
import type { communitySchemas } from '../../miniprogram/shared/schemas/community';
import { _, db, findById, isDuplicateKey } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { checkText } from '../../backend/core/content';
import { alreadyExists, denied, invalid, notFound, precondition } from '../../backend/core/errors';
import { can, hasRole } from '../../backend/core/identity';
import { isArchived, loadOrg, type OrgDoc } from '../../backend/core/orgs';
import type { RequestContext } from '../../backend/core/router';
import { enforce } from '../../backend/core/rules';
import { homeOrgIdOf, profileName } from '../../backend/core/users';
import { recordHours } from '../../backend/community/hours';
import {
  findMember,
  loadTeam,
  memberKeyOf,
  monthOf,
  type HoursDoc,
  type TeamDoc,
  type TeamMemberDoc,
} from '../../backend/community/model';
import {
  mayManageTeam,
  ownHoursRefusal,
  TEAM_MANAGERS,
  teamRules,
  teamVisible,
  type TeamAccess,
} from '../../backend/community/rules';
import { toHoursEntryView, toTeamSummary, toTeamView } from '../../backend/community/views';
import { SCOPE_ROLES } from '../../backend/households/model';

type In<K extends keyof typeof communitySchemas> = v.InferOutput<(typeof communitySchemas)[K]>;

/** The caller's home org and the orgs above it (empty before they chose a home). */
async function homeAncestorsOf(openid: string): Promise<string[]> {
  const home = await homeOrgIdOf(openid);
  const org = home ? await findById<OrgDoc>(COLLECTIONS.orgs, home) : undefined;
  return org?.ancestors ?? [];
}

async function accessOf(team: TeamDoc, ctx: RequestContext): Promise<TeamAccess> {
  const [caller, member, homeAncestors] = await Promise.all([
    ctx.caller(),
    findMember(team._id, ctx.openid),
    homeAncestorsOf(ctx.openid),
  ]);
  return { caller, member, homeAncestors };
}

async function activeMembers(teamId: string): Promise<TeamMemberDoc[]> {
  const { data } = await db.collection(COLLECTIONS.teamMembers).where({ teamId, status: 'active' }).limit(500).get();
  return (data as TeamMemberDoc[]).sort((a, b) => b.hours - a.hours || a.name.localeCompare(b.name));
}

async function teamView(teamId: string, ctx: RequestContext): Promise<TeamView> {
  const team = await loadTeam(teamId);
  const access = await accessOf(team, ctx);
  enforce(teamVisible(team, access));
  const withMembers = teamRules.viewHours(team, access) === undefined;
  return toTeamView(team, access, withMembers ? await activeMembers(team._id) : undefined);
}

/** A new team of an org (staff/admin in scope); one team of a name per org. */
export async function createTeam(input: In<'createTeam'>, ctx: RequestContext): Promise<{ id: string }> {
  const caller = await ctx.caller();
  if (!hasRole(caller, TEAM_MANAGERS)) throw denied('只有社区工作人员可以建立志愿队');
  const org = await findById<OrgDoc>(COLLECTIONS.orgs, input.orgId);
  if (!org || !mayManageTeam(caller, org)) throw notFound('组织不存在或不在你的管辖范围内');
  if (isArchived(org)) throw precondition('ORG_ARCHIVED', `“${org.name}”已归档，不能再添加新的内容`);
  await checkText(ctx.openid, 'name', input.name);
  if (input.description) await checkText(ctx.openid, 'description', input.description);
  const id = crypto.randomBytes(16).toString('hex');
  const now = new Date();
  const team: TeamDoc = {
    _id: id,
    orgId: org._id,
    orgName: org.name,
    ancestors: org.ancestors,
    name: input.name,
    nameKey: `${org._id}\u0001${input.name}`,
    description: input.description || null,
    leadMemberId: null,
    leadName: null,
    memberCount: 0,
    totalHours: 0,
    hoursByMonth: {},
    createdBy: ctx.openid,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.collection(COLLECTIONS.volunteerTeams).add({ data: team });
  } catch (err) {
    if (isDuplicateKey(err)) throw alreadyExists(`“${org.name}”已有名为“${input.name}”的志愿队`);
    throw err;
  }
  return { id };
}

/**
 * Teams a resident can join: those of the home org (or `orgId`) and the orgs above it. A worker whose scope covers
 * `orgId` (default: their first org) also gets every team below it.
 */
export async function listTeams(input: In<'teams'>, ctx: RequestContext): Promise<{ items: TeamSummary[] }> {
  const caller = await ctx.caller();
  const orgId =
    input.orgId ?? (await homeOrgIdOf(ctx.openid)) ?? caller.grants.find((g) => SCOPE_ROLES.includes(g.role))?.orgId;
  if (!orgId) throw precondition('NO_HOME', '请先选择所在社区');
  const org = await loadOrg(orgId);
  const reads = [
    db
      .collection(COLLECTIONS.volunteerTeams)
      .where({ orgId: _.in(org.ancestors) })
      .limit(100)
      .get(),
  ];
  if (can(caller, SCOPE_ROLES, org.ancestors)) {
    reads.push(db.collection(COLLECTIONS.volunteerTeams).where({ ancestors: org._id }).limit(200).get());
  }
  const [results, mine] = await Promise.all([
    Promise.all(reads),
    db.collection(COLLECTIONS.teamMembers).where({ openid: ctx.openid, status: 'active' }).limit(100).get(),
  ]);
  const teams = new Map<string, TeamDoc>();
  for (const { data } of results) for (const t of data as TeamDoc[]) teams.set(t._id, t);
  const joined = new Set((mine.data as TeamMemberDoc[]).map((m) => m.teamId));
  const items = [...teams.values()]
    .sort((a, b) => a.ancestors.length - b.ancestors.length || a.name.localeCompare(b.name))
    .map((t) => toTeamSummary(t, joined.has(t._id)));
  return { items };
}

export function getTeam(input: In<'getTeam'>, ctx: RequestContext): Promise<TeamView> {
  return teamView(input.id, ctx);
}

/** Joins a team the caller can see; hours are recorded under their profile name, so they need one. */
export async function joinTeam(input: In<'joinTeam'>, ctx: RequestContext): Promise<TeamView> {
  const team = await loadTeam(input.teamId);
  const access = await accessOf(team, ctx);
  enforce(teamRules.join(team, access));
  const name = await profileName(ctx.openid);
  if (!name) throw precondition('NO_NAME', '请先在“我的”中填写姓名：志愿时长按姓名记录');
  const now = new Date();
  let joined = false;
  if (access.member) {
    const { stats } = await db
      .collection(COLLECTIONS.teamMembers)
      .where({ _id: access.member._id, status: 'left' })
      .update({ data: { status: 'active', name, joinedAt: now, leftAt: _.remove() } });
    joined = stats.updated === 1;
  } else {
    const member: TeamMemberDoc = {
      _id: memberKeyOf(team._id, ctx.openid),
      teamId: team._id,
      openid: ctx.openid,
      name,
      status: 'active',
      hours: 0,
      sessions: 0,
      joinedAt: now,
    };
    try {
      await db.collection(COLLECTIONS.teamMembers).add({ data: member });
      joined = true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  if (!joined) throw precondition('ALREADY_MEMBER', '你已是该队队员');
  await db
    .collection(COLLECTIONS.volunteerTeams)
    .doc(team._id)
    .update({ data: { memberCount: _.inc(1), updatedAt: now } });
  return teamView(team._id, ctx);
}

/** Leaves a team; the hours stay the volunteer's (myHours keeps them). A leaving lead leaves the team without one. */
export async function leaveTeam(input: In<'leaveTeam'>, ctx: RequestContext): Promise<TeamView> {
  const team = await loadTeam(input.teamId);
  const access = await accessOf(team, ctx);
  enforce(teamRules.leave(team, access));
  const now = new Date();
  const { stats } = await db
    .collection(COLLECTIONS.teamMembers)
    .where({ _id: access.member!._id, status: 'active' })
    .update({ data: { status: 'left', leftAt: now } });
  if (stats.updated !== 1) throw precondition('NOT_MEMBER', '你还不是该队队员');
  await db
    .collection(COLLECTIONS.volunteerTeams)
    .doc(team._id)
    .update({ data: { memberCount: _.inc(-1), updatedAt: now } });
  await db
    .collection(COLLECTIONS.volunteerTeams)
    .where({ _id: team._id, leadMemberId: access.member!._id })
    .update({ data: { leadMemberId: null, leadName: null } });
  return teamView(team._id, ctx);
}

async function memberOf(team: TeamDoc, memberId: string): Promise<TeamMemberDoc> {
  const member = await findById<TeamMemberDoc>(COLLECTIONS.teamMembers, memberId);
  if (!member || member.teamId !== team._id || member.status !== 'active') throw notFound('队员不存在');
  return member;
}

export async function setLead(input: In<'setLead'>, ctx: RequestContext): Promise<TeamView> {
  const team = await loadTeam(input.teamId);
  const access = await accessOf(team, ctx);
  enforce(teamVisible(team, access) ?? teamRules.setLead(team, access));
  const member = await memberOf(team, input.memberId);
  await db
    .collection(COLLECTIONS.volunteerTeams)
    .doc(team._id)
    .update({ data: { leadMemberId: member._id, leadName: member.name, updatedAt: new Date() } });
  return teamView(team._id, ctx);
}

/**
 * The lead or staff in scope log a session for a member (or a volunteer by name). Nobody logs their own hours:
 * PERMISSION_DENIED, so that hours are always vouched for by someone else.
 */
export async function logHours(input: In<'logHours'>, ctx: RequestContext): Promise<{ id: string; total: number }> {
  const team = await loadTeam(input.teamId);
  const access = await accessOf(team, ctx);
  enforce(teamVisible(team, access) ?? teamRules.logHours(team, access));
  enforce(ownHoursRefusal(access, input, await profileName(ctx.openid)));
  const at = new Date(input.at);
  if (at.getTime() > Date.now() + 60_000) throw invalid({ at: '不能晚于现在' });
  await checkText(ctx.openid, 'note', input.note);
  const member = input.memberId ? await memberOf(team, input.memberId) : undefined;
  const { id } = await recordHours(team, {
    memberId: member?._id ?? null,
    openid: member?.openid ?? null,
    memberName: member?.name ?? input.memberName!,
    hours: input.hours,
    at,
    note: input.note,
    source: 'manual',
    by: ctx.openid,
  });
  return { id, total: (member?.hours ?? 0) + input.hours };
}

/** The caller's hours per team (also teams they left) and in total, with the name they are recorded under. */
export async function myHours(ctx: RequestContext): Promise<MyHoursView> {
  const [{ data }, name] = await Promise.all([
    db.collection(COLLECTIONS.teamMembers).where({ openid: ctx.openid }).limit(100).get(),
    profileName(ctx.openid),
  ]);
  const members = data as TeamMemberDoc[];
  const teamIds = members.map((m) => m.teamId);
  const teams = teamIds.length
    ? ((
        await db
          .collection(COLLECTIONS.volunteerTeams)
          .where({ _id: _.in(teamIds) })
          .limit(100)
          .get()
      ).data as TeamDoc[])
    : [];
  const byId = new Map(teams.map((t) => [t._id, t]));
  const rows = members
    .filter((m) => byId.has(m.teamId))
    .map((m) => ({
      teamId: m.teamId,
      teamName: byId.get(m.teamId)!.name,
      orgName: byId.get(m.teamId)!.orgName,
      hours: m.hours,
      sessions: m.sessions,
      active: m.status === 'active',
    }))
    .sort((a, b) => b.hours - a.hours);
  const view: MyHoursView = { total: rows.reduce((sum, r) => sum + r.hours, 0), teams: rows };
  if (name) view.name = name;
  return view;
}

/** The last `count` months (`YYYY-MM`, China time), oldest first. */
function lastMonths(count: number, now = new Date()): string[] {
  const [year, month] = monthOf(now).split('-').map(Number);
  return Array.from({ length: count }, (_v, i) => {
    const d = new Date(Date.UTC(year, month - 1 - (count - 1 - i), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** Hours of a team per month and per member, and the latest entries (the lead and staff in scope). */
export async function teamHours(input: In<'teamHours'>, ctx: RequestContext): Promise<TeamHoursView> {
  const team = await loadTeam(input.teamId);
  const access = await accessOf(team, ctx);
  enforce(teamVisible(team, access) ?? teamRules.viewHours(team, access));
  const [members, named, recent] = await Promise.all([
    db.collection(COLLECTIONS.teamMembers).where({ teamId: team._id }).limit(1000).get(),
    db.collection(COLLECTIONS.volunteerHours).where({ teamId: team._id, memberId: null }).limit(1000).get(),
    db.collection(COLLECTIONS.volunteerHours).where({ teamId: team._id }).orderBy('sortKey', 'desc').limit(20).get(),
  ]);
  const byName = new Map<string, number>();
  for (const h of named.data as HoursDoc[]) byName.set(h.memberName, (byName.get(h.memberName) ?? 0) + h.hours);
  const people = [
    ...(members.data as TeamMemberDoc[])
      .filter((m) => m.hours > 0 || m.status === 'active')
      .map((m) => ({ memberId: m._id, name: m.name, hours: m.hours })),
    ...[...byName].map(([name, hours]) => ({ name, hours })),
  ].sort((a, b) => b.hours - a.hours);
  return {
    teamId: team._id,
    teamName: team.name,
    total: team.totalHours,
    months: lastMonths(input.months ?? 12).map((month) => ({ month, hours: team.hoursByMonth?.[month] ?? 0 })),
    members: people,
    recent: (recent.data as HoursDoc[]).map(toHoursEntryView),
  };
}

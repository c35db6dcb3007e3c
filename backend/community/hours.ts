import crypto from 'node:crypto';
import { MAX_SESSION_HOURS, MIN_SESSION_HOURS } from '../../miniprogram/shared/community';
import type { EventType } from '../../miniprogram/shared/events';
import { _, db, findById, isDuplicateKey } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { invalid } from '../core/errors';
import type { Caller } from '../core/identity';
import type { EventDoc, SignupDoc } from '../events/model';
import { bumpCounters } from '../stats/counters';
import {
  eventHoursKeyOf,
  findMember,
  loadTeam,
  monthOf,
  sortKeyOf,
  type HoursDoc,
  type HoursFields,
  type TeamDoc,
} from './model';
import { mayManageTeam } from './rules';

/** Adds to the dashboards' counters; a failure is logged, never the action's (the nightly recount repairs drift). */
export async function countCommunity(ancestors: string[], at: Date, deltas: Record<string, number>): Promise<void> {
  try {
    await bumpCounters(ancestors, at, deltas);
  } catch (err) {
    console.error(`[community] counters not updated: ${String((err as Error)?.message ?? err)}`);
  }
}

/**
 * Records one session's hours and adds them to the member's, the team's (in total and by month) and the org
 * counters. With `id` the entry is keyed (an event's check-in): a second record of the same key changes nothing
 * and answers false.
 */
export async function recordHours(
  team: TeamDoc,
  entry: HoursFields,
  id?: string,
): Promise<{ id: string; added: boolean }> {
  const _id = id ?? `h${crypto.randomBytes(12).toString('hex')}`;
  const now = new Date();
  const month = monthOf(entry.at);
  const doc: HoursDoc = { ...entry, _id, teamId: team._id, month, sortKey: sortKeyOf(entry.at, _id), createdAt: now };
  try {
    await db.collection(COLLECTIONS.volunteerHours).add({ data: doc });
  } catch (err) {
    if (id && isDuplicateKey(err)) return { id: _id, added: false };
    throw err;
  }
  if (entry.memberId) {
    await db
      .collection(COLLECTIONS.teamMembers)
      .doc(entry.memberId)
      .update({ data: { hours: _.inc(entry.hours), sessions: _.inc(1) } });
  }
  await db
    .collection(COLLECTIONS.volunteerTeams)
    .doc(team._id)
    .update({
      data: { totalHours: _.inc(entry.hours), [`hoursByMonth.${month}`]: _.inc(entry.hours), updatedAt: now },
    });
  await countCommunity(team.ancestors, entry.at, { 'community.volunteerHours': entry.hours });
  return { id: _id, added: true };
}

/** The hours a volunteer event is worth: its length in half hours, within a session's bounds. */
export function eventHoursOf(event: Pick<EventDoc, 'startAt' | 'endsAt'>): number {
  const hours = (new Date(event.endsAt).getTime() - new Date(event.startAt).getTime()) / 3600_000;
  return Math.min(MAX_SESSION_HOURS, Math.max(MIN_SESSION_HOURS, Math.floor(hours * 2) / 2));
}

/**
 * A checked-in sign-up of a volunteer event tied to a team: if the person is a member of the team, the event's
 * hours are theirs, once (the entry is keyed by event and person, so repeated check-ins add nothing).
 */
export async function creditEventHours(event: EventDoc, signup: SignupDoc): Promise<void> {
  if (!event.teamId || event.type !== 'volunteer' || !signup.checkedInAt) return;
  const team = await loadTeam(event.teamId).catch(() => undefined);
  const member = team && (await findMember(team._id, signup.openid));
  if (!team || !member || member.status !== 'active') return;
  await recordHours(
    team,
    {
      memberId: member._id,
      openid: member.openid,
      memberName: member.name,
      hours: eventHoursOf(event),
      at: new Date(event.startAt),
      note: event.title,
      source: 'event',
      eventId: event._id,
      by: signup.checkedInBy ?? 'checkin',
    },
    eventHoursKeyOf(event._id, signup.openid),
  );
}

/**
 * The team an event of `type` is tied to (events.create/update `teamId`): only a volunteer event, and only a team
 * the event's manager runs. Null or absent unties it.
 */
export async function checkEventTeam(
  caller: Caller,
  type: EventType,
  teamId: string | null | undefined,
): Promise<void> {
  if (!teamId) return;
  if (type !== 'volunteer') throw invalid({ teamId: '只有志愿服务活动可以关联志愿队' });
  const team = await findById<TeamDoc>(COLLECTIONS.volunteerTeams, teamId);
  if (!team || !mayManageTeam(caller, team)) throw invalid({ teamId: '志愿队不存在或不在你的管辖范围内' });
}

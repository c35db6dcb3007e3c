import crypto from 'node:crypto';
import type { PairStatus } from '../../miniprogram/shared/community';
import { findById, type Doc } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { notFound } from '../core/errors';
import { toIso } from '../core/time';

/**
 * Records of `community`. A pair (结对) holds both families as the other side may see them (family name and grid,
 * copied when the pair is made) and its short activity log; its `_id` is made of the two household ids, so the same
 * two families make one pair whichever order they are given in and however many taps race. Volunteer teams carry
 * their org's ancestors; members and hour entries hang off their team by id.
 */

export interface PairSideDoc {
  householdId: string;
  gridId: string;
  gridName: string;
  familyName: string;
}

export interface PairActivityDoc {
  at: Date;
  note: string;
  by: string;
  byLabel: string;
  createdAt: Date;
}

export interface PairDoc extends Doc {
  orgId: string;
  orgName: string;
  ancestors: string[];
  /** Both households, sorted: a resident's pairs are found by their household. */
  householdIds: string[];
  sides: PairSideDoc[];
  status: PairStatus;
  note: string | null;
  activities: PairActivityDoc[];
  activityCount: number;
  lastActivityAt: Date | null;
  /** createdAt (ms, zero-padded) + '\u0001' + _id: newest first by a descending walk. */
  sortKey: string;
  createdBy: string;
  createdAt: Date;
  endedAt?: Date;
  endedBy?: string;
  endReason?: string;
}

export interface TeamDoc extends Doc {
  orgId: string;
  orgName: string;
  ancestors: string[];
  name: string;
  /** orgId + '\u0001' + name: one team of a name per org (unique index). */
  nameKey: string;
  description: string | null;
  leadMemberId: string | null;
  leadName: string | null;
  memberCount: number;
  totalHours: number;
  /** Hours per month (`YYYY-MM`, China time). */
  hoursByMonth: Record<string, number>;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface TeamMemberDoc extends Doc {
  teamId: string;
  openid: string;
  /** The name the member's hours are recorded under (their profile name when they joined). */
  name: string;
  status: 'active' | 'left';
  hours: number;
  sessions: number;
  joinedAt: Date;
  leftAt?: Date;
}

/** One session's hours as it is recorded. */
export interface HoursFields {
  /** The member the hours are for; null for a volunteer logged by name only. */
  memberId: string | null;
  openid: string | null;
  memberName: string;
  hours: number;
  at: Date;
  note: string;
  source: 'manual' | 'event';
  eventId?: string;
  by: string;
}

export interface HoursDoc extends Doc, HoursFields {
  teamId: string;
  month: string;
  sortKey: string;
  createdAt: Date;
}

const digest = (text: string) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 32);

/** The one id of a pair of two households, whatever their order. */
export function pairKeyOf(householdIds: readonly string[]): string {
  return `p${digest([...householdIds].sort().join('\u0001'))}`;
}

/** A member's id in a team: stable (a rejoin finds the old record) and no openid on the wire. */
export function memberKeyOf(teamId: string, openid: string): string {
  return `m${digest(`${teamId}\u0001${openid}`)}`;
}

/** The entry that check-ins at a volunteer event credit: one per event and person. */
export function eventHoursKeyOf(eventId: string, openid: string): string {
  return `e${digest(`${eventId}\u0001${openid}`)}`;
}

export const sortKeyOf = (at: Date, id: string) => `${String(at.getTime()).padStart(15, '0')}\u0001${id}`;

/** The month of a time in China (`YYYY-MM`). */
export const monthOf = (at: Date) => toIso(at).slice(0, 7);

export async function loadPair(id: string): Promise<PairDoc> {
  const pair = await findById<PairDoc>(COLLECTIONS.pairs, id);
  if (!pair) throw notFound('结对不存在');
  return pair;
}

export async function loadTeam(id: string): Promise<TeamDoc> {
  const team = await findById<TeamDoc>(COLLECTIONS.volunteerTeams, id);
  if (!team) throw notFound('志愿队不存在');
  return team;
}

export async function findMember(teamId: string, openid: string): Promise<TeamMemberDoc | undefined> {
  return findById<TeamMemberDoc>(COLLECTIONS.teamMembers, memberKeyOf(teamId, openid));
}

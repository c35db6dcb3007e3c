import crypto from 'node:crypto';
import type { EventLocation } from '../../miniprogram/shared/api';
import { DEFAULT_DURATION_HOURS, DEFAULT_MAX_PARTY_SIZE, type EventType } from '../../miniprogram/shared/events';
import { _, db } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { denied, invalid, precondition } from '../../backend/core/errors';
import type { Caller } from '../../backend/core/identity';
import { createScene, type OrgDoc } from '../../backend/core/orgs';
import { loadEvent, timeKeyOf, type EventDoc } from '../../backend/events/model';
import { mayManage } from '../../backend/events/rules';
import { countEventChange } from '../../backend/stats/hooks';

/** Creating an event of an org takes a manager of it (backend/events/rules.ts has the rules of an event). */
export function requireManager(caller: Caller, org: Pick<OrgDoc, 'ancestors'>): void {
  if (!mayManage(caller, org)) throw denied('该活动不在你的管辖范围内');
}

export interface EventFields {
  type: EventType;
  title: string;
  description?: string;
  location: EventLocation;
  startAt: string;
  endAt?: string;
  signupDeadline?: string;
  capacity: number;
  maxPartySize?: number;
  waitlist?: boolean;
  dishRequired?: boolean;
  teamId?: string | null;
}

interface Times {
  startAt: Date;
  endAt: Date | null;
  endsAt: Date;
  signupDeadline: Date;
}

/** Start, end and deadline, checked against each other; the deadline defaults to the start. */
export function checkTimes(startAt: Date, endAt: Date | null, deadline: Date | null): Times {
  if (endAt && endAt.getTime() <= startAt.getTime()) throw invalid({ endAt: '结束时间须晚于开始时间' });
  const signupDeadline = deadline ?? startAt;
  if (signupDeadline.getTime() > startAt.getTime()) throw invalid({ signupDeadline: '报名截止时间不能晚于开始时间' });
  const endsAt = endAt ?? new Date(startAt.getTime() + DEFAULT_DURATION_HOURS * 3600_000);
  return { startAt, endAt, endsAt, signupDeadline };
}

function cleanLocation(location: EventLocation): EventLocation {
  return Object.fromEntries(Object.entries(location).filter(([, v]) => v !== undefined && v !== '')) as EventLocation;
}

/** Creates an event of `org` with its own QR code. */
export async function createEvent(org: OrgDoc, input: EventFields, createdBy: string): Promise<EventDoc> {
  const startAt = new Date(input.startAt);
  if (startAt.getTime() <= Date.now()) throw invalid({ startAt: '开始时间须晚于现在' });
  const times = checkTimes(
    startAt,
    input.endAt ? new Date(input.endAt) : null,
    input.signupDeadline ? new Date(input.signupDeadline) : null,
  );
  const id = crypto.randomBytes(16).toString('hex');
  const now = new Date();
  const event: EventDoc = {
    _id: id,
    orgId: org._id,
    orgName: org.name,
    ancestors: org.ancestors,
    type: input.type,
    title: input.title,
    location: cleanLocation(input.location),
    ...times,
    capacity: input.capacity,
    maxPartySize: input.maxPartySize ?? Math.min(DEFAULT_MAX_PARTY_SIZE, input.capacity),
    waitlist: input.waitlist ?? true,
    dishRequired: input.dishRequired ?? input.type === 'banquet',
    status: 'open',
    scene: await createScene('event', id),
    seatsTaken: 0,
    seatsFree: input.capacity,
    confirmedCount: 0,
    waitlistCount: 0,
    waitlistPeople: 0,
    checkedInCount: 0,
    checkedInPeople: 0,
    countersAt: now,
    sortKey: timeKeyOf(startAt, id),
    remindersSentAt: null,
    createdBy,
    createdAt: now,
    updatedAt: now,
  };
  if (input.description) event.description = input.description;
  if (input.teamId) event.teamId = input.teamId;
  await db.collection(COLLECTIONS.events).add({ data: event });
  await countEventChange(null, event);
  return event;
}

/**
 * Changes the capacity with a conditional update on the seats left, so that it can never drop below the seats
 * already taken, even while sign-ups race with it.
 */
export async function changeCapacity(event: EventDoc, capacity: number): Promise<void> {
  let current = event;
  for (let attempt = 0; attempt < 5; attempt++) {
    const delta = capacity - current.capacity;
    if (delta === 0) return;
    const { stats } = await db
      .collection(COLLECTIONS.events)
      .where({ _id: current._id, capacity: current.capacity, seatsFree: _.gte(-delta) })
      .update({ data: { capacity, seatsFree: _.inc(delta), countersAt: new Date(), updatedAt: new Date() } });
    if (stats.updated === 1) return;
    current = await loadEvent(current._id);
    if (current.capacity === capacity) return;
    if (current.seatsTaken > capacity) {
      throw precondition('CAPACITY_BELOW_TAKEN', `已有 ${current.seatsTaken} 人报名，名额不能少于已报名人数`);
    }
  }
  throw precondition('CONFLICT', '活动正在变化，请稍后再试');
}

/** The fields of an update other than capacity, with the derived keys kept in step. */
export function updateSet(
  event: EventDoc,
  input: Partial<EventFields>,
): { set: Record<string, unknown>; moved: boolean } {
  const set: Record<string, unknown> = { updatedAt: new Date() };
  for (const key of ['type', 'title', 'waitlist', 'dishRequired', 'maxPartySize', 'teamId'] as const) {
    if (input[key] !== undefined) set[key] = input[key];
  }
  if (input.description !== undefined) set.description = input.description === '' ? _.remove() : input.description;
  if (input.location) set.location = _.set(cleanLocation(input.location));
  const timesChanged = input.startAt !== undefined || input.endAt !== undefined || input.signupDeadline !== undefined;
  let moved = false;
  if (timesChanged) {
    const startAt = input.startAt ? new Date(input.startAt) : new Date(event.startAt);
    // A new start keeps the old end and deadline only where they still fit around it.
    let endAt = input.endAt ? new Date(input.endAt) : event.endAt ? new Date(event.endAt) : null;
    if (!input.endAt && endAt && endAt.getTime() <= startAt.getTime()) endAt = null;
    let deadline = input.signupDeadline ? new Date(input.signupDeadline) : new Date(event.signupDeadline);
    if (!input.signupDeadline && deadline.getTime() > startAt.getTime()) deadline = startAt;
    const times = checkTimes(startAt, endAt, deadline);
    Object.assign(set, times, { sortKey: timeKeyOf(times.startAt, event._id) });
    moved =
      times.startAt.getTime() !== new Date(event.startAt).getTime() ||
      (times.endAt?.getTime() ?? null) !== (event.endAt ? new Date(event.endAt).getTime() : null);
    if (times.startAt.getTime() !== new Date(event.startAt).getTime()) set.remindersSentAt = null;
  }
  if (input.location && JSON.stringify(cleanLocation(input.location)) !== JSON.stringify(event.location)) moved = true;
  return { set, moved };
}

import type {
  CheckinTicketView,
  DishView,
  EventCan,
  EventLocation,
  EventSummary,
  EventView,
  RosterItem,
  SignupView,
} from '../../miniprogram/shared/api';
import type { DietaryNeed, EventStatus, EventType, SignupStatus } from '../../miniprogram/shared/events';
import { maskPhone } from '../../miniprogram/shared/mask';
import { findById, type Doc } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { notFound } from '../core/errors';
import { decrypt } from '../core/pii';
import { toIso } from '../core/time';

/**
 * An event. Seats are counted in people. `seatsFree` and `seatsTaken` always move together in one single-document
 * update; a seat is taken only by a conditional update `where({ _id, seatsFree: _.gte(n) })`, so confirmed people
 * never exceed `capacity` however many sign-ups race (see backend/events/seats.ts).
 */
export interface EventDoc extends Doc {
  orgId: string;
  orgName: string;
  /** The org's path from the root, itself included. */
  ancestors: string[];
  type: EventType;
  title: string;
  description?: string;
  location: EventLocation;
  startAt: Date;
  endAt: Date | null;
  /** endAt, or startAt plus the default duration: an event is "upcoming" until then. */
  endsAt: Date;
  signupDeadline: Date;
  capacity: number;
  maxPartySize: number;
  waitlist: boolean;
  dishRequired: boolean;
  status: EventStatus;
  cancelReason?: string;
  /** A volunteer event's team: check-ins of its members log the event's hours (backend/community/hours.ts). */
  teamId?: string | null;
  scene: string;
  seatsTaken: number;
  seatsFree: number;
  /** Confirmed sign-ups (families). */
  confirmedCount: number;
  waitlistCount: number;
  waitlistPeople: number;
  checkedInCount: number;
  checkedInPeople: number;
  /** The last change of any counter above (seats, waitlist, check-ins); absent on events older than it. */
  countersAt?: Date | null;
  /** `<startAt ms base36, padded>-<id>`: unique, ascending by start; the index key of lists and their cursor. */
  sortKey: string;
  remindersSentAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One family's sign-up. Exactly one active sign-up per person and event: `activeKey` is unique. */
export interface SignupDoc extends Doc {
  eventId: string;
  /** The event's org path, so sign-ups of a subtree are one indexed query. */
  ancestors: string[];
  openid: string;
  /** `<eventId>:<openid>` while active; `cancelled:<id>` once cancelled, which frees the key for a new sign-up. */
  activeKey: string;
  status: SignupStatus;
  partySize: number;
  contactName: string;
  contactPhoneEnc: string;
  dish: DishView | null;
  hasDish: boolean;
  dietary: DietaryNeed[];
  /** The scene token of the personal check-in QR code (unique). */
  checkinCode: string;
  /** `<createdAt ms base36, padded>-<id>`: first come, first served; the waitlist's order. */
  queueKey: string;
  checkedInAt: Date | null;
  checkedInBy?: string;
  remindedAt: Date | null;
  reminderBatch?: string;
  promotedAt?: Date;
  cancelledAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const activeKeyOf = (eventId: string, openid: string) => `${eventId}:${openid}`;

export function timeKeyOf(at: Date, id: string): string {
  return `${at.getTime().toString(36).padStart(10, '0')}-${id}`;
}

export async function loadEvent(id: string): Promise<EventDoc> {
  const event = await findById<EventDoc>(COLLECTIONS.events, id);
  if (!event) throw notFound('活动不存在');
  return event;
}

export function signupOpen(event: EventDoc, now = Date.now()): boolean {
  return event.status === 'open' && new Date(event.signupDeadline).getTime() > now;
}

export function toSummary(event: EventDoc): EventSummary {
  const summary: EventSummary = {
    id: event._id,
    orgId: event.orgId,
    orgName: event.orgName,
    type: event.type,
    title: event.title,
    location: event.location,
    startAt: toIso(event.startAt),
    signupDeadline: toIso(event.signupDeadline),
    capacity: event.capacity,
    seatsTaken: event.seatsTaken,
    seatsLeft: Math.max(0, event.capacity - event.seatsTaken),
    waitlistCount: Math.max(0, event.waitlistCount),
    status: event.status,
    signupOpen: signupOpen(event),
  };
  if (event.endAt) summary.endAt = toIso(event.endAt);
  return summary;
}

/** The event as the caller sees it: their own sign-up, and what they may do (backend/events/rules.ts). */
export function toEventView(
  event: EventDoc,
  mySignup: SignupView | null,
  access: { canManage: boolean; can: EventCan },
): EventView {
  const view: EventView = {
    ...toSummary(event),
    maxPartySize: event.maxPartySize,
    waitlist: event.waitlist,
    dishRequired: event.dishRequired,
    scene: event.scene,
    confirmedCount: event.confirmedCount,
    waitlistPeople: Math.max(0, event.waitlistPeople),
    checkedInCount: event.checkedInCount,
    checkedInPeople: event.checkedInPeople,
    mySignup,
    canManage: access.canManage,
    can: access.can,
  };
  if (event.description) view.description = event.description;
  if (event.cancelReason) view.cancelReason = event.cancelReason;
  if (event.teamId) view.teamId = event.teamId;
  return view;
}

export function toSignupView(doc: SignupDoc, waitlistPosition?: number): SignupView {
  const view: SignupView = {
    id: doc._id,
    eventId: doc.eventId,
    status: doc.status,
    partySize: doc.partySize,
    contactName: doc.contactName,
    contactPhone: maskPhone(decrypt(doc.contactPhoneEnc)),
    dietary: doc.dietary,
    checkinCode: doc.checkinCode,
    createdAt: toIso(doc.createdAt),
  };
  if (doc.dish) view.dish = doc.dish;
  if (doc.checkedInAt) view.checkedInAt = toIso(doc.checkedInAt);
  if (waitlistPosition !== undefined && doc.status === 'waitlisted') view.waitlistPosition = waitlistPosition;
  return view;
}

export function toRosterItem(doc: SignupDoc): RosterItem {
  const item: RosterItem = {
    id: doc._id,
    name: doc.contactName,
    phone: maskPhone(decrypt(doc.contactPhoneEnc)),
    partySize: doc.partySize,
    status: doc.status,
    dietary: doc.dietary,
    createdAt: toIso(doc.createdAt),
  };
  if (doc.dish) item.dish = doc.dish;
  if (doc.checkedInAt) item.checkedInAt = toIso(doc.checkedInAt);
  return item;
}

/** What a scanned check-in code shows: enough to check the family in, no phone number. */
export function toTicket(as: CheckinTicketView['as'], event: EventDoc, doc: SignupDoc): CheckinTicketView {
  const signup: CheckinTicketView['signup'] = {
    id: doc._id,
    name: doc.contactName,
    partySize: doc.partySize,
    status: doc.status,
    dietary: doc.dietary,
  };
  if (doc.dish) signup.dish = doc.dish;
  if (doc.checkedInAt) signup.checkedInAt = toIso(doc.checkedInAt);
  return { as, event: toSummary(event), signup };
}

/** A family on the public dish board, by a masked name (马*, 泽***): never the full name. */
export function familyLabel(contactName: string): string {
  const chars = Array.from(contactName.trim());
  return chars.length ? chars[0] + '*'.repeat(Math.max(1, chars.length - 1)) : '**';
}

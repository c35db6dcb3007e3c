import type { DietaryNeed, EventStatus, EventType, SignupStatus } from '../events';
import type { eventsSchemas } from '../schemas/events';
import type { ExportFile, In, Page } from './common';

/** Events, sign-ups, dish boards, rosters and check-in (`events`). */

export interface EventLocation {
  name: string;
  address?: string;
  latitude?: number;
  longitude?: number;
}

export interface EventSummary {
  id: string;
  orgId: string;
  orgName: string;
  type: EventType;
  title: string;
  location: EventLocation;
  startAt: string;
  endAt?: string;
  signupDeadline: string;
  /** In people. */
  capacity: number;
  seatsTaken: number;
  seatsLeft: number;
  /** Waitlisted sign-ups (families). */
  waitlistCount: number;
  status: EventStatus;
  /** Sign-up is possible now: the event is open and the deadline has not passed. */
  signupOpen: boolean;
}

export interface DishView {
  name: string;
  cuisine?: string;
  halal: boolean;
}

export interface SignupView {
  id: string;
  eventId: string;
  status: SignupStatus;
  partySize: number;
  contactName: string;
  /** Masked (138****5678). */
  contactPhone: string;
  dish?: DishView;
  dietary: DietaryNeed[];
  /** The scene of the personal check-in QR code (`qr.image { scene }`); staff scan it to check the family in. */
  checkinCode: string;
  checkedInAt?: string;
  /** 1 = next to be promoted; only while waitlisted. */
  waitlistPosition?: number;
  createdAt: string;
}

/**
 * What the caller may do with an event now, one key per action of `events`: computed by the server with the very
 * rules the actions enforce (role and scope, the event's state, the caller's own sign-up). Input checks and rate
 * limits still apply; a sign-up may still find the last seat gone.
 */
export interface EventCan {
  update: boolean;
  cancel: boolean;
  roster: boolean;
  checkin: boolean;
  exportRoster: boolean;
  sendReminders: boolean;
  reconcile: boolean;
  signup: boolean;
  updateSignup: boolean;
  cancelSignup: boolean;
}

export interface EventView extends EventSummary {
  description?: string;
  maxPartySize: number;
  waitlist: boolean;
  dishRequired: boolean;
  /** The event's QR code (posters, notice boards). */
  scene: string;
  confirmedCount: number;
  waitlistPeople: number;
  checkedInCount: number;
  checkedInPeople: number;
  cancelReason?: string;
  /** A volunteer event's team (`community`): its members' check-ins log the event's hours. */
  teamId?: string;
  /** The caller's active sign-up. */
  mySignup: SignupView | null;
  /** The caller may edit, cancel, check in and export (staff/admin whose scope covers the event). */
  canManage: boolean;
  can: EventCan;
}

export interface DishBoardItem extends DishView {
  /** The family, by a masked name: 马*. */
  family: string;
}

export interface DishSummary {
  dishes: number;
  cuisines: number;
  halal: number;
  byCuisine: { cuisine: string; count: number }[];
}

export interface RosterItem {
  id: string;
  name: string;
  /** Masked. */
  phone: string;
  partySize: number;
  status: SignupStatus;
  dish?: DishView;
  dietary: DietaryNeed[];
  checkedInAt?: string;
  createdAt: string;
}

export interface RosterCounts {
  capacity: number;
  confirmedSignups: number;
  confirmedPeople: number;
  waitlistedSignups: number;
  waitlistedPeople: number;
  checkedInSignups: number;
  checkedInPeople: number;
  /** Active sign-ups that asked for halal / vegetarian food. */
  halal: number;
  vegetarian: number;
}

export interface CheckinTicketView {
  /** `staff`: a staff member in scope scanned it (check-in screen); `holder`: the family's own ticket. */
  as: 'staff' | 'holder';
  event: EventSummary;
  signup: {
    id: string;
    name: string;
    partySize: number;
    status: SignupStatus;
    dish?: DishView;
    dietary: DietaryNeed[];
    checkedInAt?: string;
  };
}

export interface CheckinResult {
  signupId: string;
  /** Already checked in before this scan (a repeated scan changes nothing). */
  already: boolean;
  name: string;
  partySize: number;
  checkedInAt: string;
  counts: { checkedInSignups: number; checkedInPeople: number; confirmedSignups: number; confirmedPeople: number };
}

/** One event counter that `events.reconcile` found off and set from the sign-ups. */
export interface ReconcileFix {
  field:
    | 'seatsTaken'
    | 'seatsFree'
    | 'confirmedCount'
    | 'waitlistCount'
    | 'waitlistPeople'
    | 'checkedInCount'
    | 'checkedInPeople';
  was: number;
  now: number;
}

export interface ReconcileResult {
  eventId: string;
  /** Sign-ups moved in the last minutes (or while it ran): nothing was changed; the hourly run tries again. */
  busy: boolean;
  fixes: ReconcileFix[];
  /** Waitlisted families confirmed with the seats the repair gave back. */
  promoted: number;
}

export interface EventsApi {
  create: { req: In<typeof eventsSchemas.create>; res: { id: string; scene: string } };
  update: { req: In<typeof eventsSchemas.update>; res: EventView };
  cancel: { req: In<typeof eventsSchemas.cancel>; res: EventView };
  list: { req: In<typeof eventsSchemas.list>; res: Page<EventSummary> };
  get: { req: In<typeof eventsSchemas.get>; res: EventView };
  signup: {
    req: In<typeof eventsSchemas.signup>;
    res: {
      signupId: string;
      status: 'confirmed' | 'waitlisted';
      checkinCode: string;
      existing: boolean;
      signup: SignupView;
    };
  };
  updateSignup: { req: In<typeof eventsSchemas.updateSignup>; res: SignupView };
  cancelSignup: { req: In<typeof eventsSchemas.cancelSignup>; res: { signupId: string; promoted: number } };
  mySignups: { req: In<typeof eventsSchemas.mySignups>; res: Page<{ signup: SignupView; event: EventSummary }> };
  roster: { req: In<typeof eventsSchemas.roster>; res: Page<RosterItem> & { counts: RosterCounts } };
  checkin: { req: In<typeof eventsSchemas.checkin>; res: CheckinResult };
  dishes: { req: In<typeof eventsSchemas.dishes>; res: { items: DishBoardItem[]; summary: DishSummary } };
  exportRoster: {
    req: In<typeof eventsSchemas.exportRoster>;
    res: ExportFile & { rows: number; masked: boolean };
  };
  sendReminders: { req: In<typeof eventsSchemas.sendReminders>; res: { sent: number; skipped: number } };
  reconcile: { req: In<typeof eventsSchemas.reconcile>; res: ReconcileResult };
}

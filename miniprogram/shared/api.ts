import type * as v from 'valibot';
import type { OrgLevel, Role, StationType } from './orgs';
import type { orgsSchemas } from './schemas/orgs';
import type { qrSchemas } from './schemas/qr';
import type { householdsSchemas } from './schemas/households';
import type { platesSchemas } from './schemas/plates';
import type { HouseholdCard, HouseholdListItem, HouseholdScanView, HouseholdView, VisitView } from './household-views';
import type { requestsSchemas } from './schemas/requests';
import type { RequestCategory } from './categories';
import type { RequestStatus, TimelineType } from './requests';
import type { usersSchemas } from './schemas/users';
import type { eventsSchemas } from './schemas/events';
import type { DietaryNeed, EventStatus, EventType, SignupStatus } from './events';

/**
 * The typed contract of every cloud function: `Api[fn][action]` is `{ req, res }`. The mini program's `callCloud`
 * and the functions' routers are both checked against it. Times are ISO-8601 strings with offset.
 */

export interface RoleView {
  role: Role;
  orgId: string;
  orgName: string;
}

export interface Contact {
  name?: string;
  phone?: string;
  address?: string;
}

export interface OrgView {
  id: string;
  name: string;
  level: OrgLevel;
  parentId: string | null;
  path: string;
  scene: string;
  contact?: Contact;
}

export interface HomeRef {
  communityId: string;
  communityName: string;
  gridId?: string;
  gridName?: string;
}

export interface MeView {
  openid: string;
  profile: { name?: string; phone?: string };
  roles: RoleView[];
  home: HomeRef | null;
}

export interface GrantView {
  id: string;
  openid: string;
  name?: string;
  role: Role;
  orgId: string;
  orgName: string;
  createdAt: string;
}

export interface StationView {
  id: string;
  orgId: string;
  type: StationType;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  hours: string;
  services: string[];
  phone: string;
  greenChannel: boolean;
  /** Present when the caller gave its position. */
  distanceKm?: number;
}

export interface GridWorkerCard {
  name: string;
  phone: string;
}

export interface HomeView {
  community: { id: string; name: string; path: string; contact?: Contact };
  grid?: { id: string; name: string; worker?: GridWorkerCard };
  stations: StationView[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type {
  DoorCard,
  DuplicateHit,
  HouseholdCard,
  HouseholdListItem,
  HouseholdScanView,
  HouseholdSummary,
  HouseholdView,
  MemberView,
  VisitView,
} from './household-views';

export type QrView =
  | HouseholdScanView
  | {
      type: 'org';
      id: string;
      view: {
        org: { id: string; name: string; level: OrgLevel; contact?: Contact };
        community?: { id: string; name: string };
        gridWorker?: GridWorkerCard;
      };
    }
  | {
      type: 'invite';
      id: string;
      view: {
        role: Role;
        orgId: string;
        orgName: string;
        expiresAt: string;
        code: string;
        used: boolean;
        expired: boolean;
      };
    }
  | { type: 'event'; id: string; view: { event: EventSummary } }
  | { type: 'checkin'; id: string; view: CheckinTicketView };

export interface RequestSummary {
  id: string;
  orgId: string;
  orgName: string;
  category: RequestCategory;
  /** The first 80 characters. */
  excerpt: string;
  status: RequestStatus;
  overdue: boolean;
  dueAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface RequestMessage {
  id: string;
  at: string;
  from: 'requester' | 'staff';
  name?: string;
  text: string;
  mine: boolean;
}

export interface TimelineEntry {
  at: string;
  type: TimelineType;
  actor: 'requester' | 'staff';
  name?: string;
  note?: string;
}

export interface RequestView extends RequestSummary {
  description: string;
  contactName?: string;
  /** Masked (138****5678); `revealContact` gives the full number to staff in scope, audited. */
  contactPhone?: string;
  images: string[];
  assignee?: { name: string; mine: boolean };
  resolution?: string;
  rating?: { score: number; comment?: string };
  messages: RequestMessage[];
  timeline: TimelineEntry[];
  /** The caller filed it. */
  mine: boolean;
  householdId?: string;
}

export type StatusCounts = Record<RequestStatus, number> & { overdue: number };

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
  /** The caller's active sign-up. */
  mySignup: SignupView | null;
  /** The caller may edit, cancel, check in and export (staff/admin whose scope covers the event). */
  canManage: boolean;
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

type In<S extends v.GenericSchema> = v.InferInput<S>;

export interface Api {
  users: {
    me: { req: In<typeof usersSchemas.me>; res: MeView };
    updateProfile: { req: In<typeof usersSchemas.updateProfile>; res: MeView['profile'] };
    setHome: { req: In<typeof usersSchemas.setHome>; res: { home: HomeRef } };
    createInvite: {
      req: In<typeof usersSchemas.createInvite>;
      res: { code: string; scene: string; expiresAt: string };
    };
    redeemInvite: { req: In<typeof usersSchemas.redeemInvite>; res: { role: Role; orgId: string } };
    listGrants: { req: In<typeof usersSchemas.listGrants>; res: Page<GrantView> };
    revokeGrant: { req: In<typeof usersSchemas.revokeGrant>; res: { id: string } };
  };
  orgs: {
    create: { req: In<typeof orgsSchemas.create>; res: { id: string; scene: string } };
    get: { req: In<typeof orgsSchemas.get>; res: OrgView };
    children: { req: In<typeof orgsSchemas.children>; res: { items: OrgView[] } };
    roots: { req: In<typeof orgsSchemas.roots>; res: { items: OrgView[] } };
    home: { req: In<typeof orgsSchemas.home>; res: HomeView };
    rename: { req: In<typeof orgsSchemas.rename>; res: OrgView };
    move: { req: In<typeof orgsSchemas.move>; res: OrgView };
    updateContact: { req: In<typeof orgsSchemas.updateContact>; res: OrgView };
    stations: { req: In<typeof orgsSchemas.stations>; res: Page<StationView> };
    createStation: { req: In<typeof orgsSchemas.createStation>; res: StationView };
    updateStation: { req: In<typeof orgsSchemas.updateStation>; res: StationView };
  };
  requests: {
    create: { req: In<typeof requestsSchemas.create>; res: RequestView };
    listMine: { req: In<typeof requestsSchemas.listMine>; res: Page<RequestSummary> };
    myCounts: { req: In<typeof requestsSchemas.myCounts>; res: StatusCounts };
    get: { req: In<typeof requestsSchemas.get>; res: RequestView };
    queue: { req: In<typeof requestsSchemas.queue>; res: Page<RequestSummary> };
    counts: { req: In<typeof requestsSchemas.counts>; res: StatusCounts };
    accept: { req: In<typeof requestsSchemas.accept>; res: RequestView };
    reply: { req: In<typeof requestsSchemas.reply>; res: RequestView };
    resolve: { req: In<typeof requestsSchemas.resolve>; res: RequestView };
    rate: { req: In<typeof requestsSchemas.rate>; res: RequestView };
    withdraw: { req: In<typeof requestsSchemas.withdraw>; res: RequestView };
    transfer: { req: In<typeof requestsSchemas.transfer>; res: RequestView };
    revealContact: { req: In<typeof requestsSchemas.revealContact>; res: { contactPhone: string } };
  };
  events: {
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
      res: { fileID: string; tempUrl?: string; rows: number; masked: boolean };
    };
    sendReminders: { req: In<typeof eventsSchemas.sendReminders>; res: { sent: number; skipped: number } };
  };
  households: {
    create: { req: In<typeof householdsSchemas.create>; res: HouseholdView };
    get: { req: In<typeof householdsSchemas.get>; res: HouseholdView };
    list: { req: In<typeof householdsSchemas.list>; res: Page<HouseholdListItem> };
    update: { req: In<typeof householdsSchemas.update>; res: HouseholdView };
    addMember: { req: In<typeof householdsSchemas.addMember>; res: HouseholdView };
    updateMember: { req: In<typeof householdsSchemas.updateMember>; res: HouseholdView };
    moveOut: { req: In<typeof householdsSchemas.moveOut>; res: HouseholdView };
    transfer: { req: In<typeof householdsSchemas.transfer>; res: HouseholdView };
    reveal: { req: In<typeof householdsSchemas.reveal>; res: { value: string } };
    addVisit: { req: In<typeof householdsSchemas.addVisit>; res: VisitView };
    visits: { req: In<typeof householdsSchemas.visits>; res: Page<VisitView> };
    claimCode: { req: In<typeof householdsSchemas.claimCode>; res: { code: string; expiresAt: string } };
    claim: { req: In<typeof householdsSchemas.claim>; res: HouseholdCard };
    mine: { req: In<typeof householdsSchemas.mine>; res: { items: HouseholdCard[] } };
  };
  plates: {
    grid: { req: In<typeof platesSchemas.grid>; res: { fileID: string; tempUrl?: string; count: number } };
  };
  qr: {
    resolve: { req: In<typeof qrSchemas.resolve>; res: QrView };
    image: { req: In<typeof qrSchemas.image>; res: { fileID: string; tempUrl?: string } };
    rotate: { req: In<typeof qrSchemas.rotate>; res: { scene: string } };
  };
}

export type FunctionName = keyof Api;
export type ActionName<F extends FunctionName> = keyof Api[F] & string;
export type ReqOf<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { req: infer R } ? R : never;
export type ResOf<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { res: infer R } ? R : never;

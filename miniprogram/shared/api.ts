import type * as v from 'valibot';
import type { OrgLevel, Role, StationType } from './orgs';
import type { orgsSchemas } from './schemas/orgs';
import type { qrSchemas } from './schemas/qr';
import type { requestsSchemas } from './schemas/requests';
import type { RequestCategory } from './categories';
import type { RequestStatus, TimelineType } from './requests';
import type { usersSchemas } from './schemas/users';

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

export type QrView =
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
    };

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

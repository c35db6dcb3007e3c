import type { OrgLevel, StationType } from '../orgs';
import type { orgsSchemas } from '../schemas/orgs';
import type { In, Page } from './common';

/** The org tree, home views and service stations (`orgs`). */

export interface Contact {
  name?: string;
  phone?: string;
  address?: string;
  /** Office hours (社区办公时间). */
  hours?: string;
}

export interface OrgView {
  id: string;
  name: string;
  level: OrgLevel;
  parentId: string | null;
  path: string;
  scene: string;
  contact?: Contact;
  /** Present on an archived org (orgs.archive): still readable, closed to new work. */
  archived?: true;
}

/** An org move and how far it got: records of each collection rewritten so far (orgs.move, orgs.resumeMoves). */
export interface MoveView {
  id: string;
  orgId: string;
  orgName: string;
  fromParentId: string;
  toParentId: string;
  status: 'running' | 'done';
  progress: { collection: string; updated: number; done: boolean }[];
  createdAt: string;
  finishedAt?: string;
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
  /** Present when the caller gave its position: metres from it (the database's geoNear distance, rounded). */
  distanceM?: number;
  /** The same distance in kilometres, two decimals. */
  distanceKm?: number;
}

/** What the caller may do at an org now (orgs.manage), judged by the rules the actions enforce. */
export interface OrgCan {
  /** orgs.create of a child (or, with no org, of a city). */
  create: boolean;
  rename: boolean;
  /** orgs.move of a grid to another community. */
  move: boolean;
  archive: boolean;
  updateContact: boolean;
  createStation: boolean;
  /** orgs.updateStation of the org's stations. */
  updateStation: boolean;
  /** users.createInvite of at least one role here or below. */
  invite: boolean;
  /** imports.preview into this grid. */
  importLedger: boolean;
}

/** The org administration screen: an org (none: the roots), its active children and what the caller may do. */
export interface OrgManageView {
  org: OrgView | null;
  children: OrgView[];
  can: OrgCan;
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

export interface OrgsApi {
  create: { req: In<typeof orgsSchemas.create>; res: { id: string; scene: string } };
  get: { req: In<typeof orgsSchemas.get>; res: OrgView };
  children: { req: In<typeof orgsSchemas.children>; res: { items: OrgView[] } };
  roots: { req: In<typeof orgsSchemas.roots>; res: { items: OrgView[] } };
  home: { req: In<typeof orgsSchemas.home>; res: HomeView };
  rename: { req: In<typeof orgsSchemas.rename>; res: OrgView };
  move: { req: In<typeof orgsSchemas.move>; res: OrgView & { move: MoveView | null } };
  resumeMoves: { req: In<typeof orgsSchemas.resumeMoves>; res: { items: MoveView[] } };
  updateContact: { req: In<typeof orgsSchemas.updateContact>; res: OrgView };
  archive: { req: In<typeof orgsSchemas.archive>; res: OrgView & { archivedOrgs: number } };
  manage: { req: In<typeof orgsSchemas.manage>; res: OrgManageView };
  stations: { req: In<typeof orgsSchemas.stations>; res: Page<StationView> };
  createStation: { req: In<typeof orgsSchemas.createStation>; res: StationView };
  updateStation: { req: In<typeof orgsSchemas.updateStation>; res: StationView };
}

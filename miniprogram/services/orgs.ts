import type { ReqOf } from '../shared/api';
import { callCloud } from './cloud';

/** One org node with its QR scene. */
export const getOrg = (id: string) => callCloud('orgs', 'get', { id });

/** The direct children of an org, by name. */
export const getChildren = (id: string) => callCloud('orgs', 'children', { id });

/** The top of the org tree (cities). */
export const getRoots = () => callCloud('orgs', 'roots', {});

/**
 * What the home page shows for a community or grid: the community, the grid and its worker, nearby stations.
 * Without `orgId` it is the caller's home; no home yet fails with FAILED_PRECONDITION / NO_HOME.
 */
export const getHome = (orgId?: string) => callCloud('orgs', 'home', orgId ? { orgId } : {});

/** Service stations of an org's subtree, nearest first when a position is given. */
export const getStations = (req: ReqOf<'orgs', 'stations'>) => callCloud('orgs', 'stations', req);

/** The org administration screen: an org (none: the cities), its children and what the caller may do there. */
export const manageOrg = (id?: string) => callCloud('orgs', 'manage', id ? { id } : {});

/** A child of `parentId` (its level is the next one down); without a parent, a city (root admins only). */
export const createOrg = (req: ReqOf<'orgs', 'create'>) => callCloud('orgs', 'create', req);

export const renameOrg = (id: string, name: string) => callCloud('orgs', 'rename', { id, name });

/** Moves a grid, with everything under it, to another community. */
export const moveOrg = (id: string, parentId: string) => callCloud('orgs', 'move', { id, parentId });

/** Closes an org and its subtree to new work; refused with a reason while work is still open under it. */
export const archiveOrg = (id: string) => callCloud('orgs', 'archive', { id });

/** The public contact card: hotline, address, office hours (a grid's: its grid worker). */
export const updateContact = (req: ReqOf<'orgs', 'updateContact'>) => callCloud('orgs', 'updateContact', req);

export const createStation = (req: ReqOf<'orgs', 'createStation'>) => callCloud('orgs', 'createStation', req);

export const updateStation = (req: ReqOf<'orgs', 'updateStation'>) => callCloud('orgs', 'updateStation', req);

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

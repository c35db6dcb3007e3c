import type { ReqOf } from '../shared/api';
import { callCloud } from './cloud';

/** Registers a household and its members in a grid (grid worker of the grid, staff/admins in scope). */
export const createHousehold = (req: ReqOf<'households', 'create'>) => callCloud('households', 'create', req);

/** One household with its members, ID numbers and phones masked; outside one's scope it does not exist. */
export const getHousehold = (id: string) => callCloud('households', 'get', { id });

/** A grid's or community's households by address or tag, or found by a member's name (`q`). */
export const listHouseholds = (req: ReqOf<'households', 'list'>) => callCloud('households', 'list', req);

export const updateHousehold = (req: ReqOf<'households', 'update'>) => callCloud('households', 'update', req);

export const addMember = (req: ReqOf<'households', 'addMember'>) => callCloud('households', 'addMember', req);

/** Changes a member; '' removes an optional field, an omitted one stays as it is. */
export const updateMember = (req: ReqOf<'households', 'updateMember'>) => callCloud('households', 'updateMember', req);

/** A member leaves, or (without memberId) the whole household: its door code stops working. */
export const moveOut = (req: ReqOf<'households', 'moveOut'>) => callCloud('households', 'moveOut', req);

/** Hands the household to another grid. */
export const transferHousehold = (req: ReqOf<'households', 'transfer'>) => callCloud('households', 'transfer', req);

/** The full ID number or phone of a member, for a stated reason (written to the audit log). */
export const revealMember = (req: ReqOf<'households', 'reveal'>) => callCloud('households', 'reveal', req);

/** Logs a visit (走访), optionally opening a service request for the household. */
export const addVisit = (req: ReqOf<'households', 'addVisit'>) => callCloud('households', 'addVisit', req);

export const listVisits = (req: ReqOf<'households', 'visits'>) => callCloud('households', 'visits', req);

/** A one-time code the grid worker hands to a resident to claim their own member record. */
export const issueClaimCode = (id: string, memberId: string) => callCloud('households', 'claimCode', { id, memberId });

/** Links the caller to the member record of a claim code; answers their household card. */
export const claimMember = (code: string) => callCloud('households', 'claim', { code });

/** The caller's own household card(s). */
export const myHouseholds = () => callCloud('households', 'mine', {});

/** One printable HTML file with the door plates of a grid. */
export const printPlates = (gridId: string) => callCloud('plates', 'grid', { gridId });

/** One printable A4 poster with an org's code, for its notice boards. */
export const printPoster = (orgId: string) => callCloud('plates', 'poster', { orgId });

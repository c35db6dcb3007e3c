import type { ReqOf } from '../shared/api';
import { callCloud } from './cloud';

/** Pairing (结对认亲) and volunteer teams (`community`). */

/** Pairs of a worker's scope (or `orgId`), or with `mine` / for a resident the pairs of their own household. */
export const listPairs = (req: ReqOf<'community', 'pairs'>) => callCloud('community', 'pairs', req);
export const getPair = (id: string) => callCloud('community', 'getPair', { id });
/** Staff or a grid worker pair two households of their scope under `orgId`. */
export const createPair = (req: ReqOf<'community', 'createPair'>) => callCloud('community', 'createPair', req);
export const logPairActivity = (req: ReqOf<'community', 'logPairActivity'>) =>
  callCloud('community', 'logPairActivity', req);
export const endPair = (pairId: string, reason: string) => callCloud('community', 'endPair', { pairId, reason });

/** Teams of the home community and above it (or of `orgId`; a worker in scope also gets those below). */
export const listTeams = (orgId?: string) => callCloud('community', 'teams', orgId ? { orgId } : {});
export const createTeam = (req: ReqOf<'community', 'createTeam'>) => callCloud('community', 'createTeam', req);
export const getTeam = (id: string) => callCloud('community', 'getTeam', { id });
export const joinTeam = (teamId: string) => callCloud('community', 'joinTeam', { teamId });
export const leaveTeam = (teamId: string) => callCloud('community', 'leaveTeam', { teamId });
export const setLead = (teamId: string, memberId: string) => callCloud('community', 'setLead', { teamId, memberId });
/** The lead or staff log a session for a member (`memberId`) or a volunteer by name. */
export const logHours = (req: ReqOf<'community', 'logHours'>) => callCloud('community', 'logHours', req);
export const myHours = () => callCloud('community', 'myHours', {});
export const teamHours = (teamId: string, months?: number) =>
  callCloud('community', 'teamHours', months ? { teamId, months } : { teamId });

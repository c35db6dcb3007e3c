import { communitySchemas } from '../../miniprogram/shared/schemas/community';
import { action, createRouter } from '../../backend/core/router';
import { createPair, endPair, getPair, listPairs, logPairActivity } from './pairs';
import { createTeam, getTeam, joinTeam, leaveTeam, listTeams, logHours, myHours, setLead, teamHours } from './teams';

/** Bringing families together (交往交流交融): pairing of families, volunteer teams and their hours. */
const router = createRouter('community', {
  /** Staff or a grid worker pair two households of their scope (the same two only once). */
  createPair: action({
    schema: communitySchemas.createPair,
    limit: { max: 60, windowSeconds: 3600 },
    handler: createPair,
  }),
  pairs: action({ schema: communitySchemas.pairs, handler: listPairs }),
  getPair: action({ schema: communitySchemas.getPair, handler: getPair }),
  logPairActivity: action({
    schema: communitySchemas.logPairActivity,
    limit: { max: 60, windowSeconds: 3600 },
    handler: logPairActivity,
  }),
  endPair: action({ schema: communitySchemas.endPair, limit: { max: 60, windowSeconds: 3600 }, handler: endPair }),

  createTeam: action({
    schema: communitySchemas.createTeam,
    limit: { max: 30, windowSeconds: 3600 },
    handler: createTeam,
  }),
  teams: action({ schema: communitySchemas.teams, handler: listTeams }),
  getTeam: action({ schema: communitySchemas.getTeam, handler: getTeam }),
  joinTeam: action({ schema: communitySchemas.joinTeam, limit: { max: 30, windowSeconds: 60 }, handler: joinTeam }),
  leaveTeam: action({ schema: communitySchemas.leaveTeam, limit: { max: 30, windowSeconds: 60 }, handler: leaveTeam }),
  setLead: action({ schema: communitySchemas.setLead, limit: { max: 30, windowSeconds: 60 }, handler: setLead }),
  logHours: action({ schema: communitySchemas.logHours, limit: { max: 300, windowSeconds: 3600 }, handler: logHours }),
  myHours: action({ schema: communitySchemas.myHours, handler: (_input, ctx) => myHours(ctx) }),
  teamHours: action({ schema: communitySchemas.teamHours, handler: teamHours }),
});

export const main = router;

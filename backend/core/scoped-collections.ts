import { COLLECTIONS } from './collections';

/**
 * Every collection whose records carry an org's `ancestors` (and so must follow when an org moves), in the order a
 * move rewrites them. A record copied from another comes after its source — a sign-up after its event, members and
 * visits after their household, grants after the invites they come from — so that once a source collection is done,
 * no stale copy can be made from it any more.
 *
 * A new collection with `ancestors` must join this list: test/security-scope-moves.test.ts fails for any collection
 * of database/collections.json with an `ancestors` index, or any document of the demo data or of its scenario with
 * an `ancestors` field, that is missing here.
 *
 * Kept free of imports but the collection names, so that tests can read it.
 */
export interface ScopedCollection {
  /** A name of COLLECTIONS (a plain string, so that tests can compare it with collections.json). */
  name: string;
  /**
   * How the records under a moved org are found: `ancestors` by its (multikey) ancestors index; `gridId` for the
   * grid registry, which keeps no ancestors index (see docs/architecture.md) and is found by its grid — only grids
   * move.
   */
  locate: 'ancestors' | 'gridId';
  /** The record also holds its community's id in `communityId`, which follows the move too. */
  communityId?: true;
}

export const SCOPED_COLLECTIONS: readonly ScopedCollection[] = [
  { name: COLLECTIONS.orgs, locate: 'ancestors' },
  { name: COLLECTIONS.invites, locate: 'ancestors' },
  { name: COLLECTIONS.grants, locate: 'ancestors' },
  { name: COLLECTIONS.stations, locate: 'ancestors' },
  { name: COLLECTIONS.events, locate: 'ancestors' },
  { name: COLLECTIONS.signups, locate: 'ancestors' },
  { name: COLLECTIONS.requests, locate: 'ancestors' },
  { name: COLLECTIONS.imports, locate: 'ancestors' },
  { name: COLLECTIONS.notices, locate: 'ancestors' },
  { name: COLLECTIONS.eventReviews, locate: 'ancestors' },
  { name: COLLECTIONS.surveys, locate: 'ancestors' },
  { name: COLLECTIONS.pairs, locate: 'ancestors' },
  { name: COLLECTIONS.volunteerTeams, locate: 'ancestors' },
  { name: COLLECTIONS.households, locate: 'gridId', communityId: true },
  { name: COLLECTIONS.householdMembers, locate: 'gridId', communityId: true },
  { name: COLLECTIONS.householdVisits, locate: 'gridId', communityId: true },
];

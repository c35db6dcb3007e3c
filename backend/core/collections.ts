/**
 * Every collection the functions use, by the name declared in database/collections.json (test/settings.test.ts
 * checks each one is declared there, and that nothing declared is missing here). Code names a collection only
 * through this map: `CollectionName` is branded, so `db.collection('users')` with a bare string does not compile,
 * and a typo cannot reach the database as a collection that does not exist.
 *
 * Kept free of imports so that scripts and tests can read it.
 */
const NAMES = [
  'users',
  'grants',
  'invites',
  'orgs',
  'stations',
  'qrScenes',
  'auditLogs',
  'requests',
  'households',
  'householdMembers',
  'householdVisits',
  'events',
  'signups',
  'orgMoves',
  'rateLimits',
  'exports',
  'imports',
  'notices',
  'noticeReads',
  'eventReviews',
  'reviewLikes',
  'orgStats',
  'surveys',
  'surveyResponses',
  'surveyResults',
  'pairs',
  'volunteerTeams',
  'teamMembers',
  'volunteerHours',
  'messages',
] as const;

declare const declared: unique symbol;

/** A collection name taken from COLLECTIONS (a plain string is refused by the type checker). */
export type CollectionName = (typeof NAMES)[number] & { readonly [declared]: true };

export const COLLECTIONS = Object.freeze(Object.fromEntries(NAMES.map((name) => [name, name]))) as {
  readonly [K in (typeof NAMES)[number]]: K & CollectionName;
};

/** A collection named by data (a list of collections to walk); anything not declared is a bug, thrown. */
export function collectionNamed(name: string): CollectionName {
  if (!(NAMES as readonly string[]).includes(name)) throw new Error(`no collection ${name} is declared`);
  return name as CollectionName;
}

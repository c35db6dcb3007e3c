import type { RequestLanguage } from '../../miniprogram/shared/requests';
import { _, db, findById, isDuplicateKey, type Doc } from './cloud';
import { COLLECTIONS } from './collections';

/**
 * A user (`users`, `_id` = openid): the profile they typed in and the community or grid they call home. Created on
 * first sight (`users.me`, an invite, a home being set); every function reads users through this module.
 */
export interface UserDoc extends Doc {
  profile: {
    name?: string;
    /** Sealed (backend/core/pii.ts); shown masked. */
    phoneEnc?: string;
    /** Languages spoken besides Mandarin: requests asking for one come first in the user's queue. */
    languages?: RequestLanguage[];
  };
  /** A community or a grid (`users.setHome`, or a scanned code), or null before one was chosen. */
  homeOrgId: string | null;
  createdAt?: Date;
  updatedAt?: Date;
}

export async function findUser(openid: string): Promise<UserDoc | undefined> {
  return findById<UserDoc>(COLLECTIONS.users, openid);
}

/** The caller's user document, created on first sight. */
export async function ensureUser(openid: string): Promise<UserDoc> {
  const existing = await findUser(openid);
  if (existing) return existing;
  const user: UserDoc = { _id: openid, profile: {}, homeOrgId: null };
  try {
    await db.collection(COLLECTIONS.users).add({ data: { ...user, createdAt: new Date() } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // created by a concurrent first call
  }
  return user;
}

/** The name a user gave in their profile, if any (how staff appear in timelines and visit records). */
export async function profileName(openid: string): Promise<string | undefined> {
  return (await findUser(openid))?.profile?.name || undefined;
}

/** Profile names of some users, for lists of grants and invites (one read). */
export async function profileNames(openids: string[]): Promise<Map<string, string | undefined>> {
  const unique = [...new Set(openids)];
  if (!unique.length) return new Map();
  const { data } = await db
    .collection(COLLECTIONS.users)
    .where({ _id: _.in(unique) })
    .limit(unique.length)
    .get();
  return new Map((data as UserDoc[]).map((u) => [u._id, u.profile?.name]));
}

/** The languages a user listed in their profile (none: an empty list). */
export async function profileLanguages(openid: string): Promise<RequestLanguage[]> {
  return (await findUser(openid))?.profile?.languages ?? [];
}

/** The org a user calls home, or undefined before they chose one. */
export async function homeOrgIdOf(openid: string): Promise<string | undefined> {
  return (await findUser(openid))?.homeOrgId ?? undefined;
}

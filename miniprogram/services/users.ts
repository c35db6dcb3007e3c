import type { ReqOf } from '../shared/api';
import { callCloud } from './cloud';

/** The caller: profile (phone masked), roles and home community; the user is created on the first call. */
export const getMe = () => callCloud('users', 'me', {});

/** Saves name and/or phone; an empty phone clears it. */
export const updateProfile = (req: ReqOf<'users', 'updateProfile'>) => callCloud('users', 'updateProfile', req);

/** Makes a community or grid the caller's home (what the home page shows). */
export const setHome = (orgId: string) => callCloud('users', 'setHome', { orgId });

/** An invite for `role` at `orgId`: admins invite any role in scope, staff only grid workers. */
export const createInvite = (req: ReqOf<'users', 'createInvite'>) => callCloud('users', 'createInvite', req);

/** Redeems an invite code: the caller gets its role. Used or expired codes fail with INVITE_USED / INVITE_EXPIRED. */
export const redeemInvite = (code: string) => callCloud('users', 'redeemInvite', { code });

/** Grants within an org's subtree (admins only), a page at a time. */
export const listGrants = (req: ReqOf<'users', 'listGrants'>) => callCloud('users', 'listGrants', req);

/** Withdraws a grant (admins of its org's subtree). */
export const revokeGrant = (id: string) => callCloud('users', 'revokeGrant', { id });

import type { Role } from '../orgs';
import type { RequestLanguage } from '../requests';
import type { usersSchemas } from '../schemas/users';
import type { In, Page } from './common';

/** The caller, roles, grants and invites (`users`). */

export interface RoleView {
  role: Role;
  orgId: string;
  orgName: string;
}

export interface HomeRef {
  communityId: string;
  communityName: string;
  gridId?: string;
  gridName?: string;
}

export interface MeView {
  openid: string;
  /** `languages`: spoken besides Mandarin (users.updateProfile), absent when none. */
  profile: { name?: string; phone?: string; languages?: RequestLanguage[] };
  roles: RoleView[];
  home: HomeRef | null;
}

export interface GrantView {
  id: string;
  openid: string;
  name?: string;
  role: Role;
  orgId: string;
  orgName: string;
  createdAt: string;
}

/** An invite nobody has used or revoked yet (users.invites). The code itself is not listed: it is a bearer secret. */
export interface InviteView {
  id: string;
  role: Role;
  orgId: string;
  orgName: string;
  invitedBy: string;
  invitedByName?: string;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

export interface UsersApi {
  me: { req: In<typeof usersSchemas.me>; res: MeView };
  updateProfile: { req: In<typeof usersSchemas.updateProfile>; res: MeView['profile'] };
  setHome: { req: In<typeof usersSchemas.setHome>; res: { home: HomeRef } };
  createInvite: {
    req: In<typeof usersSchemas.createInvite>;
    res: { id: string; code: string; scene: string; expiresAt: string };
  };
  redeemInvite: { req: In<typeof usersSchemas.redeemInvite>; res: { role: Role; orgId: string } };
  listGrants: { req: In<typeof usersSchemas.listGrants>; res: Page<GrantView> };
  revokeGrant: { req: In<typeof usersSchemas.revokeGrant>; res: { id: string } };
  invites: { req: In<typeof usersSchemas.invites>; res: Page<InviteView> };
  revokeInvite: { req: In<typeof usersSchemas.revokeInvite>; res: { id: string } };
}

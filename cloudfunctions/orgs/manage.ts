import type { OrgCan } from '../../miniprogram/shared/api';
import { childLevel, NO_ORG_CAN } from '../../miniprogram/shared/orgs';
import { can, type Caller } from '../../backend/core/identity';
import { isArchived, type OrgDoc } from '../../backend/core/orgs';

/** A root admin: listed in ADMIN_OPENIDS, or holding an admin grant on a root. */
export function isRootAdmin(caller: Caller): boolean {
  return caller.isRootAdmin || caller.grants.some((g) => g.role === 'admin' && g.ancestors.length === 1);
}

/** Archiving is for an admin above the org: never their own grant's org, never a root. */
export function mayArchive(caller: Caller, org: OrgDoc): boolean {
  if (caller.isRootAdmin) return true;
  return caller.grants.some((g) => g.role === 'admin' && org.ancestors.includes(g.orgId) && g.orgId !== org._id);
}

/**
 * What the caller may do at an org (`null`: the top of the tree), by the same rules `create`, `rename`, `move`,
 * `archive`, `updateContact`, `createStation`, `users.createInvite` and `imports.preview` enforce.
 */
export function orgCan(caller: Caller, org: OrgDoc | null): OrgCan {
  if (!org) return { ...NO_ORG_CAN, create: isRootAdmin(caller) };
  const active = !isArchived(org);
  const admin = can(caller, ['admin'], org.ancestors);
  const manager = can(caller, ['admin', 'staff'], org.ancestors);
  return {
    create: active && admin && childLevel(org.level) !== undefined,
    rename: admin,
    move: admin && org.level === 'grid',
    archive: active && org.parentId !== null && admin && mayArchive(caller, org),
    updateContact: manager,
    createStation: active && manager,
    updateStation: manager,
    invite: active && manager,
    importLedger: active && org.level === 'grid' && can(caller, ['admin', 'staff', 'grid_worker'], org.ancestors),
  };
}

import type { Address, Residency } from '../../miniprogram/shared/households';
import type { Role } from '../../miniprogram/shared/orgs';
import { db, findById, type Doc } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { denied, invalid, notFound } from '../core/errors';
import { can, type Caller } from '../core/identity';
import type { OrgDoc } from '../core/orgs';
import { completenessOf } from './completeness';

export { completenessOf } from './completeness';

/**
 * The grid registry's records. Households and members are separate collections so that a member can be found by
 * name, by ID-number hash or by linked openid through an index of its own. Both carry the grid's `ancestors` plus
 * `gridId` and `communityId` as plain fields: a subtree check is `ancestors.includes(orgId)`, and the lists walk the
 * non-multikey indexes `{ gridId | communityId, status, addrKey | nameSort }` in order, so a page costs the same
 * wherever it starts.
 */

/** Who sees a household: its grid worker, and staff and admins above it. */
export const SCOPE_ROLES: readonly Role[] = ['grid_worker', 'staff', 'admin'];

/** The grid a registry action works in: a grid, and one the caller's grant covers. */
export function assertGridInScope(caller: Caller, grid: OrgDoc): OrgDoc {
  if (grid.level !== 'grid') throw invalid({ gridId: '请选择网格' });
  if (!can(caller, SCOPE_ROLES, grid.ancestors)) throw denied('该网格不在你的管辖范围内');
  return grid;
}

export type RecordStatus = 'active' | 'moved_out';

export interface HouseholdDoc extends Doc {
  gridId: string;
  communityId: string;
  ancestors: string[];
  address: Address;
  /** addressSortKey + '\u0001' + _id: unique, so it is the list cursor by itself. */
  addrKey: string;
  housing: string | null;
  tags: string[];
  status: RecordStatus;
  scene: string;
  memberCount: number;
  headName: string | null;
  /** 0..100 under the configuration in force at the last write. */
  completeness: number;
  /** Some member's ID number is also registered in another household. */
  duplicate: boolean;
  visitCount: number;
  lastVisitAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  movedOutAt?: Date;
  moveOutReason?: string;
}

export interface MemberDoc extends Doc {
  householdId: string;
  gridId: string;
  communityId: string;
  ancestors: string[];
  status: RecordStatus;
  name: string;
  /** nameKey(name) + '\u0001' + _id: prefix search by range, and the cursor of a search. */
  nameSort: string;
  gender: 'male' | 'female';
  ethnicity: string;
  relation: string | null;
  /** Only the year is kept outside the sealed ID number (age statistics); see docs/architecture.md. */
  birthYear: number | null;
  idNumberEnc: string | null;
  idNumberHash: string | null;
  phoneEnc: string | null;
  phoneHash: string | null;
  residency: Residency;
  origin: string | null;
  arrivedAt: string | null;
  occupation: string | null;
  languages: string[];
  needs: string[];
  duplicate: boolean;
  /** The resident who claimed this member record with a claim code. */
  openid: string | null;
  claimHash: string | null;
  claimExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  movedOutAt?: Date;
  moveOutReason?: string;
}

export interface VisitDoc extends Doc {
  householdId: string;
  gridId: string;
  communityId: string;
  ancestors: string[];
  by: string;
  byName: string | null;
  at: Date;
  /** Time (ms, zero-padded) + '\u0001' + _id: newest first by a descending walk. */
  sortKey: string;
  notes: string;
  needs: string[];
  requestId: string | null;
}

export const HOUSEHOLD_NOT_FOUND = '住户不存在';

/** The household if the caller's scope covers it; otherwise NOT_FOUND, as if it did not exist. */
export async function householdInScope(caller: Caller, id: string): Promise<HouseholdDoc> {
  const household = await findById<HouseholdDoc>(COLLECTIONS.households, id);
  if (!household || !can(caller, SCOPE_ROLES, household.ancestors)) throw notFound(HOUSEHOLD_NOT_FOUND);
  return household;
}

/** Every member of a household (moved-out ones included), in registration order. */
export async function membersOf(householdId: string): Promise<MemberDoc[]> {
  const { data } = await db
    .collection(COLLECTIONS.householdMembers)
    .where({ householdId })
    .orderBy('createdAt', 'asc')
    .limit(100)
    .get();
  return data as MemberDoc[];
}

/**
 * Brings the household's derived fields (count, head, completeness, duplicate flag) in line with its members, in
 * one write together with `write` (the caller's own changes, already applied to `household`).
 */
export async function refreshHousehold(
  household: HouseholdDoc,
  members: MemberDoc[],
  write: Record<string, unknown> = {},
): Promise<HouseholdDoc> {
  const active = members.filter((m) => m.status === 'active');
  const head = active.find((m) => m.relation === 'head') ?? active[0];
  const derived = {
    memberCount: active.length,
    headName: head?.name ?? null,
    completeness: completenessOf(household.housing, members).score,
    duplicate: active.some((m) => m.duplicate),
    updatedAt: new Date(),
  };
  await db
    .collection(COLLECTIONS.households)
    .doc(household._id)
    .update({ data: { ...write, ...derived } });
  return { ...household, ...derived };
}

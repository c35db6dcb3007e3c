import type { HouseholdView } from '../../miniprogram/shared/api';
import { findById } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import type { Caller } from '../../backend/core/identity';
import type { OrgDoc } from '../../backend/core/orgs';
import { duplicateHits } from '../../backend/households/duplicates';
import { membersOf, type HouseholdDoc, type MemberDoc } from '../../backend/households/model';
import { toHouseholdView } from '../../backend/households/views';

/** The household as the caller sees it: members masked, duplicates told as far as the caller's scope reaches. */
export async function householdView(
  caller: Caller,
  household: HouseholdDoc,
  members?: MemberDoc[],
): Promise<HouseholdView> {
  const [all, grid] = await Promise.all([
    members ?? membersOf(household._id),
    findById<OrgDoc>(COLLECTIONS.orgs, household.gridId),
  ]);
  return toHouseholdView(household, all, grid, await duplicateHits(caller, all));
}

import type { HouseholdScanView } from '../../miniprogram/shared/api';
import { db, findById } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { notFound } from '../core/errors';
import { can } from '../core/identity';
import type { OrgDoc } from '../core/orgs';
import type { RequestContext } from '../core/router';
import { duplicateHits } from './duplicates';
import { SCOPE_ROLES, membersOf, type HouseholdDoc, type MemberDoc } from './model';
import { doorCard, toHouseholdCard, toHouseholdView } from './views';

/**
 * A scanned door code, by who scans it: the grid worker of the grid and staff or admins above it get the household
 * record (masked); a resident who claimed a member record of this household gets their household card; anyone
 * else gets the door card alone (address, grid, grid worker), never anything about the people living there.
 */
export async function householdScan(householdId: string, ctx: RequestContext): Promise<HouseholdScanView> {
  const household = await findById<HouseholdDoc>(COLLECTIONS.households, householdId);
  if (!household || household.status !== 'active') throw notFound('二维码无效或已更换');
  const [caller, grid] = await Promise.all([ctx.caller(), findById<OrgDoc>(COLLECTIONS.orgs, household.gridId)]);
  const view: HouseholdScanView['view'] = { public: doorCard(household, grid) };
  if (can(caller, SCOPE_ROLES, household.ancestors)) {
    const members = await membersOf(household._id);
    view.household = toHouseholdView(household, members, grid, await duplicateHits(caller, members));
  } else {
    const { data } = await db
      .collection(COLLECTIONS.householdMembers)
      .where({ openid: ctx.openid, status: 'active', householdId })
      .limit(1)
      .get();
    const self = data[0] as MemberDoc | undefined;
    if (self) view.card = toHouseholdCard(household, await membersOf(household._id), self, grid);
  }
  return { type: 'household', id: household._id, view };
}

import type * as v from 'valibot';
import { addressSortKey } from '../../miniprogram/shared/households';
import type { householdsSchemas } from '../../miniprogram/shared/schemas/households';
import { db } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { invalid } from '../core/errors';
import { createScene, type OrgDoc } from '../core/orgs';
import { countHouseholdChange } from '../stats/hooks';
import { refreshDuplicates } from './duplicates';
import { memberDoc } from './members';
import { completenessOf, type HouseholdDoc, type MemberDoc } from './model';

export type CreateInput = v.InferOutput<typeof householdsSchemas.create>;

export const addrKeyOf = (address: HouseholdDoc['address'], id: string) => `${addressSortKey(address)}\u0001${id}`;

/** The index of a member whose ID number repeats one registered before it in the same household. */
function repeatedIdNumber(hashes: (string | null)[]): number {
  return hashes.findIndex((h, i) => h !== null && hashes.indexOf(h) !== i);
}

/**
 * The write path of `households.create` (and of a ledger import): a new household, its door code and its members,
 * then the duplicate flags. A duplicate `_id` (a racing repeat) throws. Answers whether any duplicate flag changed.
 */
export async function writeHousehold(
  input: CreateInput,
  openid: string,
  grid: OrgDoc,
  _id: string,
): Promise<{ household: HouseholdDoc; members: MemberDoc[]; flagged: boolean }> {
  const now = new Date();
  const household: HouseholdDoc = {
    _id,
    gridId: grid._id,
    communityId: grid.parentId ?? grid._id,
    ancestors: grid.ancestors,
    address: input.address,
    addrKey: addrKeyOf(input.address, _id),
    housing: input.housing ?? null,
    tags: input.tags ?? [],
    status: 'active',
    scene: '',
    memberCount: 0,
    headName: null,
    completeness: 0,
    duplicate: false,
    visitCount: 0,
    lastVisitAt: null,
    createdBy: openid,
    createdAt: now,
    updatedAt: now,
  };
  // A millisecond apart, so that members list in the order they were entered.
  const members = input.members.map((m, i) => memberDoc(m, household, new Date(now.getTime() + i)));
  const repeated = repeatedIdNumber(members.map((m) => m.idNumberHash));
  if (repeated >= 0) throw invalid({ [`members.${repeated}.idNumber`]: '与同户其他成员的身份证号重复' });
  const head = members.find((m) => m.relation === 'head') ?? members[0];
  Object.assign(household, {
    memberCount: members.length,
    headName: head.name,
    completeness: completenessOf(household.housing, members).score,
  });
  await db.collection(COLLECTIONS.households).add({ data: household });
  household.scene = await createScene('household', _id);
  await db
    .collection(COLLECTIONS.households)
    .doc(_id)
    .update({ data: { scene: household.scene } });
  await db.collection(COLLECTIONS.householdMembers).add({ data: members as unknown as Record<string, unknown> });
  await countHouseholdChange(null, { household, members });
  const flagged = await refreshDuplicates(members.map((m) => m.idNumberHash));
  return { household, members, flagged };
}

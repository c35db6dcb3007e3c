import type { DuplicateHit } from '../../miniprogram/shared/api';
import { addressText } from '../../miniprogram/shared/households';
import { _, db } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { can, type Caller } from '../core/identity';
import { loadOrgs } from '../core/orgs';
import { SCOPE_ROLES, type HouseholdDoc, type MemberDoc } from './model';

/**
 * Duplicate detection by the keyed hash of the ID number: the same person registered in two households (moved
 * without being moved out, or registered twice). Every active member holding a hash that another active member
 * also holds is marked `duplicate`, and so is its household: the stored flags say "some other record holds this
 * number", wherever it is.
 *
 * What a caller is shown is narrower: a duplicate only where their scope covers the other record too, with where
 * it is. To anyone else a number registered elsewhere must look exactly like a number registered nowhere, or a
 * grid worker could learn whether any ID number is on file anywhere. So two records in two grids are flagged to a
 * reviewer over both (the community, street or district), and to neither grid worker. The stored flags only save
 * work: they pick the few members worth the lookup.
 */

/**
 * Re-marks the members holding each hash, and the households whose flag changed. Call after any write of a hash;
 * answers whether any flag changed (the caller then re-reads what it shows).
 */
export async function refreshDuplicates(hashes: (string | null | undefined)[]): Promise<boolean> {
  const wanted = [...new Set(hashes.filter((h): h is string => Boolean(h)))];
  if (wanted.length === 0) return false;
  const { data } = await db
    .collection(COLLECTIONS.householdMembers)
    .where({ idNumberHash: _.in(wanted), status: 'active' })
    .limit(100)
    .get();
  const holders = data as MemberDoc[];
  const count = new Map<string, number>();
  for (const m of holders) count.set(m.idNumberHash!, (count.get(m.idNumberHash!) ?? 0) + 1);
  const stale = holders.filter((m) => m.duplicate !== count.get(m.idNumberHash!)! > 1);
  for (const duplicate of [true, false]) {
    const ids = stale.filter((m) => !m.duplicate === duplicate).map((m) => m._id);
    if (ids.length)
      await db
        .collection(COLLECTIONS.householdMembers)
        .where({ _id: _.in(ids) })
        .update({ data: { duplicate } });
  }
  for (const householdId of new Set(stale.map((m) => m.householdId))) {
    const { total } = await db
      .collection(COLLECTIONS.householdMembers)
      .where({ householdId, status: 'active', duplicate: true })
      .count();
    await db
      .collection(COLLECTIONS.households)
      .doc(householdId)
      .update({ data: { duplicate: total > 0 } });
  }
  return stale.length > 0;
}

/** The other active records holding each flagged member's ID number that the caller's scope covers (one query). */
export async function visibleOthers(caller: Caller, members: MemberDoc[]): Promise<Map<string, MemberDoc[]>> {
  const out = new Map<string, MemberDoc[]>();
  const flagged = members.filter((m) => m.duplicate && m.status === 'active' && m.idNumberHash);
  if (flagged.length === 0) return out;
  const { data } = await db
    .collection(COLLECTIONS.householdMembers)
    .where({ idNumberHash: _.in([...new Set(flagged.map((m) => m.idNumberHash))]), status: 'active' })
    .limit(100)
    .get();
  const visible = (data as MemberDoc[]).filter((o) => can(caller, SCOPE_ROLES, o.ancestors));
  for (const m of flagged) {
    const others = visible.filter((o) => o._id !== m._id && o.idNumberHash === m.idNumberHash);
    if (others.length) out.set(m._id, others);
  }
  return out;
}

/**
 * For each member of a household that is a duplicate as this caller may see it, where the other records are:
 * household, member, grid and address. A member without an entry is shown as no duplicate at all.
 */
export async function duplicateHits(caller: Caller, members: MemberDoc[]): Promise<Map<string, DuplicateHit[]>> {
  const out = new Map<string, DuplicateHit[]>();
  const othersOf = await visibleOthers(caller, members);
  if (othersOf.size === 0) return out;
  const visible = [...othersOf.values()].flat();
  const householdIds = [...new Set(visible.map((o) => o.householdId))];
  const [households, grids] = await Promise.all([
    db
      .collection(COLLECTIONS.households)
      .where({ _id: _.in(householdIds) })
      .limit(householdIds.length)
      .get(),
    loadOrgs(visible.map((o) => o.gridId)),
  ]);
  const byId = new Map((households.data as HouseholdDoc[]).map((h) => [h._id, h]));
  for (const [memberId, others] of othersOf) {
    out.set(
      memberId,
      others.map((o) => {
        const h = byId.get(o.householdId);
        const hit: DuplicateHit = { inYourScope: true, householdId: o.householdId, memberId: o._id };
        const grid = grids.get(o.gridId);
        if (grid) hit.gridName = grid.name;
        if (h) hit.addressText = addressText(h.address);
        return hit;
      }),
    );
  }
  return out;
}

/**
 * Of a page of households, those holding a duplicate this caller may see (for the flag in lists): two queries,
 * and only when the page holds a household flagged in storage.
 */
export async function visibleDuplicateHouseholds(caller: Caller, households: HouseholdDoc[]): Promise<Set<string>> {
  const ids = households.filter((h) => h.duplicate).map((h) => h._id);
  if (ids.length === 0) return new Set();
  const { data } = await db
    .collection(COLLECTIONS.householdMembers)
    .where({ householdId: _.in(ids), status: 'active', duplicate: true })
    .limit(100)
    .get();
  const flagged = data as MemberDoc[];
  const othersOf = await visibleOthers(caller, flagged);
  return new Set(flagged.filter((m) => othersOf.has(m._id)).map((m) => m.householdId));
}

import type { DuplicateHit } from '../../miniprogram/shared/api';
import { addressText } from '../../miniprogram/shared/households';
import { _, db } from '../core/cloud';
import { can, type Caller } from '../core/identity';
import { loadOrgs } from '../core/orgs';
import { HOUSEHOLDS, MEMBERS, SCOPE_ROLES, type HouseholdDoc, type MemberDoc } from './model';

/**
 * Duplicate detection by the keyed hash of the ID number: the same person registered in two households (moved
 * without being moved out, or registered twice). Every active member holding a hash that another active member
 * also holds is marked `duplicate`, and so is its household, so each grid worker sees the flag in their own list.
 * Who the other record is — household, grid, address — is told only to a caller whose scope covers it.
 */

/**
 * Re-marks the members holding each hash, and the households whose flag changed. Call after any write of a hash;
 * answers whether any flag changed (the caller then re-reads what it shows).
 */
export async function refreshDuplicates(hashes: (string | null | undefined)[]): Promise<boolean> {
  const wanted = [...new Set(hashes.filter((h): h is string => Boolean(h)))];
  if (wanted.length === 0) return false;
  const { data } = await db
    .collection(MEMBERS)
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
        .collection(MEMBERS)
        .where({ _id: _.in(ids) })
        .update({ data: { duplicate } });
  }
  for (const householdId of new Set(stale.map((m) => m.householdId))) {
    const { total } = await db.collection(MEMBERS).where({ householdId, status: 'active', duplicate: true }).count();
    await db
      .collection(HOUSEHOLDS)
      .doc(householdId)
      .update({ data: { duplicate: total > 0 } });
  }
  return stale.length > 0;
}

/**
 * For each flagged member of a household, the other records holding the same ID number, as this caller may see
 * them: `{ inYourScope: false }` alone for a record outside their scope.
 */
export async function duplicateHits(caller: Caller, members: MemberDoc[]): Promise<Map<string, DuplicateHit[]>> {
  const out = new Map<string, DuplicateHit[]>();
  const flagged = members.filter((m) => m.duplicate && m.status === 'active' && m.idNumberHash);
  if (flagged.length === 0) return out;
  const { data } = await db
    .collection(MEMBERS)
    .where({ idNumberHash: _.in(flagged.map((m) => m.idNumberHash)), status: 'active' })
    .limit(100)
    .get();
  const others = (data as MemberDoc[]).filter((o) => !flagged.some((m) => m._id === o._id));
  const visible = others.filter((o) => can(caller, SCOPE_ROLES, o.ancestors));
  const householdIds = [...new Set(visible.map((o) => o.householdId))];
  const [households, grids] = await Promise.all([
    householdIds.length
      ? db
          .collection(HOUSEHOLDS)
          .where({ _id: _.in(householdIds) })
          .limit(householdIds.length)
          .get()
      : Promise.resolve({ data: [] }),
    loadOrgs(visible.map((o) => o.gridId)),
  ]);
  const byId = new Map((households.data as HouseholdDoc[]).map((h) => [h._id, h]));
  for (const m of flagged) {
    const hits: DuplicateHit[] = others
      .filter((o) => o.idNumberHash === m.idNumberHash)
      .map((o) => {
        if (!visible.includes(o)) return { inYourScope: false };
        const h = byId.get(o.householdId);
        const hit: DuplicateHit = { inYourScope: true, householdId: o.householdId, memberId: o._id };
        const grid = grids.get(o.gridId);
        if (grid) hit.gridName = grid.name;
        if (h) hit.addressText = addressText(h.address);
        return hit;
      });
    out.set(m._id, hits);
  }
  return out;
}

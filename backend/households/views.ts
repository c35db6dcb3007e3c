import type {
  DoorCard,
  DuplicateHit,
  GridWorkerCard,
  HouseholdCard,
  HouseholdSummary,
  HouseholdView,
  MemberView,
} from '../../miniprogram/shared/api';
import type { RequestCategory } from '../../miniprogram/shared/categories';
import { ethnicityName, type EthnicityCode } from '../../miniprogram/shared/ethnicity';
import { addressText, type Gender, type Relation } from '../../miniprogram/shared/households';
import { maskIdNumber, maskPhone } from '../../miniprogram/shared/mask';
import type { OrgDoc } from '../core/orgs';
import { decrypt } from '../core/pii';
import { toIso } from '../core/time';
import { completenessOf, type HouseholdDoc, type MemberDoc } from './model';
import { householdCan, memberCan } from './rules';

/** A grid's public card: its grid worker's name and phone, as printed on the notice board at the door. */
export function gridWorkerCard(grid: OrgDoc | undefined): GridWorkerCard | undefined {
  const c = grid?.contact;
  return c?.name && c.phone ? { name: c.name, phone: c.phone } : undefined;
}

/** What anyone who scans a door code sees: the address and whom to call. Nothing about who lives there. */
export function doorCard(h: HouseholdDoc, grid: OrgDoc | undefined): DoorCard {
  const card: DoorCard = { address: addressText(h.address), gridId: h.gridId, gridName: grid?.name ?? '' };
  const worker = gridWorkerCard(grid);
  if (worker) card.gridWorker = worker;
  return card;
}

/** A household in a list; `duplicate` as the caller may see it (./duplicates.ts), never the stored flag alone. */
export function toSummary(h: HouseholdDoc, grid: OrgDoc | undefined, duplicate: boolean): HouseholdSummary {
  const s: HouseholdSummary = {
    id: h._id,
    gridId: h.gridId,
    address: h.address,
    addressText: addressText(h.address),
    tags: h.tags as HouseholdSummary['tags'],
    memberCount: h.memberCount,
    completeness: h.completeness,
    duplicate,
    status: h.status,
  };
  if (grid) s.gridName = grid.name;
  if (h.housing) s.housing = h.housing as HouseholdSummary['housing'];
  if (h.headName) s.headName = h.headName;
  if (h.lastVisitAt) s.lastVisitAt = toIso(h.lastVisitAt);
  return s;
}

/**
 * A member of household `h` as scope holders see it: ID number and phone masked, birth date reduced to the year,
 * and what they may do with it (./rules.ts). `duplicate` is the caller's view (the other records they may see:
 * ./duplicates.ts), not the stored flag.
 */
export function toMemberView(m: MemberDoc, h: HouseholdDoc, duplicates?: DuplicateHit[]): MemberView {
  const view: MemberView = {
    memberId: m._id,
    name: m.name,
    gender: m.gender as Gender,
    ethnicity: m.ethnicity as EthnicityCode,
    ethnicityName: ethnicityName(m.ethnicity),
    residency: m.residency,
    languages: m.languages,
    needs: m.needs as RequestCategory[],
    status: m.status,
    linked: Boolean(m.openid),
    duplicate: Boolean(duplicates?.length),
    can: memberCan(h, m),
  };
  if (m.relation) view.relation = m.relation as Relation;
  if (m.birthYear) view.birthYear = m.birthYear;
  if (m.idNumberEnc) view.idNumber = maskIdNumber(decrypt(m.idNumberEnc));
  if (m.phoneEnc) view.phone = maskPhone(decrypt(m.phoneEnc));
  if (m.origin) view.origin = m.origin;
  if (m.arrivedAt) view.arrivedAt = m.arrivedAt;
  if (m.occupation) view.occupation = m.occupation;
  if (m.movedOutAt) view.movedOutAt = toIso(m.movedOutAt);
  if (m.moveOutReason) view.moveOutReason = m.moveOutReason;
  if (duplicates?.length) view.duplicates = duplicates;
  return view;
}

export function toHouseholdView(
  h: HouseholdDoc,
  members: MemberDoc[],
  grid: OrgDoc | undefined,
  duplicates: Map<string, DuplicateHit[]>,
): HouseholdView {
  const { missing } = completenessOf(h.housing, members);
  const view: HouseholdView = {
    // From the members just read: flags may have changed since the household document was loaded.
    ...toSummary(
      h,
      grid,
      members.some((m) => m.status === 'active' && Boolean(duplicates.get(m._id)?.length)),
    ),
    communityId: h.communityId,
    scene: h.scene,
    members: members.map((m) => toMemberView(m, h, duplicates.get(m._id))),
    missing,
    visitCount: h.visitCount,
    createdAt: toIso(h.createdAt),
    updatedAt: toIso(h.updatedAt),
    can: householdCan(h, members),
  };
  const worker = gridWorkerCard(grid);
  if (worker) view.gridWorker = worker;
  if (h.movedOutAt) view.movedOutAt = toIso(h.movedOutAt);
  if (h.moveOutReason) view.moveOutReason = h.moveOutReason;
  return view;
}

/**
 * The household card of a resident who claimed a member record: the household's address and grid worker, who is
 * registered with them (names only), and their own record, masked. Other members' numbers are not shown.
 */
export function toHouseholdCard(
  h: HouseholdDoc,
  members: MemberDoc[],
  self: MemberDoc,
  grid: OrgDoc | undefined,
): HouseholdCard {
  const active = members.filter((m) => m.status === 'active');
  const me = toMemberView(self, h);
  const card: HouseholdCard = {
    id: h._id,
    ...doorCard(h, grid),
    members: active.map((m) => {
      const item: HouseholdCard['members'][number] = {
        memberId: m._id,
        name: m.name,
        ethnicityName: ethnicityName(m.ethnicity),
        self: m._id === self._id,
      };
      if (m.relation) item.relation = m.relation as Relation;
      return item;
    }),
    me: {
      memberId: me.memberId,
      name: me.name,
      ethnicityName: me.ethnicityName,
      residency: me.residency,
      needs: me.needs,
    },
  };
  if (me.idNumber) card.me.idNumber = me.idNumber;
  if (me.phone) card.me.phone = me.phone;
  return card;
}

import type { GridWorkerCard } from './api';
import type { RequestCategory } from './categories';
import type { EthnicityCode } from './ethnicity';
import type { Address, Gender, HouseholdTag, HousingType, MissingFact, Relation, Residency } from './households';

/** What the households function answers (re-exported by api.ts). Personal numbers are always masked here. */

/** Another record holding the same ID number, as the caller may see it. */
export interface DuplicateHit {
  inYourScope: boolean;
  /** Only when the other record is inside the caller's scope. */
  householdId?: string;
  memberId?: string;
  gridName?: string;
  addressText?: string;
}

/**
 * What the caller may do with a member now, computed by the server with the rules its actions enforce:
 * `households.updateMember`, `moveOut` (with this `memberId`), `claimCode`, and `reveal` of each number.
 */
export interface MemberCan {
  update: boolean;
  moveOut: boolean;
  claimCode: boolean;
  revealIdNumber: boolean;
  revealPhone: boolean;
}

export interface MemberView {
  memberId: string;
  name: string;
  gender: Gender;
  ethnicity: EthnicityCode;
  ethnicityName: string;
  relation?: Relation;
  birthYear?: number;
  /** Masked: 530102********1234; `reveal` gives the full value. */
  idNumber?: string;
  /** Masked: 138****5678. */
  phone?: string;
  residency: Residency;
  origin?: string;
  arrivedAt?: string;
  occupation?: string;
  languages: string[];
  needs: RequestCategory[];
  status: 'active' | 'moved_out';
  movedOutAt?: string;
  moveOutReason?: string;
  /** A resident has claimed this record. */
  linked: boolean;
  /** The same ID number is registered in another household. */
  duplicate: boolean;
  duplicates?: DuplicateHit[];
  can: MemberCan;
}

export interface HouseholdSummary {
  id: string;
  gridId: string;
  gridName?: string;
  address: Address;
  addressText: string;
  housing?: HousingType;
  tags: HouseholdTag[];
  memberCount: number;
  headName?: string;
  /** 0..100 */
  completeness: number;
  duplicate: boolean;
  lastVisitAt?: string;
  status: 'active' | 'moved_out';
}

export interface HouseholdListItem extends HouseholdSummary {
  /** The member a name search matched (a household appears once per matching member). */
  match?: { memberId: string; name: string };
}

/**
 * What the caller may do with a household now (whoever sees the record is in its scope): `households.update`,
 * `addMember`, `moveOut` (the whole household), `transfer`, `addVisit`, and `qr.rotate` of its door code
 * (`rotateCode`). Computed by the server with the rules the actions enforce; input checks and rate limits still apply.
 */
export interface HouseholdCan {
  update: boolean;
  addMember: boolean;
  moveOut: boolean;
  transfer: boolean;
  addVisit: boolean;
  rotateCode: boolean;
}

export interface HouseholdView extends HouseholdSummary {
  communityId: string;
  /** The door code's current scene. */
  scene: string;
  members: MemberView[];
  missing: MissingFact[];
  visitCount: number;
  gridWorker?: GridWorkerCard;
  createdAt: string;
  updatedAt: string;
  movedOutAt?: string;
  moveOutReason?: string;
  can: HouseholdCan;
}

/** A door code as anyone sees it: the address and the grid worker's card, nothing about who lives there. */
export interface DoorCard {
  address: string;
  /** The grid is public (its code hangs on the notice board): a request can be filed to it from the door. */
  gridId: string;
  gridName: string;
  gridWorker?: GridWorkerCard;
}

/** A resident's own household, once they have claimed their member record. */
export interface HouseholdCard extends DoorCard {
  id: string;
  members: { memberId: string; name: string; relation?: Relation; ethnicityName: string; self: boolean }[];
  me: {
    memberId: string;
    name: string;
    ethnicityName: string;
    residency: Residency;
    idNumber?: string;
    phone?: string;
    needs: RequestCategory[];
  };
}

export interface VisitView {
  id: string;
  at: string;
  byName?: string;
  mine: boolean;
  notes: string;
  needs: RequestCategory[];
  requestId?: string;
}

export type HouseholdScanView = {
  type: 'household';
  id: string;
  /** `public` always; `household` for the grid worker and staff in scope; `card` for a member who claimed it. */
  view: { public: DoorCard; household?: HouseholdView; card?: HouseholdCard };
};

import type { HouseholdCan, MemberCan } from '../../miniprogram/shared/api';
import { MAX_MEMBERS } from '../../miniprogram/shared/households';
import { notFound, precondition } from '../core/errors';
import { judge, type Refusal } from '../core/rules';
import type { HouseholdDoc, MemberDoc } from './model';

/**
 * The rules of the registry's actions on a household the caller sees: whoever sees it is in its scope (the grid
 * worker of its grid, staff and admins above it; anyone else gets NOT_FOUND before any rule), so what remains is
 * the record's state. A household that moved out keeps its record (readable, revealable) but takes no changes.
 */

/** The household still lives here: anything that changes it needs this. */
export function householdActive(h: Pick<HouseholdDoc, 'status'>): Refusal {
  return h.status === 'active' ? undefined : precondition('HOUSEHOLD_MOVED_OUT', '该住户已迁出');
}

function memberActive(m: Pick<MemberDoc, 'status'>): Refusal {
  return m.status === 'active' ? undefined : precondition('MEMBER_MOVED_OUT', '该成员已迁出');
}

/** Household-level rules; `members` are the household's members (moved-out ones included). */
export const householdRules = {
  update: (h: HouseholdDoc): Refusal => householdActive(h),
  addMember: (h: HouseholdDoc, members: MemberDoc[]): Refusal =>
    householdActive(h) ??
    (members.filter((m) => m.status === 'active').length >= MAX_MEMBERS
      ? precondition('TOO_MANY_MEMBERS', `每户最多登记 ${MAX_MEMBERS} 位成员`)
      : undefined),
  /** The whole household leaves (`moveOut` without a member). */
  moveOut: (h: HouseholdDoc): Refusal => householdActive(h),
  transfer: (h: HouseholdDoc): Refusal => householdActive(h),
  addVisit: (h: HouseholdDoc): Refusal => householdActive(h),
  /** `qr.rotate` of the door code: a household that moved out has no code any more. */
  rotateCode: (h: HouseholdDoc): Refusal => householdActive(h),
} satisfies Record<keyof HouseholdCan, (h: HouseholdDoc, members: MemberDoc[]) => Refusal>;

/** Member-level rules (the member found in this household). */
export const memberRules = {
  update: (h: HouseholdDoc, m: MemberDoc): Refusal => householdActive(h) ?? memberActive(m),
  moveOut: (h: HouseholdDoc, m: MemberDoc): Refusal => householdActive(h) ?? memberActive(m),
  /** The code a resident claims their record with: for a member still living here. */
  claimCode: (_h: HouseholdDoc, m: MemberDoc): Refusal => (m.status === 'active' ? undefined : notFound('成员不存在')),
  revealIdNumber: (_h: HouseholdDoc, m: MemberDoc): Refusal =>
    m.idNumberEnc ? undefined : notFound('该成员未登记身份证号'),
  revealPhone: (_h: HouseholdDoc, m: MemberDoc): Refusal => (m.phoneEnc ? undefined : notFound('该成员未登记电话')),
} satisfies Record<keyof MemberCan, (h: HouseholdDoc, m: MemberDoc) => Refusal>;

export function householdCan(h: HouseholdDoc, members: MemberDoc[]): HouseholdCan {
  return judge(householdRules, h, members);
}

export function memberCan(h: HouseholdDoc, m: MemberDoc): MemberCan {
  return judge(memberRules, h, m);
}

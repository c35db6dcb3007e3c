import crypto from 'node:crypto';
import { nameKey } from '../../miniprogram/shared/households';
import { normalizeIdNumber, parseIdNumber } from '../../miniprogram/shared/idcard';
import type { householdsSchemas } from '../../miniprogram/shared/schemas/households';
import type * as v from 'valibot';
import { blindIndex, encrypt } from '../core/pii';
import type { HouseholdDoc, MemberDoc } from './model';

export type MemberInput = v.InferOutput<typeof householdsSchemas.addMember>['member'];
export type MemberPatch = v.InferOutput<typeof householdsSchemas.updateMember>['member'];

export function newId(): string {
  return crypto.randomBytes(16).toString('hex');
}

export const nameSortOf = (name: string, id: string) => `${nameKey(name)}\u0001${id}`;

/** The sealed forms of an ID number: AES-GCM ciphertext (with its key id) and the keyed hash for duplicate search. */
export function sealIdNumber(idNumber: string): { idNumberEnc: string; idNumberHash: string } {
  const normalized = normalizeIdNumber(idNumber);
  return { idNumberEnc: encrypt(normalized), idNumberHash: blindIndex(`id:${normalized}`) };
}

export function sealPhone(phone: string): { phoneEnc: string; phoneHash: string } {
  return { phoneEnc: encrypt(phone), phoneHash: blindIndex(`phone:${phone}`) };
}

/** Birth year: from the ID number when there is one (it wins: the schema has checked they agree), else from the date. */
export function birthYearOf(idNumber: string | undefined, birthDate: string | undefined): number | null {
  const fromId = idNumber ? parseIdNumber(idNumber)?.birthDate : undefined;
  const date = fromId ?? birthDate;
  return date ? Number(date.slice(0, 4)) : null;
}

/** A new member document; personal numbers only ever stored sealed. */
export function memberDoc(input: MemberInput, household: HouseholdDoc, now: Date): MemberDoc {
  const _id = newId();
  return {
    _id,
    householdId: household._id,
    gridId: household.gridId,
    communityId: household.communityId,
    ancestors: household.ancestors,
    status: 'active',
    name: input.name,
    nameSort: nameSortOf(input.name, _id),
    gender: input.gender,
    ethnicity: input.ethnicity,
    relation: input.relation ?? null,
    birthYear: birthYearOf(input.idNumber, input.birthDate),
    ...(input.idNumber ? sealIdNumber(input.idNumber) : { idNumberEnc: null, idNumberHash: null }),
    ...(input.phone ? sealPhone(input.phone) : { phoneEnc: null, phoneHash: null }),
    residency: input.residency,
    origin: input.origin || null,
    arrivedAt: input.arrivedAt ?? null,
    occupation: input.occupation || null,
    languages: input.languages ?? [],
    needs: input.needs ?? [],
    duplicate: false,
    openid: null,
    claimHash: null,
    claimExpiresAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** The fields a patch changes ('' removes an optional value); ID number and phone are re-sealed. */
export function memberChanges(patch: MemberPatch, current: MemberDoc): Partial<MemberDoc> {
  const set: Partial<MemberDoc> = {};
  if (patch.name !== undefined) Object.assign(set, { name: patch.name, nameSort: nameSortOf(patch.name, current._id) });
  if (patch.gender !== undefined) set.gender = patch.gender;
  if (patch.ethnicity !== undefined) set.ethnicity = patch.ethnicity;
  if (patch.relation !== undefined) set.relation = patch.relation || null;
  if (patch.idNumber !== undefined)
    Object.assign(set, patch.idNumber ? sealIdNumber(patch.idNumber) : { idNumberEnc: null, idNumberHash: null });
  if (patch.phone !== undefined)
    Object.assign(set, patch.phone ? sealPhone(patch.phone) : { phoneEnc: null, phoneHash: null });
  if (patch.idNumber) set.birthYear = birthYearOf(patch.idNumber, undefined);
  else if (patch.birthDate) set.birthYear = birthYearOf(undefined, patch.birthDate);
  else if (patch.birthDate === '' && !(current.idNumberEnc && patch.idNumber !== '')) set.birthYear = null;
  if (patch.residency !== undefined) set.residency = patch.residency;
  if (patch.origin !== undefined) set.origin = patch.origin || null;
  if (patch.arrivedAt !== undefined) set.arrivedAt = patch.arrivedAt || null;
  if (patch.occupation !== undefined) set.occupation = patch.occupation || null;
  if (patch.languages !== undefined) set.languages = patch.languages;
  if (patch.needs !== undefined) set.needs = patch.needs;
  return set;
}

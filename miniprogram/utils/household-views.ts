import type { DuplicateHit, HouseholdListItem, MemberCan, MemberView, ReqOf, VisitView } from '../shared/api';
import { REQUEST_CATEGORIES, categoryLabel } from '../shared/categories';
import { ETHNICITIES, ethnicityName } from '../shared/ethnicity';
import {
  GENDERS,
  HOUSEHOLD_TAGS,
  HOUSING_TYPES,
  LANGUAGE_SUGGESTIONS,
  RELATIONS,
  RESIDENCIES,
  labelOf,
} from '../shared/households';
import { normalizeIdNumber, parseIdNumber } from '../shared/idcard';
import { formatTime } from './format';

export const ETHNICITY_OPTIONS = ETHNICITIES.map((e) => ({ value: e.code, label: `${e.code} ${e.name}` }));
export const RELATION_OPTIONS = RELATIONS.map(({ value, label }) => ({ value, label }));
export const HOUSING_OPTIONS = HOUSING_TYPES.map(({ value, label }) => ({ value, label }));
export const TAG_OPTIONS = HOUSEHOLD_TAGS.map(({ value, label }) => ({ value, label }));
export const GENDER_OPTIONS = GENDERS.map(({ value, label }) => ({ value, label }));
export const RESIDENCY_OPTIONS = RESIDENCIES.map(({ value, label }) => ({ value, label }));
export const LANGUAGE_OPTIONS = LANGUAGE_SUGGESTIONS.map((l) => ({ value: l, label: l }));
export const NEED_OPTIONS = REQUEST_CATEGORIES.map(({ value, label }) => ({ value, label }));

export const tagLabel = (tag: string) => labelOf(HOUSEHOLD_TAGS, tag);

/**
 * Completeness as the status of a TDesign progress bar: the ✓ only when nothing is missing (a score rounds to 100
 * only then: a household has far fewer than 200 facts), a warning while something is still to be filled in, an
 * error when most of it is.
 */
export function completenessStatus(score: number): 'success' | 'warning' | 'error' {
  if (score >= 100) return 'success';
  return score >= 60 ? 'warning' : 'error';
}

/** A member being entered: strings for every field, so that a form can bind them as they are typed. */
export interface MemberDraft {
  /** Set for a member already registered. */
  memberId: string;
  name: string;
  gender: string;
  ethnicity: string;
  relation: string;
  idNumber: string;
  birthDate: string;
  phone: string;
  residency: string;
  origin: string;
  arrivedAt: string;
  occupation: string;
  languages: string[];
  needs: string[];
  /** Masked values of a registered member: a field left blank keeps them. */
  maskedIdNumber: string;
  maskedPhone: string;
  /** Shown under the ID number once it filled birth date and gender. */
  idHint: string;
}

export function emptyMember(): MemberDraft {
  return {
    memberId: '',
    name: '',
    gender: '',
    ethnicity: '',
    relation: '',
    idNumber: '',
    birthDate: '',
    phone: '',
    residency: '',
    origin: '',
    arrivedAt: '',
    occupation: '',
    languages: [],
    needs: [],
    maskedIdNumber: '',
    maskedPhone: '',
    idHint: '',
  };
}

/** A registered member as the edit form starts: numbers are not sent to the client, only their masks. */
export function draftFromView(m: MemberView): MemberDraft {
  return {
    ...emptyMember(),
    memberId: m.memberId,
    name: m.name,
    gender: m.gender,
    ethnicity: m.ethnicity,
    relation: m.relation ?? '',
    residency: m.residency,
    origin: m.origin ?? '',
    arrivedAt: m.arrivedAt ?? '',
    occupation: m.occupation ?? '',
    languages: [...m.languages],
    needs: [...m.needs],
    maskedIdNumber: m.idNumber ?? '',
    maskedPhone: m.phone ?? '',
  };
}

/** The draft with a typed ID number; a valid one fills in birth date and gender (the cloud checks they agree). */
export function withIdNumber(draft: MemberDraft, raw: string): MemberDraft {
  const idNumber = normalizeIdNumber(raw);
  const facts = idNumber.length === 18 ? parseIdNumber(idNumber) : undefined;
  if (!facts) return { ...draft, idNumber, idHint: '' };
  return {
    ...draft,
    idNumber,
    birthDate: facts.birthDate,
    gender: facts.gender,
    idHint: '已按身份证号填写出生日期和性别',
  };
}

type Member = ReqOf<'households', 'addMember'>['member'];

/** The member as the cloud takes it: blank optional fields left out. */
export function memberInput(d: MemberDraft): Member {
  const out: Record<string, unknown> = {
    name: d.name,
    gender: d.gender,
    ethnicity: d.ethnicity,
    residency: d.residency,
  };
  const optional = {
    relation: d.relation,
    idNumber: d.idNumber,
    birthDate: d.birthDate,
    phone: d.phone,
    occupation: d.occupation,
  };
  for (const [k, value] of Object.entries(optional)) if (value.trim()) out[k] = value.trim();
  if (d.residency === 'floating') {
    if (d.origin.trim()) out.origin = d.origin.trim();
    if (d.arrivedAt) out.arrivedAt = d.arrivedAt;
  }
  if (d.languages.length) out.languages = d.languages;
  if (d.needs.length) out.needs = d.needs;
  return out as Member;
}

/**
 * What changed in a registered member's draft: ID number and phone only when something was typed (blank keeps the
 * sealed value), other text fields sent as '' when cleared.
 */
export function memberPatch(d: MemberDraft, before: MemberDraft): ReqOf<'households', 'updateMember'>['member'] {
  const out: Record<string, unknown> = {};
  const text = ['name', 'gender', 'ethnicity', 'relation', 'residency', 'origin', 'arrivedAt', 'occupation'] as const;
  for (const k of text) if (d[k].trim() !== before[k].trim()) out[k] = d[k].trim();
  if (d.idNumber.trim()) out.idNumber = d.idNumber.trim();
  if (d.birthDate) out.birthDate = d.birthDate;
  if (d.phone.trim()) out.phone = d.phone.trim();
  if (d.languages.join() !== before.languages.join()) out.languages = d.languages;
  if (d.needs.join() !== before.needs.join()) out.needs = d.needs;
  return out as ReqOf<'households', 'updateMember'>['member'];
}

/** Field messages of the cloud or of the shared schema under `prefix` (`members.0`, `member`), by field. */
export function errorsUnder(errors: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key.startsWith(`${prefix}.`)) {
      const field = key.slice(prefix.length + 1).split('.')[0];
      if (!out[field]) out[field] = message;
    }
  }
  return out;
}

export interface HouseholdItem {
  id: string;
  addressText: string;
  people: string;
  tags: string[];
  completeness: number;
  completenessStatus: string;
  duplicate: boolean;
  match: string;
  visited: string;
}

/** A row of the grid's household list. */
export function householdItem(h: HouseholdListItem): HouseholdItem {
  return {
    id: h.id,
    addressText: h.addressText,
    people: h.headName ? `${h.headName}${h.memberCount > 1 ? ` 等 ${h.memberCount} 人` : ''}` : `${h.memberCount} 人`,
    tags: h.tags.map(tagLabel),
    completeness: h.completeness,
    completenessStatus: completenessStatus(h.completeness),
    duplicate: h.duplicate,
    match: h.match ? h.match.name : '',
    visited: h.lastVisitAt ? `最近走访 ${formatTime(h.lastVisitAt)}` : '尚未走访',
  };
}

/** One line of facts about a member: 女 · 回族 · 户主 · 1992年生 · 流动人口（昭通，2026-09-01 来） */
export function memberFacts(m: MemberView): string {
  const parts = [labelOf(GENDERS, m.gender), ethnicityName(m.ethnicity)];
  if (m.relation) parts.push(labelOf(RELATIONS, m.relation));
  if (m.birthYear) parts.push(`${m.birthYear}年生`);
  const residency = labelOf(RESIDENCIES, m.residency);
  const from = [m.origin, m.arrivedAt ? `${m.arrivedAt} 来` : ''].filter(Boolean).join('，');
  parts.push(from ? `${residency}（${from}）` : residency);
  return parts.join(' · ');
}

export const needsText = (needs: string[]) => needs.map(categoryLabel).join('、');
export const housingLabel = (housing?: string) => (housing ? labelOf(HOUSING_TYPES, housing) : '');

export interface MemberItem {
  memberId: string;
  name: string;
  facts: string;
  idNumber: string;
  phone: string;
  occupation: string;
  languages: string;
  needs: string;
  active: boolean;
  /** What the viewer may do with the member, as the server says. */
  can: MemberCan;
  /** Any of 修改, 认领码, 迁出 is offered. */
  acts: boolean;
  movedText: string;
  linked: boolean;
  duplicateText: string;
}

export interface VisitItem {
  id: string;
  at: string;
  byName: string;
  notes: string;
  needs: string;
  requestId: string;
}

/** What a grid worker is told about another record with the same ID number: where, only inside their scope. */
function duplicateText(hits: DuplicateHit[] | undefined): string {
  if (!hits?.length) return '';
  const inside = hits.filter((h) => h.inYourScope).map((h) => [h.gridName, h.addressText].filter(Boolean).join(' '));
  const outside = hits.length - inside.length;
  const parts = [];
  if (inside.length) parts.push(`也登记在：${inside.join('；')}`);
  if (outside) parts.push(`另有 ${outside} 处登记不在你的管辖范围，请联系社区核实`);
  return `身份证号重复：${parts.join('；')}`;
}

/** A member's card on 住户详情: masked numbers, facts, and the actions the server allows. */
export function memberItem(m: MemberView): MemberItem {
  return {
    memberId: m.memberId,
    name: m.name,
    facts: memberFacts(m),
    idNumber: m.idNumber ?? '',
    phone: m.phone ?? '',
    occupation: m.occupation ?? '',
    languages: m.languages.join('、'),
    needs: needsText(m.needs),
    active: m.status === 'active',
    can: m.can,
    acts: m.can.update || m.can.claimCode || m.can.moveOut,
    movedText: m.movedOutAt
      ? `已于 ${formatTime(m.movedOutAt)} 迁出${m.moveOutReason ? `：${m.moveOutReason}` : ''}`
      : '',
    linked: m.linked,
    duplicateText: duplicateText(m.duplicates),
  };
}

/** A visit of 住户详情. */
export function visitItem(v: VisitView): VisitItem {
  return {
    id: v.id,
    at: formatTime(v.at),
    byName: v.byName ?? '',
    notes: v.notes,
    needs: needsText(v.needs),
    requestId: v.requestId ?? '',
  };
}

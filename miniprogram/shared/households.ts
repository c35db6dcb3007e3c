/** The grid registry (网格化管理): households, members and what a complete record holds. */

export const HOUSEHOLD_TAGS = [
  { value: 'dibao', label: '低保户' },
  { value: 'tekun', label: '特困供养' },
  { value: 'disability', label: '残疾人家庭' },
  { value: 'elderly_alone', label: '独居老人' },
  { value: 'empty_nest', label: '空巢老人' },
  { value: 'left_behind_child', label: '留守儿童' },
  { value: 'hardship_child', label: '困境儿童' },
  { value: 'special_care', label: '优抚对象' },
  { value: 'key_attention', label: '重点关爱' },
] as const;
export type HouseholdTag = (typeof HOUSEHOLD_TAGS)[number]['value'];
export const HOUSEHOLD_TAG_VALUES = HOUSEHOLD_TAGS.map((t) => t.value) as [HouseholdTag, ...HouseholdTag[]];

export const HOUSING_TYPES = [
  { value: 'owned', label: '自有住房' },
  { value: 'rented', label: '租住' },
  { value: 'public_rental', label: '公租房/廉租房' },
  { value: 'dormitory', label: '单位宿舍' },
  { value: 'relatives', label: '借住亲友家' },
  { value: 'other', label: '其他' },
] as const;
export type HousingType = (typeof HOUSING_TYPES)[number]['value'];
export const HOUSING_TYPE_VALUES = HOUSING_TYPES.map((t) => t.value) as [HousingType, ...HousingType[]];

export const RELATIONS = [
  { value: 'head', label: '户主' },
  { value: 'spouse', label: '配偶' },
  { value: 'child', label: '子女' },
  { value: 'parent', label: '父母' },
  { value: 'sibling', label: '兄弟姐妹' },
  { value: 'grandchild', label: '孙子女' },
  { value: 'grandparent', label: '祖父母' },
  { value: 'other_relative', label: '其他亲属' },
  { value: 'cohabitant', label: '合租/同住' },
] as const;
export type Relation = (typeof RELATIONS)[number]['value'];
export const RELATION_VALUES = RELATIONS.map((r) => r.value) as [Relation, ...Relation[]];

export const RESIDENCIES = [
  { value: 'registered', label: '户籍人口' },
  { value: 'floating', label: '流动人口' },
] as const;
export type Residency = (typeof RESIDENCIES)[number]['value'];
export const RESIDENCY_VALUES = ['registered', 'floating'] as [Residency, Residency];

export const GENDERS = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' },
] as const;
export type Gender = (typeof GENDERS)[number]['value'];

/** Languages offered in the form; any other may be typed in. */
export const LANGUAGE_SUGGESTIONS = [
  '普通话',
  '云南方言',
  '彝语',
  '白语',
  '哈尼语',
  '傣语',
  '藏语',
  '维吾尔语',
  '壮语',
  '苗语',
  '纳西语',
  '景颇语',
  '傈僳语',
  '拉祜语',
  '佤语',
];

export const MAX_MEMBERS = 20;

export function labelOf(list: readonly { value: string; label: string }[], value: string): string {
  return list.find((x) => x.value === value)?.label ?? value;
}

export interface Address {
  /** 小区 */
  estate?: string;
  /** 楼栋 */
  building: string;
  /** 单元 */
  unit?: string;
  /** 门牌（室） */
  room: string;
}

/** `金色年华小区 3栋 2单元 301室`: a bare number gets its unit word, anything else is kept as typed. */
export function addressText(a: Address): string {
  const part = (value: string | undefined, word: string) => (!value ? '' : /^\d+$/.test(value) ? value + word : value);
  return [a.estate, part(a.building, '栋'), part(a.unit, '单元'), part(a.room, '室')].filter(Boolean).join(' ');
}

/** Sorts addresses the way a grid worker walks them: numbers inside each part compare as numbers (2栋 before 10栋). */
export function addressSortKey(a: Address): string {
  const pad = (s: string | undefined) => (s ?? '').trim().replace(/\d+/g, (d) => d.padStart(6, '0'));
  return [pad(a.estate), pad(a.building), pad(a.unit), pad(a.room)].join('\u0002');
}

/** The form of a name that search compares: no spaces or middle dots (阿依古丽·买买提), Latin letters lower-cased. */
export function nameKey(name: string): string {
  return name.replace(/[\s·•．.\u00b7\u30fb]/g, '').toLowerCase();
}

/**
 * Completeness: the facts a grid worker is asked to collect. Which of them count is configured per deployment
 * (the households function's HOUSEHOLD_REQUIRED_FACTS); each applicable fact counts once per household or once per
 * member still living there, and the score is the share that is present.
 */
export const COMPLETENESS_FACTS = {
  housing: { label: '住房类型', per: 'household' },
  contactPhone: { label: '至少一位成员的联系电话', per: 'household' },
  idNumber: { label: '身份证号', per: 'member' },
  phone: { label: '联系电话', per: 'member' },
  birthDate: { label: '出生日期', per: 'member' },
  origin: { label: '户籍地/来源地', per: 'floating member' },
  arrivedAt: { label: '来本地时间', per: 'floating member' },
  occupation: { label: '职业', per: 'member' },
  languages: { label: '使用语言', per: 'member' },
} as const;
export type CompletenessFact = keyof typeof COMPLETENESS_FACTS;
export const COMPLETENESS_FACT_KEYS = Object.keys(COMPLETENESS_FACTS) as CompletenessFact[];
export const DEFAULT_REQUIRED_FACTS: CompletenessFact[] = [
  'housing',
  'contactPhone',
  'idNumber',
  'origin',
  'arrivedAt',
  'occupation',
];

/** What completeness looks at: presence only, never the values. */
export interface MemberFacts {
  memberId: string;
  name: string;
  residency: Residency;
  idNumber: boolean;
  phone: boolean;
  birthDate: boolean;
  origin: boolean;
  arrivedAt: boolean;
  occupation: boolean;
  languages: boolean;
}

export interface MissingFact {
  fact: CompletenessFact;
  label: string;
  memberId?: string;
  name?: string;
}

export interface Completeness {
  /** 0..100 */
  score: number;
  missing: MissingFact[];
}

export function completeness(
  household: { housing?: string; members: MemberFacts[] },
  required: readonly CompletenessFact[],
): Completeness {
  let total = 0;
  const missing: MissingFact[] = [];
  for (const fact of required) {
    const def = COMPLETENESS_FACTS[fact];
    if (def.per === 'household') {
      total++;
      const ok = fact === 'housing' ? Boolean(household.housing) : household.members.some((m) => m.phone);
      if (!ok) missing.push({ fact, label: def.label });
      continue;
    }
    for (const m of household.members) {
      if (def.per === 'floating member' && m.residency !== 'floating') continue;
      total++;
      if (!m[fact as keyof Omit<MemberFacts, 'memberId' | 'name' | 'residency'>]) {
        missing.push({ fact, label: def.label, memberId: m.memberId, name: m.name });
      }
    }
  }
  return { score: total === 0 ? 100 : Math.round((100 * (total - missing.length)) / total), missing };
}

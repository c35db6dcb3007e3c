import * as v from 'valibot';
import { REQUEST_CATEGORY_VALUES } from '../categories';
import { ETHNICITY_CODES } from '../ethnicity';
import {
  HOUSEHOLD_TAG_VALUES,
  HOUSING_TYPE_VALUES,
  MAX_MEMBERS,
  RELATION_VALUES,
  RESIDENCY_VALUES,
} from '../households';
import { idNumberProblem, normalizeIdNumber, parseIdNumber } from '../idcard';
import { id, listParams, mobilePhone, optionalText, text } from './common';

/** A calendar date `YYYY-MM-DD`, not in the future. */
const pastDate = v.pipe(
  v.string('必须是文本'),
  v.trim(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD'),
  v.check((s) => {
    const [y, m, d] = s.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return y >= 1900 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && date.getTime() <= Date.now();
  }, '日期无效'),
);

/** An 18-digit ID number with a valid birth date and check character; the message says which part is wrong. */
const idNumber = v.pipe(
  v.string('必须是文本'),
  v.transform(normalizeIdNumber),
  v.rawCheck(({ dataset, addIssue }) => {
    const problem = dataset.typed ? idNumberProblem(dataset.value) : undefined;
    if (problem) addIssue({ message: problem });
  }),
);

/** An optional string field where '' removes the stored value (a string that is not '' keeps its own messages). */
const clearable = <S extends v.GenericSchema<string, string>>(schema: S) =>
  v.optional(v.union([v.literal(''), schema], '必须是文本'));

const languages = v.pipe(v.array(text(20), '必须是列表'), v.maxLength(8, '最多 8 种语言'));
const needs = v.pipe(
  v.array(v.picklist(REQUEST_CATEGORY_VALUES, '需求类别无效'), '必须是列表'),
  v.maxLength(13, '需求类别过多'),
);
const tags = v.pipe(
  v.array(v.picklist(HOUSEHOLD_TAG_VALUES, '标签无效'), '必须是列表'),
  v.maxLength(HOUSEHOLD_TAG_VALUES.length, '标签过多'),
);
const housing = v.picklist(HOUSING_TYPE_VALUES, '请选择住房类型');

export const address = v.strictObject({
  estate: optionalText(40),
  building: text(20),
  unit: optionalText(10),
  room: text(20),
});

/** Gender and birth date must agree with the ID number when both are given; messages go under the field. */
export function idMismatch(m: { idNumber?: string; gender?: string; birthDate?: string }): {
  gender?: string;
  birthDate?: string;
} {
  const facts = m.idNumber ? parseIdNumber(m.idNumber) : undefined;
  if (!facts) return {};
  const out: { gender?: string; birthDate?: string } = {};
  if (m.gender && m.gender !== facts.gender) out.gender = '性别与身份证号不符';
  if (m.birthDate && m.birthDate !== facts.birthDate) out.birthDate = '出生日期与身份证号不符';
  return out;
}

const memberEntries = {
  name: text(30),
  gender: v.picklist(['male', 'female'], '请选择性别'),
  ethnicity: v.picklist(ETHNICITY_CODES, '请按 GB/T 3304 选择民族'),
  relation: v.optional(v.picklist(RELATION_VALUES, '请选择与户主关系')),
  idNumber: v.optional(idNumber),
  birthDate: v.optional(pastDate),
  phone: v.optional(mobilePhone),
  residency: v.picklist(RESIDENCY_VALUES, '请选择户籍人口或流动人口'),
  origin: optionalText(60),
  arrivedAt: v.optional(pastDate),
  occupation: optionalText(30),
  languages: v.optional(languages),
  needs: v.optional(needs),
};

export const member = v.pipe(
  v.strictObject(memberEntries),
  v.forward(
    v.check((m) => !idMismatch(m).gender, '性别与身份证号不符'),
    ['gender'],
  ),
  v.forward(
    v.check((m) => !idMismatch(m).birthDate, '出生日期与身份证号不符'),
    ['birthDate'],
  ),
);

/** A change to a member: any field; '' removes an optional one. */
export const memberPatch = v.pipe(
  v.strictObject({
    name: v.optional(text(30)),
    gender: v.optional(memberEntries.gender),
    ethnicity: v.optional(memberEntries.ethnicity),
    relation: v.optional(v.union([v.literal(''), v.picklist(RELATION_VALUES)], '请选择与户主关系')),
    idNumber: clearable(idNumber),
    birthDate: clearable(pastDate),
    phone: clearable(mobilePhone),
    residency: v.optional(memberEntries.residency),
    origin: optionalText(60),
    arrivedAt: clearable(pastDate),
    occupation: optionalText(30),
    languages: v.optional(languages),
    needs: v.optional(needs),
  }),
  v.forward(
    v.check((m) => !idMismatch(m).gender, '性别与身份证号不符'),
    ['gender'],
  ),
  v.forward(
    v.check((m) => !idMismatch(m).birthDate, '出生日期与身份证号不符'),
    ['birthDate'],
  ),
);

const clientToken = v.optional(v.pipe(v.string('必须是文本'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '提交标识无效')));

/** A one-time code a grid worker hands to a resident so that they can claim their member record. */
export const claimCode = v.pipe(
  v.string('必须是文本'),
  v.trim(),
  v.toUpperCase(),
  v.regex(/^[A-HJ-NP-Z2-9]{8}$/, '认领码为 8 位字母或数字'),
);

export const householdsSchemas = {
  create: v.strictObject({
    gridId: id,
    address,
    housing: v.optional(housing),
    tags: v.optional(tags),
    members: v.pipe(
      v.array(member, '必须是列表'),
      v.minLength(1, '至少登记一位成员'),
      v.maxLength(MAX_MEMBERS, `最多 ${MAX_MEMBERS} 位成员`),
    ),
    clientToken,
  }),
  get: v.strictObject({ id }),
  list: v.pipe(
    v.strictObject({
      gridId: v.optional(id),
      orgId: v.optional(id),
      q: v.optional(text(30)),
      tag: v.optional(v.picklist(HOUSEHOLD_TAG_VALUES, '标签无效')),
      ...listParams,
    }),
    v.forward(
      v.check((i) => Boolean(i.gridId) !== Boolean(i.orgId), '请选择一个网格或社区'),
      ['gridId'],
    ),
  ),
  update: v.strictObject({
    id,
    address: v.optional(address),
    housing: v.optional(v.union([v.literal(''), housing], '请选择住房类型')),
    tags: v.optional(tags),
  }),
  addMember: v.strictObject({ id, member }),
  updateMember: v.strictObject({ id, memberId: id, member: memberPatch }),
  moveOut: v.strictObject({ id, memberId: v.optional(id), reason: text(200) }),
  transfer: v.strictObject({ id, toGridId: id, reason: text(200), address: v.optional(address) }),
  reveal: v.strictObject({
    id,
    memberId: id,
    field: v.picklist(['idNumber', 'phone'], '只能查看身份证号或电话'),
    reason: text(100, 2),
  }),
  addVisit: v.strictObject({
    id,
    notes: text(1000),
    needs: v.optional(needs),
    openRequest: v.optional(
      v.strictObject({
        category: v.picklist(REQUEST_CATEGORY_VALUES, '请选择诉求类别'),
        description: text(1000),
        memberId: v.optional(id),
      }),
    ),
  }),
  visits: v.strictObject({ id, ...listParams }),
  claimCode: v.strictObject({ id, memberId: id }),
  claim: v.strictObject({ code: claimCode }),
  mine: v.strictObject({}),
};

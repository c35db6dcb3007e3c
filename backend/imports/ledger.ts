import crypto from 'node:crypto';
import * as v from 'valibot';
import { ETHNICITIES } from '../../miniprogram/shared/ethnicity';
import {
  GENDERS,
  HOUSEHOLD_TAGS,
  HOUSING_TYPES,
  MAX_MEMBERS,
  RELATIONS,
  RESIDENCIES,
} from '../../miniprogram/shared/households';
import { normalizeIdNumber } from '../../miniprogram/shared/idcard';
import type { ImportProblem } from '../../miniprogram/shared/api';
import {
  address as addressSchema,
  householdsSchemas,
  member as memberSchema,
} from '../../miniprogram/shared/schemas/households';
import type { CreateInput } from '../households/register';
import type { SheetRow } from './sheet';

/** The ledger's columns, in this order (the contract: docs/api.md, `imports.template`). */
export const LEDGER_HEADERS = [
  '小区',
  '楼栋',
  '单元',
  '门牌',
  '住房类型',
  '与户主关系',
  '姓名',
  '性别',
  '民族',
  '身份证号',
  '手机号',
  '户籍类型',
  '籍贯',
  '来本地时间',
  '职业',
  '语言',
  '标签',
] as const;
export type LedgerHeader = (typeof LEDGER_HEADERS)[number];

/** Where a problem found by the household schemas is shown: the column it came from. */
const HEADER_OF: Record<string, LedgerHeader> = {
  estate: '小区',
  building: '楼栋',
  unit: '单元',
  room: '门牌',
  housing: '住房类型',
  tags: '标签',
  relation: '与户主关系',
  name: '姓名',
  gender: '性别',
  ethnicity: '民族',
  idNumber: '身份证号',
  birthDate: '身份证号',
  phone: '手机号',
  residency: '户籍类型',
  origin: '籍贯',
  arrivedAt: '来本地时间',
  occupation: '职业',
  languages: '语言',
};

/** Several values in one cell (tags, languages): `、` as the template says, commas and spaces tolerated. */
const splitList = (s: string) =>
  s
    .split(/[、,，;；\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

const byLabel = (list: readonly { value: string; label: string }[], label: string) =>
  list.find((x) => x.label === label)?.value;
const labels = (list: readonly { label: string }[]) => list.map((x) => x.label).join('、');

/** An ethnicity by its GB/T 3304 name (`回族`), its name without 族 (`回`), or its two-digit code. */
function ethnicityCode(text: string): string | undefined {
  return ETHNICITIES.find((e) => e.name === text || e.code === text || e.name === `${text}族`)?.code;
}

/** `2019/3/5`, `2019.3.5` and `2019-3-5` as `2019-03-05`; anything else is left for the schema to refuse. */
function normalizeDate(text: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : text;
}

interface ParsedRow {
  row: number;
  /** The address as written (trimmed): rows with the same one form one household. */
  key: string;
  address: Record<string, string>;
  housing?: string;
  tags: string[];
  member?: v.InferOutput<typeof memberSchema>;
  problems: ImportProblem[];
}

/** One row checked exactly as the household form checks a member and an address; labels become stored values. */
function parseRow({ row, cells }: SheetRow): ParsedRow {
  const cell = Object.fromEntries(LEDGER_HEADERS.map((h, i) => [h, cells[i] ?? ''])) as Record<LedgerHeader, string>;
  const problems: ImportProblem[] = [];
  const problem = (field: LedgerHeader, message: string) => {
    if (!problems.some((p) => p.field === field)) problems.push({ row, field, message });
  };
  const address = { estate: cell.小区, building: cell.楼栋, unit: cell.单元, room: cell.门牌 };
  const addr = v.safeParse(addressSchema, address);
  if (!addr.success) for (const i of addr.issues) problem(HEADER_OF[v.getDotPath(i) ?? 'room'] ?? '门牌', i.message);

  const housing = cell.住房类型 ? byLabel(HOUSING_TYPES, cell.住房类型) : undefined;
  if (cell.住房类型 && !housing) problem('住房类型', `住房类型应为：${labels(HOUSING_TYPES)}`);
  const tags = splitList(cell.标签).map((t) => byLabel(HOUSEHOLD_TAGS, t));
  if (tags.some((t) => !t)) problem('标签', `标签应为：${labels(HOUSEHOLD_TAGS)}，以“、”分隔`);

  const raw: Record<string, unknown> = {
    name: cell.姓名,
    gender: byLabel(GENDERS, cell.性别) ?? cell.性别,
    ethnicity: ethnicityCode(cell.民族) ?? cell.民族,
    residency: byLabel(RESIDENCIES, cell.户籍类型) ?? cell.户籍类型,
  };
  if (cell.与户主关系) raw.relation = byLabel(RELATIONS, cell.与户主关系) ?? cell.与户主关系;
  if (cell.身份证号) raw.idNumber = cell.身份证号;
  if (cell.手机号) raw.phone = cell.手机号;
  if (cell.籍贯) raw.origin = cell.籍贯;
  if (cell.来本地时间) raw.arrivedAt = normalizeDate(cell.来本地时间);
  if (cell.职业) raw.occupation = cell.职业;
  if (cell.语言) raw.languages = splitList(cell.语言);
  const parsed = v.safeParse(memberSchema, raw);
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const field = HEADER_OF[(v.getDotPath(issue) ?? '').split('.')[0]] ?? '姓名';
      // Picklist messages name the form's picker; a spreadsheet says which labels it takes.
      const message =
        field === '性别' && cell.性别 && !byLabel(GENDERS, cell.性别)
          ? '性别应为：男 或 女'
          : field === '户籍类型' && cell.户籍类型 && !byLabel(RESIDENCIES, cell.户籍类型)
            ? `户籍类型应为：${labels(RESIDENCIES)}`
            : field === '与户主关系' && !byLabel(RELATIONS, cell.与户主关系)
              ? `与户主关系应为：${labels(RELATIONS)}`
              : issue.message;
      problem(field, message);
    }
  }
  return {
    row,
    key: [address.estate, address.building, address.unit, address.room].join('\u0001'),
    address,
    ...(housing ? { housing } : {}),
    tags: tags.filter((t): t is string => Boolean(t)),
    ...(parsed.success ? { member: parsed.output } : {}),
    problems,
  };
}

export interface PlannedHousehold {
  /** The address key (what groups its rows). */
  key: string;
  /** The rows it is written from. */
  rows: number[];
  /** Exactly what `households.create` takes (checked by its schema). */
  input: CreateInput;
}

export interface LedgerPlan {
  rows: number;
  households: PlannedHousehold[];
  errors: ImportProblem[];
  /** Rows whose ID number an earlier written row already holds: not written. */
  inFile: number[];
  /** For each row to be written that has an ID number: its row number and normalized number. */
  idNumbers: { row: number; idNumber: string }[];
}

/**
 * The whole ledger checked and grouped into households, in file order. A household with any bad row is not written
 * at all (a partial household would be wrong, and the fixed rows are imported together later); a row repeating an
 * ID number of an earlier row that is written is left out on its own (that person is already in the file).
 */
export function planLedger(rows: SheetRow[], gridId: string): LedgerPlan {
  const parsed = rows.map(parseRow);
  const groups = new Map<string, ParsedRow[]>();
  for (const r of parsed) groups.set(r.key, [...(groups.get(r.key) ?? []), r]);
  const errors: ImportProblem[] = [];
  const inFile: number[] = [];
  const seen = new Set<string>();
  const idNumbers: LedgerPlan['idNumbers'] = [];
  const households: PlannedHousehold[] = [];
  for (const [key, group] of groups) {
    for (const extra of group.slice(MAX_MEMBERS)) {
      extra.problems.push({ row: extra.row, field: '门牌', message: `同一户最多 ${MAX_MEMBERS} 人` });
    }
    const housings = new Set(group.map((r) => r.housing).filter(Boolean));
    if (housings.size > 1) {
      const first = group.find((r) => r.housing)!.housing;
      for (const r of group.filter((x) => x.housing && x.housing !== first)) {
        r.problems.push({ row: r.row, field: '住房类型', message: '同一户的住房类型不一致' });
      }
    }
    const bad = group.filter((r) => r.problems.length);
    errors.push(...bad.flatMap((r) => r.problems));
    if (bad.length) continue;
    const kept = group.filter((r) => {
      const id = r.member!.idNumber ? normalizeIdNumber(r.member!.idNumber) : undefined;
      if (!id) return true;
      if (seen.has(id)) {
        inFile.push(r.row);
        return false;
      }
      seen.add(id);
      idNumbers.push({ row: r.row, idNumber: id });
      return true;
    });
    if (!kept.length) continue;
    const result = v.safeParse(householdsSchemas.create, {
      gridId,
      address: Object.fromEntries(Object.entries(kept[0].address).filter(([, value]) => value !== '')),
      ...(housings.size ? { housing: [...housings][0] } : {}),
      tags: [...new Set(kept.flatMap((r) => r.tags))],
      members: kept.map((r) => r.member),
    });
    if (!result.success) {
      errors.push({ row: kept[0].row, field: '门牌', message: result.issues[0].message });
      continue;
    }
    households.push({ key, rows: kept.map((r) => r.row), input: result.output });
  }
  errors.sort(
    (a, b) =>
      a.row - b.row ||
      LEDGER_HEADERS.indexOf(a.field as LedgerHeader) - LEDGER_HEADERS.indexOf(b.field as LedgerHeader),
  );
  return { rows: rows.length, households, errors, inFile, idNumbers };
}

/** The id a household of an import is written under: the same on every commit, so a repeat writes nothing more. */
export function householdIdOf(importId: string, key: string): string {
  return crypto.createHash('sha256').update(`import\u0000${importId}\u0000${key}`).digest('hex').slice(0, 32);
}

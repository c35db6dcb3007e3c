/**
 * The 18-digit citizen ID number (GB 11643-1999): 6 digits of region, 8 of birth date (YYYYMMDD), 3 of sequence
 * (odd for men, even for women) and an ISO 7064 MOD 11-2 check character (0-9 or X).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export interface IdFacts {
  /** YYYY-MM-DD */
  birthDate: string;
  gender: 'male' | 'female';
}

/** Drops spaces and upper-cases the check character, so that a typed `x` and a printed `X` are the same number. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** The check character the first 17 digits call for. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function birthDateOf(id: string, today: Date): string | undefined {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  if (date.getTime() > today.getTime()) return undefined;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** Why an ID number is not acceptable (a message to show under the field), or undefined when it is. */
export function idNumberProblem(raw: string, today = new Date()): string | undefined {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为 18 位（最后一位可为 X）';
  if (id[0] === '0') return '身份证号地区码无效';
  if (!birthDateOf(id, today)) return '身份证号中的出生日期无效';
  if (idCheckChar(id) !== id[17]) return '身份证号校验位不正确，请核对';
  return undefined;
}

/** Birth date and gender read from a valid ID number; undefined for an invalid one. */
export function parseIdNumber(raw: string, today = new Date()): IdFacts | undefined {
  if (idNumberProblem(raw, today)) return undefined;
  const id = normalizeIdNumber(raw);
  return { birthDate: birthDateOf(id, today)!, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

/** A valid ID number for given first 17 digits (tests, demo data). */
export function withCheckChar(first17: string): string {
  return first17 + idCheckChar(first17);
}

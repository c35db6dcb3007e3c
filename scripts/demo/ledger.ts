/**
 * A fictional household ledger (台账) of a Kunming community in the import template's layout, for demos and tests:
 * `npx tsx scripts/demo/ledger.ts` writes scripts/demo/ledger-sample.xlsx. Every name, address, ID number and phone
 * is made up (ID numbers carry a valid check character so that they pass the form's checks).
 */
import fs from 'node:fs';
import path from 'node:path';
import { withCheckChar } from '../../miniprogram/shared/idcard';
import { LEDGER_HEADERS } from '../../backend/imports/ledger';
import { writeSheets } from '../../backend/imports/sheet';

const ESTATES = ['金色年华小区', '翠湖雅苑', '滇池春城', '园西路小区'];
const FAMILY_NAMES = ['马', '杨', '李', '段', '和', '普', '岩', '木', '赵', '沙'];
const GIVEN = ['丽', '明', '建华', '玉兰', '志强', '秀英', '文清', '海燕', '国庆', '小芳', '永福', '晓东'];
/** Ethnic labels as the app shows them, weighted towards the groups common in Kunming. */
const ETHNIC = ['回族', '彝族', '白族', '汉族', '傣族', '纳西族', '哈尼族', '维吾尔族', '藏族', '苗族'];
const ORIGINS = ['云南省昭通市', '云南省大理州', '云南省红河州', '四川省凉山州', '新疆喀什地区', '云南省西双版纳州'];
const JOBS = ['餐饮', '建筑', '快递', '个体经营', '家政', '学生', '退休', '务工'];
const LANGUAGES = ['云南方言', '彝语', '白语', '傣语', '维吾尔语'];
const HOUSING = ['租住', '自有住房', '公租房/廉租房', '单位宿舍'];
const TAGS = ['', '', '', '低保户', '独居老人', '留守儿童'];
const RELATIONS = ['户主', '配偶', '子女', '父母'];

/** A small deterministic generator: the same seed gives the same ledger. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)],
  };
}

export interface LedgerOptions {
  /** Data rows to make (the last household is cut to fit). */
  rows: number;
  seed?: number;
  /** Distinguishes ID numbers and phones of ledgers made in one run (0..99). */
  series?: number;
  /** Put every household in this 小区. */
  estate?: string;
}

/** A valid fictional ID number: a Kunming area code, a birth date and the gender digit (odd for men). */
export function fictionalIdNumber(series: number, n: number, gender: 'male' | 'female', birth: string): string {
  const serial = String(n % 1000).padStart(3, '0');
  const digit =
    (Number(serial[2]) % 2 === 1) === (gender === 'male')
      ? serial
      : serial.slice(0, 2) + ((Number(serial[2]) + 1) % 10);
  return withCheckChar(`5301${String(series % 100).padStart(2, '0')}${birth}${digit}`);
}

/** Rows under LEDGER_HEADERS: households of one to four members, the head first. */
export function ledgerRows({ rows, seed = 1, series = 0, estate }: LedgerOptions): string[][] {
  const r = random(seed * 7919 + series);
  const out: string[][] = [];
  let household = 0;
  while (out.length < rows) {
    household++;
    const address = [
      estate ?? r.pick(ESTATES),
      String(1 + (household % 12)),
      String(1 + r.int(3)),
      `${1 + r.int(18)}0${1 + (Math.floor(household / 12) % 9)}`,
    ];
    const housing = r.pick(HOUSING);
    const tags = r.pick(TAGS);
    const family = r.pick(FAMILY_NAMES);
    const ethnicity = r.pick(ETHNIC);
    const size = Math.min(1 + r.int(4), rows - out.length);
    for (let m = 0; m < size; m++) {
      const gender = m === 1 ? 'female' : r.int(2) ? 'male' : 'female';
      const year = m === 0 || m === 1 ? 1965 + r.int(30) : m === 2 ? 2000 + r.int(20) : 1940 + r.int(20);
      const birth = `${year}${String(1 + r.int(12)).padStart(2, '0')}${String(1 + r.int(28)).padStart(2, '0')}`;
      const floating = r.int(3) > 0;
      const n = household * 5 + m;
      out.push([
        ...address,
        housing,
        RELATIONS[m],
        `${family}${r.pick(GIVEN)}`,
        gender === 'male' ? '男' : '女',
        ethnicity,
        fictionalIdNumber(series, n, gender, birth),
        r.int(4) ? `13${5 + (series % 5)}${String(10_000_000 + n * 137 + seed).slice(-8)}` : '',
        floating ? '流动人口' : '户籍人口',
        floating ? r.pick(ORIGINS) : '',
        floating ? `20${String(10 + r.int(14))}-${String(1 + r.int(12)).padStart(2, '0')}-01` : '',
        r.pick(JOBS),
        `普通话、${r.pick(LANGUAGES)}`,
        m === 0 ? tags : '',
      ]);
    }
  }
  return out;
}

/** The ledger as an .xlsx file (header row first). */
export function ledgerFile(rows: string[][]): Buffer {
  return writeSheets([{ name: '台账', rows: [[...LEDGER_HEADERS], ...rows] }]);
}

if (require.main === module) {
  const file = path.join(__dirname, 'ledger-sample.xlsx');
  fs.writeFileSync(file, ledgerFile(ledgerRows({ rows: 60, seed: 2024, series: 90 })));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

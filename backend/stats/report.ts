import crypto from 'node:crypto';
import type { SmallCount, StatsReport } from '../../miniprogram/shared/api';
import { categoryLabel } from '../../miniprogram/shared/categories';
import { ORG_LEVEL_LABELS } from '../../miniprogram/shared/orgs';
import { REQUEST_STATUS_LABELS, type RequestStatus } from '../../miniprogram/shared/requests';
import { TREND_METRICS, type TrendMetric } from '../../miniprogram/shared/schemas/stats';
import { writeXlsx, type XlsxSheet } from '../exports/xlsx';
import type { OrgWithStats } from './access';
import { childOf, overviewOf, statsOrg, trendOf } from './views';

export const TREND_LABELS: Record<TrendMetric, string> = {
  newResidents: '新登记居民',
  floatingArrivals: '流入人口',
  requestsCreated: '新增诉求',
  requestsResolved: '办结诉求',
  eventsHeld: '举办活动',
  attendance: '活动签到人数',
  surveyResponses: '问卷答卷',
};

/** Sheets hold at most this many child orgs each as a sheet of its own (the 下级 sheet lists them all). */
const MAX_CHILD_SHEETS = 60;

const cell = (v: SmallCount | number | null) => (v === null ? '—' : v);

/** A sheet name Excel accepts: no []:*?/\ and at most 31 characters, unique within the workbook. */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28) || '组织';
  let out = base;
  for (let i = 2; used.has(out); i++) out = `${base.slice(0, 26)}(${i})`;
  used.add(out);
  return out;
}

function totalsRows(entry: OrgWithStats, month: string, now: Date): (string | number)[][] {
  const o = overviewOf(statsOrg(entry.org, false), entry.stats, now);
  const monthEnd = monthEndOf(month);
  const inMonth = (metric: TrendMetric) => cell(trendOf(entry.stats, metric, 1, monthEnd).points[0].value);
  return [
    ['居民总数', o.residents.total],
    ['户籍人口', cell(o.residents.registered)],
    ['流动人口', cell(o.residents.floating)],
    ['登记户数', o.households.total],
    ['信息完整户数', o.households.complete],
    ['在办诉求', o.requests.open],
    ['逾期诉求', o.requests.overdue],
    ['已办结诉求', o.requests.resolved],
    ['办结时长中位数（小时）', cell(o.requests.medianHoursToResolve)],
    ['评价数', o.requests.satisfaction.rated],
    ['平均满意度（1–5）', cell(o.requests.satisfaction.average)],
    ['已举办活动', o.events.held],
    ['活动报名（户）', o.events.signups],
    ['报名人数', o.events.people],
    ['签到人数', o.events.checkedIn],
    ['菜品数', o.events.dishes],
    ['菜系数', o.events.cuisines],
    ['清真菜品', o.events.halalDishes],
    ['进行中的问卷', o.surveys.open],
    ['问卷答卷', o.surveys.responses],
    ['结对家庭（对）', o.community.pairs],
    ['结对活动', o.community.pairActivities],
    ['志愿服务时长（小时）', o.community.volunteerHours],
    ...TREND_METRICS.map((m) => [`${month} ${TREND_LABELS[m]}`, inMonth(m)]),
  ];
}

/** Noon of the last day of a `YYYY-MM` month, China time. */
function monthEndOf(month: string): Date {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0, 4));
}

/**
 * The monthly report of a subtree: totals (as of now, and the month's own figures), one sheet per breakdown, the
 * trends of the twelve months up to `month`, the child orgs, and one sheet per child. Aggregates only, small cells
 * as '<5'.
 */
export async function writeReport(
  self: OrgWithStats,
  children: OrgWithStats[],
  month: string,
  createdBy: string,
  now = new Date(),
): Promise<StatsReport> {
  const o = overviewOf(statsOrg(self.org, false), self.stats, now);
  const used = new Set<string>(['总览']);
  const sheets: XlsxSheet[] = [
    {
      sheet: sheetName('民族构成', used),
      header: ['民族代码', '民族', '人数'],
      rows: o.residents.byEthnicity.map((e) => [e.code, e.name, e.count]),
      widths: [10, 16, 10],
    },
    {
      sheet: sheetName('诉求类别', used),
      header: ['类别', '件数'],
      rows: o.requests.byCategory.map((c) => [categoryLabel(c.category), c.count]),
      widths: [20, 10],
    },
    {
      sheet: sheetName('诉求状态', used),
      header: ['状态', '件数'],
      rows: Object.entries(o.requests.byStatus).map(([s, n]) => [REQUEST_STATUS_LABELS[s as RequestStatus] ?? s, n]),
      widths: [14, 10],
    },
    {
      sheet: sheetName('月度趋势', used),
      header: ['月份', ...TREND_METRICS.map((m) => TREND_LABELS[m])],
      rows: (() => {
        const trends = TREND_METRICS.map((m) => trendOf(self.stats, m, 12, monthEndOf(month)).points);
        return trends[0].map((p, i) => [p.month, ...trends.map((t) => t[i].value)]);
      })(),
      widths: [10, ...TREND_METRICS.map(() => 12)],
    },
    {
      sheet: sheetName('下级组织', used),
      header: ['组织', '层级', '居民', '流动人口', '户数', '在办诉求', '逾期', '满意度'],
      rows: children.map(({ org, stats }) => {
        const c = childOf(org, stats, now);
        return [
          c.name,
          ORG_LEVEL_LABELS[c.level],
          c.residents,
          c.floating,
          c.households,
          c.requestsOpen,
          c.overdue,
          cell(c.satisfaction),
        ];
      }),
      widths: [20, 8, 8, 10, 8, 10, 8, 8],
    },
    ...children.slice(0, MAX_CHILD_SHEETS).map((child) => ({
      sheet: sheetName(child.org.name, used),
      header: ['指标', '数值'],
      rows: totalsRows(child, month, now),
      widths: [28, 12],
    })),
  ];
  const file = await writeXlsx({
    cloudPath: `exports/stats/${self.org._id}-${month}-${crypto.randomBytes(6).toString('hex')}.xlsx`,
    sheet: '总览',
    header: ['指标', `${self.org.name}（${ORG_LEVEL_LABELS[self.org.level]}）`],
    rows: totalsRows(self, month, now),
    widths: [28, 16],
    more: sheets,
    kind: 'stats.report',
    targetId: self.org._id,
    createdBy,
  });
  return { fileID: file.fileID, tempFileURL: file.tempUrl ?? null, expiresAt: file.expiresAt, note: file.note };
}

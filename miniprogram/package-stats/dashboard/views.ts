import type { SmallCount, StatsChild, StatsOverview } from '../../shared/api';
import { categoryLabel } from '../../shared/categories';
import { ORG_LEVEL_LABELS } from '../../shared/orgs';
import { REQUEST_STATUS_LABELS } from '../../shared/requests';
import type { TrendMetric } from '../../shared/schemas/stats';

/** What the dashboard shows, mapped from `stats` answers for WXML (numbers as the cards print them). */

export interface Card {
  key: string;
  label: string;
  value: string;
  hint?: string;
}

export interface ChartData {
  labels: string[];
  values: SmallCount[];
}

export const TREND_TABS: { metric: TrendMetric; label: string }[] = [
  { metric: 'newResidents', label: '新登记' },
  { metric: 'floatingArrivals', label: '流入' },
  { metric: 'requestsCreated', label: '新诉求' },
  { metric: 'requestsResolved', label: '办结' },
  { metric: 'eventsHeld', label: '活动' },
  { metric: 'attendance', label: '签到' },
  { metric: 'surveyResponses', label: '问卷' },
];

const text = (v: SmallCount | number | null, unit = '') => (v === null ? '—' : `${v}${unit}`);

export function hoursText(hours: number | null): string {
  if (hours === null) return '—';
  return hours < 24 ? `${hours} 小时` : `${Math.round((hours / 24) * 10) / 10} 天`;
}

export function cardsOf(o: StatsOverview): Record<'residents' | 'requests' | 'events', Card[]> {
  return {
    residents: [
      { key: 'total', label: '居民', value: text(o.residents.total, ' 人') },
      { key: 'floating', label: '流动人口', value: text(o.residents.floating, ' 人') },
      { key: 'households', label: '户数', value: text(o.households.total, ' 户') },
      {
        key: 'complete',
        label: '信息完整',
        value: text(o.households.complete, ' 户'),
        hint: o.households.incomplete ? `${o.households.incomplete} 户待补充` : '全部完整',
      },
    ],
    requests: [
      { key: 'open', label: '在办', value: text(o.requests.open, ' 件') },
      { key: 'overdue', label: '超期', value: text(o.requests.overdue, ' 件') },
      { key: 'resolved', label: '已办结', value: text(o.requests.resolved, ' 件') },
      { key: 'median', label: '办结用时（中位）', value: hoursText(o.requests.medianHoursToResolve) },
      {
        key: 'satisfaction',
        label: '满意度',
        value: o.requests.satisfaction.average === null ? '—' : `${o.requests.satisfaction.average} / 5`,
        hint: `${o.requests.satisfaction.rated} 人评价`,
      },
    ],
    events: [
      { key: 'held', label: '已举办活动', value: text(o.events.held, ' 场') },
      { key: 'signups', label: '报名', value: text(o.events.signups, ' 户'), hint: `${o.events.people} 人` },
      { key: 'checkedIn', label: '签到', value: text(o.events.checkedIn, ' 人') },
      {
        key: 'dishes',
        label: '百家菜',
        value: text(o.events.dishes, ' 道'),
        hint: `${o.events.cuisines} 种风味 · ${o.events.halalDishes} 道清真`,
      },
      {
        key: 'surveys',
        label: '问卷答卷',
        value: text(o.surveys.responses, ' 份'),
        hint: `${o.surveys.open} 份进行中`,
      },
      {
        key: 'pairs',
        label: '结对认亲',
        value: text(o.community.pairs, ' 对'),
        hint: `${o.community.pairActivities} 次结对活动`,
      },
      { key: 'volunteerHours', label: '志愿服务', value: text(o.community.volunteerHours, ' 小时') },
    ],
  };
}

export function chartsOf(o: StatsOverview): Record<'ethnicity' | 'residency' | 'funnel' | 'categories', ChartData> {
  return {
    ethnicity: {
      labels: o.residents.byEthnicity.map((e) => e.name),
      values: o.residents.byEthnicity.map((e) => e.count),
    },
    residency: { labels: ['户籍', '流动'], values: [o.residents.registered, o.residents.floating] },
    funnel: {
      labels: (['submitted', 'accepted', 'resolved', 'closed', 'withdrawn'] as const).map(
        (s) => REQUEST_STATUS_LABELS[s],
      ),
      values: (['submitted', 'accepted', 'resolved', 'closed', 'withdrawn'] as const).map(
        (s) => o.requests.byStatus[s] ?? 0,
      ),
    },
    categories: {
      labels: o.requests.byCategory.map((c) => categoryLabel(c.category)),
      values: o.requests.byCategory.map((c) => c.count),
    },
  };
}

export interface ChildRow extends StatsChild {
  levelLabel: string;
  summary: string;
}

export function childRows(items: StatsChild[]): ChildRow[] {
  return items.map((c) => ({
    ...c,
    levelLabel: ORG_LEVEL_LABELS[c.level],
    summary: [
      `居民 ${c.residents}`,
      `流动 ${c.floating}`,
      `${c.households} 户`,
      `在办 ${c.requestsOpen}`,
      ...(c.overdue ? [`超期 ${c.overdue}`] : []),
      ...(c.satisfaction !== null ? [`满意度 ${c.satisfaction}`] : []),
    ].join(' · '),
  }));
}

/** This month, China time: `YYYY-MM`. */
export function currentMonth(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 7);
}

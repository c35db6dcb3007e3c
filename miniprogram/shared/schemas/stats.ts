import * as v from 'valibot';
import { id } from './common';

/** The metrics `stats.trend` draws month by month. */
export const TREND_METRICS = [
  'newResidents',
  'floatingArrivals',
  'requestsCreated',
  'requestsResolved',
  'eventsHeld',
  'attendance',
  'surveyResponses',
] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];

const month = v.pipe(v.string('必须是文本'), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'));

export const statsSchemas = {
  overview: v.strictObject({ orgId: id }),
  trend: v.strictObject({
    orgId: id,
    metric: v.picklist(TREND_METRICS, '指标无效'),
    months: v.optional(
      v.pipe(v.number('必须是数字'), v.integer('必须是整数'), v.minValue(1, '最小为 1'), v.maxValue(24, '最大为 24')),
    ),
  }),
  children: v.strictObject({ orgId: id }),
  report: v.strictObject({ orgId: id, month }),
  recount: v.strictObject({ orgId: id }),
};

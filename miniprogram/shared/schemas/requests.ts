import * as v from 'valibot';
import { REQUEST_CATEGORY_VALUES } from '../categories';
import { MAX_IMAGES, MAX_VOICE_SECONDS, REQUEST_LANGUAGES, REQUEST_STATUSES } from '../requests';
import { id, listParams, mobilePhone, optionalText, text } from './common';

const fileId = v.pipe(
  v.string('必须是文本'),
  v.maxLength(300, '文件编号过长'),
  v.regex(/^cloud:\/\/\S+$/, '图片文件无效'),
);

/** A ledger month, `YYYY-MM` (China time). */
const ledgerMonth = v.pipe(v.string('必须是文本'), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM'));

export const requestsSchemas = {
  create: v.strictObject({
    orgId: id,
    category: v.picklist(REQUEST_CATEGORY_VALUES, '请选择诉求类别'),
    description: text(1000),
    contactName: optionalText(30),
    contactPhone: v.optional(mobilePhone),
    images: v.optional(v.pipe(v.array(fileId, '必须是列表'), v.maxLength(MAX_IMAGES, `最多 ${MAX_IMAGES} 张图片`))),
    clientToken: v.optional(v.pipe(v.string('必须是文本'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '提交标识无效'))),
    needsBilingual: v.optional(v.boolean('必须是是/否')),
    language: v.optional(v.picklist(REQUEST_LANGUAGES, '请从列表中选择语言')),
    voice: v.optional(
      v.pipe(v.string('必须是文本'), v.maxLength(300, '文件编号过长'), v.regex(/^cloud:\/\/\S+$/, '语音文件无效')),
    ),
    /** The recording's length as the recorder reported it; required with `voice`. */
    voiceSeconds: v.optional(
      v.pipe(
        v.number('必须是数字'),
        v.minValue(1, '语音太短'),
        v.maxValue(MAX_VOICE_SECONDS, `语音不能超过 ${MAX_VOICE_SECONDS} 秒`),
      ),
    ),
  }),
  listMine: v.strictObject({ status: v.optional(v.picklist(REQUEST_STATUSES, '状态无效')), ...listParams }),
  myCounts: v.strictObject({}),
  get: v.strictObject({ id }),
  queue: v.strictObject({
    orgId: v.optional(id),
    status: v.optional(v.picklist(REQUEST_STATUSES, '状态无效')),
    category: v.optional(v.picklist(REQUEST_CATEGORY_VALUES, '类别无效')),
    overdue: v.optional(v.boolean('必须是是/否')),
    ...listParams,
  }),
  counts: v.strictObject({ orgId: v.optional(id) }),
  accept: v.strictObject({ id }),
  reply: v.strictObject({ id, text: text(500) }),
  resolve: v.strictObject({ id, resolution: text(500) }),
  rate: v.strictObject({
    id,
    score: v.pipe(
      v.number('必须是数字'),
      v.integer('必须是整数'),
      v.minValue(1, '评分为 1-5'),
      v.maxValue(5, '评分为 1-5'),
    ),
    comment: optionalText(300),
  }),
  withdraw: v.strictObject({ id }),
  transfer: v.strictObject({ id, toOrgId: id, reason: text(200) }),
  revealContact: v.strictObject({ id, reason: text(100, 2) }),
  mediation: v.strictObject({
    id,
    parties: v.pipe(
      v.array(text(30), '必须是列表'),
      v.minLength(1, '请填写当事人'),
      v.maxLength(10, '最多 10 位当事人'),
    ),
    agreement: text(1000),
    ethnicDimension: v.boolean('必须是是/否'),
    followUpAt: v.optional(v.pipe(v.string('必须是文本'), v.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD'))),
  }),
  mediations: v.strictObject({ orgId: id, month: ledgerMonth, ...listParams }),
  exportMediations: v.strictObject({ orgId: id, month: ledgerMonth }),
};

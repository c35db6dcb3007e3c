import * as v from 'valibot';
import {
  BY_GRID,
  MAX_OPTIONS,
  MAX_QUESTIONS,
  MAX_TEXT_ANSWER,
  MIN_OPTIONS,
  QUESTION_ID_PATTERN,
  QUESTION_TYPES,
  SURVEY_STATUSES,
} from '../surveys';
import { id, listParams, optionalText, text } from './common';
import { isoTime } from './events';

/**
 * Shapes only: what depends on the survey itself (options only on choice questions, ids unique, an answer that fits
 * its question) is checked by backend/surveys/validate.ts, which names the question in `details.fields`.
 */
const questionId = v.pipe(v.string('必须是文本'), v.regex(QUESTION_ID_PATTERN, '题目编号为字母开头的 1–20 位字母数字'));

const question = v.strictObject({
  id: questionId,
  type: v.picklist(QUESTION_TYPES, '题型无效'),
  title: text(100),
  options: v.optional(
    v.pipe(
      v.array(text(40), '必须是列表'),
      v.minLength(MIN_OPTIONS, `至少 ${MIN_OPTIONS} 个选项`),
      v.maxLength(MAX_OPTIONS, `最多 ${MAX_OPTIONS} 个选项`),
    ),
  ),
  required: v.optional(v.boolean('必须是是/否')),
});

const questions = v.pipe(
  v.array(question, '必须是列表'),
  v.minLength(1, '至少 1 道题'),
  v.maxLength(MAX_QUESTIONS, `最多 ${MAX_QUESTIONS} 道题`),
);

const surveyFields = {
  title: text(60),
  intro: optionalText(500),
  questions,
  anonymous: v.optional(v.boolean('必须是是/否')),
  /** `null` on update clears it. */
  closesAt: v.optional(v.nullable(isoTime)),
  fromTemplate: v.optional(v.pipe(v.string('必须是文本'), v.regex(/^[a-z_]{1,30}$/, '模板无效'))),
};

/** One answer: a text, a number, or a list of choices; never an object (an operator such as `{ $gt: '' }`). */
const answerValue = v.union(
  [
    v.pipe(v.string(), v.maxLength(MAX_TEXT_ANSWER, `不能超过 ${MAX_TEXT_ANSWER} 个字`)),
    v.number(),
    v.pipe(v.array(v.pipe(v.string(), v.maxLength(40)), '必须是列表'), v.maxLength(MAX_OPTIONS, '选项过多')),
  ],
  '答案格式不正确',
);

const answers = v.pipe(
  v.record(questionId, answerValue, '必须是对象'),
  v.check((a) => Object.keys(a).length <= MAX_QUESTIONS, '答案过多'),
);

const clientToken = v.optional(v.pipe(v.string('必须是文本'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '提交标识无效')));

export const surveysSchemas = {
  templates: v.strictObject({}),
  create: v.strictObject({ orgId: id, ...surveyFields }),
  update: v.strictObject({ id, ...v.partial(v.strictObject(surveyFields)).entries }),
  publish: v.strictObject({ id }),
  close: v.strictObject({ id }),
  list: v.strictObject({
    orgId: v.optional(id),
    status: v.optional(v.picklist(SURVEY_STATUSES, '状态无效')),
    ...listParams,
  }),
  get: v.strictObject({ id }),
  answer: v.strictObject({
    id,
    answers,
    clientToken,
    onBehalfOf: v.optional(v.strictObject({ householdId: id, memberId: id })),
  }),
  results: v.strictObject({
    id,
    by: v.optional(v.union([v.literal(BY_GRID), questionId], '分组无效')),
  }),
  export: v.strictObject({ id }),
  respondents: v.strictObject({
    id,
    questionId,
    option: v.pipe(v.string('必须是文本'), v.maxLength(40, '选项无效')),
    ...listParams,
  }),
};

/**
 * Needs surveys (需求问卷): question types, limits and labels shared by the builder, the answer page and the
 * `surveys` function (docs/surveys.md).
 */
export const QUESTION_TYPES = ['single', 'multi', 'text', 'scale', 'number', 'ethnicity', 'residency'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single: '单选',
  multi: '多选',
  text: '填空',
  scale: '打分（1–5）',
  number: '数字',
  ethnicity: '民族',
  residency: '户籍类型',
};

/** Types whose question carries its own `options`. */
export const OPTION_TYPES: readonly QuestionType[] = ['single', 'multi'];

/** Types a cross-tab can group by (besides `grid`). */
export const GROUPING_TYPES: readonly QuestionType[] = ['single', 'ethnicity', 'residency'];

export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export const SURVEY_STATUS_LABELS: Record<SurveyStatus, string> = {
  draft: '草稿',
  published: '进行中',
  closed: '已结束',
};

export const MAX_QUESTIONS = 50;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 20;
export const MAX_TEXT_ANSWER = 500;
export const MAX_NUMBER_ANSWER = 1_000_000;
export const SCALE_MIN = 1;
export const SCALE_MAX = 5;
/** A question id: letters, digits and `_`, up to 20 (it names a counter field, so nothing else). */
export const QUESTION_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,19}$/;

/** The group of a cross-tab by grid. */
export const BY_GRID = 'grid';
/** A count of 1..4 people in a breakdown is shown as this (docs/api.md "small cells"). */
export const SMALL_CELL = '<5';
export type Cell = number | typeof SMALL_CELL;

import type { AnswerValue, SurveyQuestion } from '../../miniprogram/shared/api';
import { ETHNICITY_CODES } from '../../miniprogram/shared/ethnicity';
import { RESIDENCY_VALUES } from '../../miniprogram/shared/households';
import {
  MAX_NUMBER_ANSWER,
  MAX_TEXT_ANSWER,
  OPTION_TYPES,
  SCALE_MAX,
  SCALE_MIN,
} from '../../miniprogram/shared/surveys';
import { invalid } from '../core/errors';

/**
 * Checks that depend on the survey itself, after the schema checked shapes. Every problem names its field: the
 * question's place for a bad question (`questions.3.options`), the question id for a bad answer (`answers.needs`).
 */

/** Questions of a create or an update: ids unique, options exactly on choice questions and unique. */
export function checkQuestions(questions: SurveyQuestion[]): SurveyQuestion[] {
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  questions.forEach((q, i) => {
    if (seen.has(q.id)) fields[`questions.${i}.id`] = '题目编号重复';
    seen.add(q.id);
    const hasOptions = OPTION_TYPES.includes(q.type);
    if (hasOptions && !q.options) fields[`questions.${i}.options`] = '请填写选项';
    if (!hasOptions && q.options) fields[`questions.${i}.options`] = '该题型没有选项';
    if (q.options && new Set(q.options).size !== q.options.length) fields[`questions.${i}.options`] = '选项重复';
  });
  if (Object.keys(fields).length) throw invalid(fields, '题目有误');
  return questions.map((q) => {
    const clean: SurveyQuestion = { id: q.id, type: q.type, title: q.title, required: Boolean(q.required) };
    if (q.options) clean.options = q.options;
    return clean;
  });
}

/** Why one answer does not fit its question, or undefined when it does. */
function problemOf(q: SurveyQuestion, value: AnswerValue): string | undefined {
  switch (q.type) {
    case 'single':
      return typeof value === 'string' && q.options!.includes(value) ? undefined : '不是该题的选项';
    case 'multi':
      if (!Array.isArray(value) || value.length === 0) return '请选择至少一项';
      if (new Set(value).size !== value.length) return '选项重复';
      return value.every((v) => q.options!.includes(v)) ? undefined : '不是该题的选项';
    case 'text':
      return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_TEXT_ANSWER
        ? undefined
        : '请填写文字';
    case 'scale':
      return Number.isInteger(value) && (value as number) >= SCALE_MIN && (value as number) <= SCALE_MAX
        ? undefined
        : `请选择 ${SCALE_MIN}–${SCALE_MAX} 分`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_NUMBER_ANSWER
        ? undefined
        : '请填写数字';
    case 'ethnicity':
      return typeof value === 'string' && (ETHNICITY_CODES as string[]).includes(value) ? undefined : '民族代码无效';
    case 'residency':
      return typeof value === 'string' && (RESIDENCY_VALUES as string[]).includes(value) ? undefined : '户籍类型无效';
  }
}

/**
 * The answers checked against the survey's own questions: an unknown question, a value of the wrong type, an
 * unknown option or a scale out of range, and a missing required answer are INVALID_ARGUMENT on `answers.<id>`.
 * Texts are trimmed; an empty optional answer is dropped.
 */
export function checkAnswers(
  questions: SurveyQuestion[],
  answers: Record<string, AnswerValue>,
): Record<string, AnswerValue> {
  const fields: Record<string, string> = {};
  const byId = new Map(questions.map((q) => [q.id, q]));
  const out: Record<string, AnswerValue> = {};
  for (const [id, raw] of Object.entries(answers)) {
    const q = byId.get(id);
    if (!q) {
      fields[`answers.${id}`] = '问卷中没有这道题';
      continue;
    }
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === '' && !q.required) continue;
    const problem = problemOf(q, value);
    if (problem) fields[`answers.${id}`] = problem;
    else out[id] = value;
  }
  for (const q of questions) {
    if (q.required && !(q.id in out) && !fields[`answers.${q.id}`]) fields[`answers.${q.id}`] = '此题必答';
  }
  if (Object.keys(fields).length) throw invalid(fields, '答卷有误');
  return out;
}

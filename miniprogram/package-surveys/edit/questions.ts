import type { SurveyQuestion, SurveyTemplate } from '../../shared/api';
import {
  MAX_OPTIONS,
  MIN_OPTIONS,
  OPTION_TYPES,
  QUESTION_TYPE_LABELS,
  QUESTION_TYPES,
  type QuestionType,
} from '../../shared/surveys';

/** The builder's list and its question editor, as plain functions of the questions (no `wx`). */

export const TYPE_OPTIONS = QUESTION_TYPES.map((value) => ({ value, label: QUESTION_TYPE_LABELS[value] }));

/** A question as the builder lists it. */
export interface QuestionRow extends SurveyQuestion {
  typeLabel: string;
  optionsText: string;
}

export function rowsOf(questions: SurveyQuestion[]): QuestionRow[] {
  return questions.map((q) => ({
    ...q,
    typeLabel: QUESTION_TYPE_LABELS[q.type],
    optionsText: (q.options ?? []).join(' / '),
  }));
}

/** The questions to send (the list's display fields left out). */
export function questionsOf(rows: QuestionRow[]): SurveyQuestion[] {
  return rows.map(({ id, type, title, options, required }) => ({
    id,
    type,
    title,
    required: Boolean(required),
    ...(OPTION_TYPES.includes(type) && options ? { options } : {}),
  }));
}

/** The question being edited: options one per line. */
export interface QuestionDraft {
  id: string;
  type: QuestionType;
  title: string;
  optionsText: string;
  required: boolean;
}

export function draftOf(q?: SurveyQuestion): QuestionDraft {
  return {
    id: q?.id ?? '',
    type: q?.type ?? 'single',
    title: q?.title ?? '',
    optionsText: (q?.options ?? []).join('\n'),
    required: Boolean(q?.required),
  };
}

/** A fresh question id: q1, q2… the first not taken. */
export function freshId(rows: SurveyQuestion[]): string {
  for (let n = rows.length + 1; ; n++) if (!rows.some((q) => q.id === `q${n}`)) return `q${n}`;
}

/** The draft as a question, or the message of what is missing. */
export function questionOfDraft(d: QuestionDraft): { question: SurveyQuestion } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const title = d.title.trim();
  if (!title) errors.title = '请填写题目';
  const options = [
    ...new Set(
      d.optionsText
        .split('\n')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  ];
  const hasOptions = OPTION_TYPES.includes(d.type);
  if (hasOptions && (options.length < MIN_OPTIONS || options.length > MAX_OPTIONS)) {
    errors.options = `请填写 ${MIN_OPTIONS}–${MAX_OPTIONS} 个选项，每行一个`;
  }
  if (Object.keys(errors).length) return { errors };
  return { question: { id: d.id, type: d.type, title, required: d.required, ...(hasOptions ? { options } : {}) } };
}

/** The rows with the question at `index` moved by `delta` (-1 up, +1 down); unchanged at either end. */
export function moved<T>(rows: T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (to < 0 || to >= rows.length) return rows;
  const next = [...rows];
  [next[index], next[to]] = [next[to], next[index]];
  return next;
}

export function fromTemplate(t: SurveyTemplate | undefined) {
  return t ? { title: t.title, intro: t.intro, questions: rowsOf(t.questions), fromTemplate: t.key } : undefined;
}

import type { AnswerValue, CrosstabRow, QuestionResult, SurveyQuestion } from '../../miniprogram/shared/api';
import { ETHNICITIES } from '../../miniprogram/shared/ethnicity';
import { RESIDENCIES } from '../../miniprogram/shared/households';
import { BY_GRID, GROUPING_TYPES, SCALE_MAX, SCALE_MIN, SMALL_CELL, type Cell } from '../../miniprogram/shared/surveys';
import type { QuestionCounters, ResultsDoc } from './model';

/**
 * Results are counters kept at answer time, one `_.inc` per answer on the survey's `surveyResults` document, so
 * reading them costs the same for 30 or 30,000 responses. Layout (every path segment starts with a letter, so no
 * segment is ever read as an array index, and every segment comes from the survey's own ids or fixed codes, never
 * from free input):
 *
 *   r                         responses            ob   of them filled in by a grid worker
 *   q.<qid>.n                 answered             q.<qid>.c.<key>   per option     q.<qid>.s   sum (scale, number)
 *   x.<dim>.<group>.r         responses of a group, and x.<dim>.<group>.q.<qid>.{n,c,s} as above (no free text)
 *
 * `<dim>` is `grid` or the id of a single/ethnicity/residency question; `<group>` is the answer's key (`none` when
 * unanswered or, for grids, unknown). Option keys: `o<i>` (the i-th option), `e<code>` (ethnicity), the residency
 * value, `s<1..5>` (scale).
 */

const NONE = 'none';

/** The counter keys of one answer (none for text and number). */
export function optionKeys(q: SurveyQuestion, value: AnswerValue): string[] {
  switch (q.type) {
    case 'single':
      return [`o${q.options!.indexOf(value as string)}`];
    case 'multi':
      return (value as string[]).map((v) => `o${q.options!.indexOf(v)}`);
    case 'ethnicity':
      return [`e${value as string}`];
    case 'residency':
      return [value as string];
    case 'scale':
      return [`s${value as number}`];
    default:
      return [];
  }
}

/** Every option a question can be tallied by, in the order a page shows them: [key, label, answer value]. */
export function optionsOf(q: SurveyQuestion): [key: string, label: string, value: string][] {
  switch (q.type) {
    case 'single':
    case 'multi':
      return q.options!.map((o, i) => [`o${i}`, o, o]);
    case 'ethnicity':
      return ETHNICITIES.map((e) => [`e${e.code}`, e.name, e.code]);
    case 'residency':
      return RESIDENCIES.map((r) => [r.value, r.label, r.value]);
    case 'scale': {
      const out: [string, string, string][] = [];
      for (let s = SCALE_MIN; s <= SCALE_MAX; s++) out.push([`s${s}`, `${s} 分`, String(s)]);
      return out;
    }
    default:
      return [];
  }
}

/** The dimensions a survey is cross-tabbed by: grid, and each single/ethnicity/residency question. */
export function dimensionsOf(questions: SurveyQuestion[]): string[] {
  return [BY_GRID, ...questions.filter((q) => GROUPING_TYPES.includes(q.type)).map((q) => q.id)];
}

function addQuestion(deltas: Record<string, number>, prefix: string, q: SurveyQuestion, value: AnswerValue) {
  deltas[`${prefix}.${q.id}.n`] = 1;
  for (const key of optionKeys(q, value)) deltas[`${prefix}.${q.id}.c.${key}`] = 1;
  if (q.type === 'scale' || q.type === 'number') deltas[`${prefix}.${q.id}.s`] = value as number;
}

/** The increments one response adds to its survey's counters. */
export function deltasOf(
  questions: SurveyQuestion[],
  answers: Record<string, AnswerValue>,
  gridId: string | null,
  onBehalf: boolean,
): Record<string, number> {
  const deltas: Record<string, number> = { r: 1 };
  if (onBehalf) deltas.ob = 1;
  const answered = questions.filter((q) => q.id in answers);
  for (const q of answered) addQuestion(deltas, 'q', q, answers[q.id]);
  for (const dim of dimensionsOf(questions)) {
    let group = NONE;
    if (dim === BY_GRID) group = gridId ? `g${gridId}` : NONE;
    else {
      const q = questions.find((x) => x.id === dim)!;
      if (dim in answers) group = optionKeys(q, answers[dim])[0];
    }
    const prefix = `x.${dim}.${group}`;
    deltas[`${prefix}.r`] = 1;
    for (const q of answered) if (q.type !== 'text') addQuestion(deltas, `${prefix}.q`, q, answers[q.id]);
  }
  return deltas;
}

/** A count in a breakdown: 1..4 people are shown as '<5' (docs/api.md, small cells). */
export function cell(count: number | undefined): Cell {
  const n = count ?? 0;
  return n > 0 && n < 5 ? SMALL_CELL : n;
}

/** Averages are shown from 5 answers on: below that an average gives single answers away. */
function averageOf(c: QuestionCounters | undefined): number | null {
  if (!c?.n || c.n < 5) return null;
  return Math.round(((c.s ?? 0) / c.n) * 100) / 100;
}

export function questionResult(q: SurveyQuestion, c: QuestionCounters | undefined): Omit<QuestionResult, 'texts'> {
  const result: Omit<QuestionResult, 'texts'> = {
    id: q.id,
    type: q.type,
    title: q.title,
    answered: c?.n ?? 0,
    tallies: optionsOf(q)
      .map(([key, option, value]) => ({ option, value, count: cell(c?.c?.[key]) }))
      // Ethnicity lists only the groups that answered (58 rows of zeros say nothing).
      .filter((t) => q.type !== 'ethnicity' || t.count !== 0),
  };
  if (q.type === 'scale' || q.type === 'number') result.average = averageOf(c);
  return result;
}

/** The rows of a cross-tab by `dim`, in the order of its options (grids: as given by `gridNames`). */
export function crosstabRows(
  questions: SurveyQuestion[],
  results: ResultsDoc,
  dim: string,
  gridNames: Map<string, string>,
): CrosstabRow[] {
  const groups = results.x?.[dim] ?? {};
  const labels: [key: string, label: string, group: string][] =
    dim === BY_GRID
      ? Object.keys(groups)
          .filter((g) => g !== NONE)
          .map((g) => [g, gridNames.get(g.slice(1)) ?? '其他网格', g.slice(1)])
      : optionsOf(questions.find((q) => q.id === dim)!);
  labels.push([NONE, dim === BY_GRID ? '未登记网格' : '未作答', NONE]);
  return labels
    .filter(([key]) => groups[key]?.r)
    .map(([key, label, group]) => ({
      group,
      label,
      responses: cell(groups[key].r),
      questions: questions.filter((q) => q.type !== 'text').map((q) => questionResult(q, groups[key].q?.[q.id])),
    }));
}

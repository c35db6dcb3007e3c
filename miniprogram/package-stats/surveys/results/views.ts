import type { CrosstabRow, QuestionResult, SurveyQuestion, SurveyResults } from '../../../shared/api';
import { BY_GRID, GROUPING_TYPES, SMALL_CELL, type Cell } from '../../../shared/surveys';

/** What the results page shows, made from `surveys.results` (no `wx`). */

export interface QuestionCard {
  id: string;
  no: number;
  title: string;
  chartable: boolean;
  labels: string[];
  values: Cell[];
  options: { option: string; value: string; count: Cell }[];
  averageText: string;
  answeredText: string;
  texts: { text: string; at: string }[];
  textCount: number;
  isText: boolean;
}

const averageText = (q: QuestionResult) =>
  q.average === undefined ? '' : q.average === null ? '平均分：不足 5 人作答，暂不显示' : `平均：${q.average}`;

export function cardsOf(results: SurveyResults): QuestionCard[] {
  return results.questions.map((q, i) => ({
    id: q.id,
    no: i + 1,
    title: q.title,
    chartable: q.tallies.length > 0,
    labels: q.tallies.map((t) => t.option),
    values: q.tallies.map((t) => t.count),
    options: q.tallies,
    averageText: averageText(q),
    answeredText: `${q.answered} 人作答`,
    texts: q.texts?.items ?? [],
    textCount: q.texts?.count ?? 0,
    isText: q.type === 'text',
  }));
}

/** The choices of 分组: none, by grid, and each single/ethnicity/residency question. */
export function groupingsOf(
  questions: Pick<SurveyQuestion, 'id' | 'type' | 'title'>[],
): { value: string; label: string }[] {
  return [
    { value: '', label: '不分组' },
    { value: BY_GRID, label: '按网格' },
    ...questions
      .filter((q) => GROUPING_TYPES.includes(q.type))
      .map((q) => ({ value: q.id, label: `按「${q.title}」` })),
  ];
}

export interface CrosstabTable {
  question: string;
  columns: string[];
  rows: { label: string; responses: Cell; cells: { key: string; count: Cell }[] }[];
}

/** One question of the cross-tab as a table: a row per group, a column per option (cells of 1–4 are '<5'). */
export function crosstabTable(rows: CrosstabRow[], questionId: string): CrosstabTable | null {
  const perRow = rows.map((r) => r.questions.find((q) => q.id === questionId));
  const first = perRow.find(Boolean);
  if (!first) return null;
  // Ethnicity lists only the groups that answered, so the columns are every option any row shows.
  const columns = new Map<string, string>();
  for (const q of perRow) for (const t of q?.tallies ?? []) columns.set(t.value, t.option);
  return {
    question: first.title,
    columns: [...columns.values()],
    rows: rows.map((r, i) => ({
      label: r.label,
      responses: r.responses,
      cells: [...columns.keys()].map((value) => ({
        key: value,
        count: perRow[i]?.tallies.find((t) => t.value === value)?.count ?? 0,
      })),
    })),
  };
}

/** Questions a cross-tab can show (every question with tallies), for its question picker. */
export function crosstabQuestions(results: SurveyResults): { value: string; label: string }[] {
  return results.questions.filter((q) => q.tallies.length).map((q) => ({ value: q.id, label: q.title }));
}

export const isSmall = (c: Cell) => c === SMALL_CELL;

import crypto from 'node:crypto';
import type { AnswerValue, SurveyQuestion } from '../../miniprogram/shared/api';
import { ethnicityName } from '../../miniprogram/shared/ethnicity';
import { labelOf, RESIDENCIES } from '../../miniprogram/shared/households';
import { COLLECTIONS } from '../../backend/core/collections';
import { loadOrgs } from '../../backend/core/orgs';
import { eachPage } from '../../backend/core/paging';
import { toIso } from '../../backend/core/time';
import { writeXlsx, type XlsxFile } from '../../backend/exports/xlsx';
import type { ResponseDoc, SurveyDoc } from '../../backend/surveys/model';

const PAGE = 500;
/** An export holds at most this many responses (the newest); docs/surveys.md. */
export const MAX_EXPORT_ROWS = 10_000;
const chinaTime = (d: Date) => toIso(d).slice(0, 16).replace('T', ' ');

function cellOf(q: SurveyQuestion, value: AnswerValue | undefined): string | number {
  if (value === undefined) return '';
  if (q.type === 'ethnicity') return ethnicityName(String(value));
  if (q.type === 'residency') return labelOf(RESIDENCIES, String(value));
  if (Array.isArray(value)) return value.join('、');
  return value;
}

/** Every response (newest first, bounded) as an .xlsx: time, how it was filled in, grid, and one column per question. */
export async function exportResponses(survey: SurveyDoc, createdBy: string): Promise<XlsxFile & { rows: number }> {
  const responses: ResponseDoc[] = [];
  const pages = eachPage<ResponseDoc>(
    {
      collection: COLLECTIONS.surveyResponses,
      where: { surveyId: survey._id },
      orderBy: 'sortKey',
      order: 'desc',
      limit: PAGE,
    },
    MAX_EXPORT_ROWS / PAGE,
  );
  for await (const rows of pages) responses.push(...rows);
  const grids = await loadOrgs(responses.map((r) => r.gridId).filter((g): g is string => Boolean(g)));
  const stamp = toIso(new Date()).slice(0, 16).replace(/[-:T]/g, '');
  const file = await writeXlsx({
    cloudPath: `exports/surveys/${survey._id}/${stamp}-${crypto.randomBytes(4).toString('hex')}.xlsx`,
    sheet: '答卷',
    header: ['序号', '提交时间', '填写方式', '网格', ...survey.questions.map((q) => q.title)],
    rows: responses.map((r, i) => [
      i + 1,
      chinaTime(r.createdAt),
      r.onBehalf ? '网格员代填' : '本人填写',
      (r.gridId && grids.get(r.gridId)?.name) || '',
      ...survey.questions.map((q) => cellOf(q, r.answers[q.id])),
    ]),
    widths: [6, 18, 10, 14, ...survey.questions.map(() => 18)],
    kind: 'survey.responses',
    targetId: survey._id,
    createdBy,
  });
  return { ...file, rows: responses.length };
}

import type { Page, SurveyRespondent } from '../../miniprogram/shared/api';
import { addressText } from '../../miniprogram/shared/households';
import { SCALE_MAX, SCALE_MIN } from '../../miniprogram/shared/surveys';
import { _, db } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { invalid } from '../../backend/core/errors';
import { can, type Caller } from '../../backend/core/identity';
import { readPage } from '../../backend/core/paging';
import { toIso } from '../../backend/core/time';
import { SCOPE_ROLES, type HouseholdDoc, type MemberDoc } from '../../backend/households/model';
import { optionsOf } from '../../backend/surveys/counters';
import type { ResponseDoc, SurveyDoc } from '../../backend/surveys/model';

/** The stored answer a tally option stands for (a scale is stored as a number). */
function answerValueOf(survey: SurveyDoc, questionId: string, option: string): string | number {
  const q = survey.questions.find((x) => x.id === questionId);
  if (!q) throw invalid({ questionId: '问卷中没有这道题' });
  const match = optionsOf(q).find(([, label, value]) => value === option || label === option);
  if (!match) throw invalid({ option: '不是该题的选项' });
  if (q.type === 'scale') {
    const n = Number(match[2]);
    if (n < SCALE_MIN || n > SCALE_MAX) throw invalid({ option: '不是该题的选项' });
    return n;
  }
  return match[2];
}

/**
 * Members (with their household) who chose `option`, newest response first, limited to registered members in the
 * caller's scope: residents who are not in the registry, and members outside the caller's grids, are left out of
 * the page (so a page may hold fewer rows than `limit`).
 */
export async function listRespondents(
  survey: SurveyDoc,
  caller: Caller,
  input: { questionId: string; option: string; limit?: number; cursor?: string },
): Promise<Page<SurveyRespondent>> {
  const value = answerValueOf(survey, input.questionId, input.option);
  const { rows, nextCursor } = await readPage<ResponseDoc>({
    collection: COLLECTIONS.surveyResponses,
    where: { surveyId: survey._id, [`answers.${input.questionId}`]: value, memberId: _.neq(null) },
    orderBy: 'sortKey',
    order: 'desc',
    limit: input.limit,
    after: input.cursor,
  });
  const memberIds = rows.map((r) => r.memberId!);
  const householdIds = [...new Set(rows.map((r) => r.householdId!))];
  const [members, households] = await Promise.all([
    memberIds.length
      ? db
          .collection(COLLECTIONS.householdMembers)
          .where({ _id: _.in(memberIds) })
          .limit(memberIds.length)
          .get()
      : { data: [] },
    householdIds.length
      ? db
          .collection(COLLECTIONS.households)
          .where({ _id: _.in(householdIds) })
          .limit(householdIds.length)
          .get()
      : { data: [] },
  ]);
  const memberById = new Map((members.data as MemberDoc[]).map((m) => [m._id, m]));
  const householdById = new Map((households.data as HouseholdDoc[]).map((h) => [h._id, h]));
  const items: SurveyRespondent[] = [];
  for (const r of rows) {
    const m = memberById.get(r.memberId!);
    const h = householdById.get(r.householdId!);
    if (!m || !h || !can(caller, SCOPE_ROLES, h.ancestors)) continue;
    items.push({
      responseId: r._id,
      householdId: h._id,
      memberId: m._id,
      name: m.name,
      gridId: h.gridId,
      address: addressText(h.address),
      onBehalf: r.onBehalf,
      at: toIso(r.createdAt),
    });
  }
  return { items, nextCursor };
}

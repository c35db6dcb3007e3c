import crypto from 'node:crypto';
import type { AnswerValue } from '../../miniprogram/shared/api';
import { _, db, findById, isDuplicateKey } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { alreadyExists, denied, invalid, notFound, precondition } from '../core/errors';
import { can, type Caller } from '../core/identity';
import { createOnce } from '../core/replay';
import { enforce } from '../core/rules';
import { HOUSEHOLD_NOT_FOUND, SCOPE_ROLES, type HouseholdDoc, type MemberDoc } from '../households/model';
import { bumpCounters } from '../stats/counters';
import { deltasOf } from './counters';
import { sortKeyOf, type ResponseDoc, type SurveyDoc } from './model';
import { surveyRules } from './rules';
import { checkAnswers } from './validate';

/** Latest free-text answers kept on the counters document per text question (read by staff in scope only). */
export const KEPT_TEXTS = 20;

/** Whom a response is for: the member (the caller's own linked record, or one a grid worker answers for) or the caller. */
export interface Subject {
  key: string;
  householdId: string | null;
  memberId: string | null;
  gridId: string | null;
  onBehalf: boolean;
}

const hash = (s: string) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 32);

/** The caller themself: their claimed member record if any (so a grid worker cannot answer for them again). */
export async function selfSubject(openid: string): Promise<Subject> {
  const { data } = await db.collection(COLLECTIONS.householdMembers).where({ openid, status: 'active' }).limit(1).get();
  const member = data[0] as MemberDoc | undefined;
  if (!member) return { key: `p:${openid}`, householdId: null, memberId: null, gridId: null, onBehalf: false };
  return {
    key: `m:${member._id}`,
    householdId: member.householdId,
    memberId: member._id,
    gridId: member.gridId,
    onBehalf: false,
  };
}

/** A member of the grid worker's own grid, living under the survey's org. */
async function onBehalfSubject(
  survey: SurveyDoc,
  caller: Caller,
  target: { householdId: string; memberId: string },
): Promise<Subject> {
  enforce(surveyRules.answerOnBehalf(survey, caller));
  const [household, member] = await Promise.all([
    findById<HouseholdDoc>(COLLECTIONS.households, target.householdId),
    findById<MemberDoc>(COLLECTIONS.householdMembers, target.memberId),
  ]);
  if (!household || !member || member.householdId !== household._id || !can(caller, SCOPE_ROLES, household.ancestors)) {
    throw notFound(HOUSEHOLD_NOT_FOUND);
  }
  if (!can(caller, ['grid_worker'], household.ancestors)) throw denied('只有该网格的网格员可以代填');
  if (household.status !== 'active' || member.status !== 'active')
    throw precondition('MEMBER_MOVED_OUT', '该成员已迁出');
  if (!household.ancestors.includes(survey.orgId)) {
    throw invalid({ 'onBehalfOf.householdId': '该住户不在问卷范围内' });
  }
  return {
    key: `m:${member._id}`,
    householdId: household._id,
    memberId: member._id,
    gridId: household.gridId,
    onBehalf: true,
  };
}

/** The id of the one response a subject may give to a survey. */
export const responseIdOf = (surveyId: string, subjectKey: string) => hash(`response:${surveyId}:${subjectKey}`);

/** The counters' update of one response: increments, and the text kept for staff. */
function countersUpdate(survey: SurveyDoc, response: ResponseDoc): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [path, n] of Object.entries(
    deltasOf(survey.questions, response.answers, response.gridId, response.onBehalf),
  )) {
    data[path] = _.inc(n);
  }
  for (const q of survey.questions) {
    const text = response.answers[q.id];
    if (q.type === 'text' && typeof text === 'string') {
      data[`tx.${q.id}`] = _.push({ each: [{ text, at: response.createdAt }], slice: -KEPT_TEXTS });
    }
  }
  return data;
}

export interface AnswerInput {
  answers: Record<string, AnswerValue>;
  clientToken?: string;
  onBehalfOf?: { householdId: string; memberId: string };
}

/**
 * Records one response and counts it. One per subject (`_id` collides: ALREADY_EXISTS); the same clientToken from
 * the same caller answers with the first response. The response is written before it is counted: a crash between
 * the two leaves one response uncounted (docs/surveys.md).
 */
export async function answerSurvey(
  survey: SurveyDoc,
  input: AnswerInput,
  openid: string,
  caller: () => Promise<Caller>,
): Promise<{ responseId: string; existing: boolean }> {
  enforce(surveyRules.answer(survey));
  const answers = checkAnswers(survey.questions, input.answers);
  const subject = input.onBehalfOf
    ? await onBehalfSubject(survey, await caller(), input.onBehalfOf)
    : await selfSubject(openid);
  const clientKey = input.clientToken
    ? hash(`token:${survey._id}:${openid}:${input.clientToken}`)
    : `auto:${crypto.randomBytes(12).toString('hex')}`;
  const responses = db.collection(COLLECTIONS.surveyResponses);
  return createOnce<ResponseDoc, { responseId: string; existing: boolean }>(
    input.clientToken
      ? {
          find: async () =>
            ((await responses.where({ clientKey }).limit(1).get()).data[0] as ResponseDoc | undefined) ?? undefined,
          visible: (earlier) => earlier.surveyId === survey._id,
          notFoundMessage: '答卷不存在',
        }
      : undefined,
    (earlier) => ({ responseId: earlier._id, existing: true }),
    async () => {
      const now = new Date();
      const id = responseIdOf(survey._id, subject.key);
      const anonymous = survey.anonymous;
      const response: ResponseDoc = {
        _id: id,
        surveyId: survey._id,
        clientKey,
        byKey: anonymous ? hash(`by:${survey._id}:${openid}`) : openid,
        onBehalf: subject.onBehalf,
        householdId: anonymous ? null : subject.householdId,
        memberId: anonymous ? null : subject.memberId,
        gridId: subject.gridId,
        answers,
        createdAt: now,
        sortKey: sortKeyOf(now, id),
      };
      try {
        await responses.add({ data: response });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const other = await findById<ResponseDoc>(COLLECTIONS.surveyResponses, id);
        // The same token a moment earlier: createOnce finds it. Anything else is a second answer.
        if (!other || other.clientKey === clientKey) throw err;
        throw alreadyExists(subject.onBehalf ? '该成员已经填写过这份问卷' : '你已经填写过这份问卷');
      }
      await db
        .collection(COLLECTIONS.surveyResults)
        .doc(survey._id)
        .update({ data: countersUpdate(survey, response) });
      await bumpStats(survey.ancestors, now, { 'surveys.responses': 1 });
      return { responseId: id, existing: false };
    },
  );
}

/** The dashboards' counters (backend/stats); a failure there never fails the survey's own step. */
export async function bumpStats(ancestors: string[], at: Date, deltas: Record<string, number>): Promise<void> {
  try {
    await bumpCounters(ancestors, at, deltas);
  } catch (err) {
    console.error(`[surveys] stats counters not updated (the stats recount repairs them): ${String(err)}`);
  }
}

import crypto from 'node:crypto';
import type { QuestionResult, SurveyView } from '../../miniprogram/shared/api';
import { BY_GRID } from '../../miniprogram/shared/surveys';
import { surveysSchemas } from '../../miniprogram/shared/schemas/surveys';
import { audit } from '../../backend/core/audit';
import { _, db, findById } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { denied, invalid, precondition } from '../../backend/core/errors';
import { can, type Caller } from '../../backend/core/identity';
import { createScene, loadActiveOrg, loadOrg, loadOrgs } from '../../backend/core/orgs';
import { pageOf, readPage } from '../../backend/core/paging';
import { action, createRouter } from '../../backend/core/router';
import { enforce } from '../../backend/core/rules';
import { toIso } from '../../backend/core/time';
import { homeOrgIdOf } from '../../backend/core/users';
import { answerSurvey, bumpStats, responseIdOf, selfSubject } from '../../backend/surveys/answer';
import { crosstabRows, dimensionsOf, questionResult } from '../../backend/surveys/counters';
import {
  loadSurvey,
  sortKeyOf,
  toSurveySummary,
  type ResponseDoc,
  type ResultsDoc,
  type SurveyDoc,
} from '../../backend/surveys/model';
import { assertVisible, mayManage, surveyCan, surveyRules } from '../../backend/surveys/rules';
import { SURVEY_TEMPLATES, templateByKey } from '../../backend/surveys/templates';
import { checkQuestions } from '../../backend/surveys/validate';
import { exportResponses } from './export';
import { listRespondents } from './respondents';

const surveys = () => db.collection(COLLECTIONS.surveys);

/** The response count, read from the counters document (staff views only). */
async function responseCount(surveyId: string): Promise<number> {
  const { data } = await db
    .collection(COLLECTIONS.surveyResults)
    .where({ _id: surveyId })
    .field({ r: true })
    .limit(1)
    .get();
  return (data[0] as ResultsDoc | undefined)?.r ?? 0;
}

async function surveyView(survey: SurveyDoc, caller: Caller, openid: string): Promise<SurveyView> {
  const manager = mayManage(caller, survey);
  const [responses, mine] = await Promise.all([
    manager ? responseCount(survey._id) : Promise.resolve(0),
    selfSubject(openid).then((s) =>
      findById<ResponseDoc>(COLLECTIONS.surveyResponses, responseIdOf(survey._id, s.key)),
    ),
  ]);
  const view: SurveyView = {
    ...toSurveySummary(survey, responses),
    questions: survey.questions,
    scene: survey.scene,
    can: surveyCan(survey, caller),
  };
  if (survey.intro) view.intro = survey.intro;
  if (survey.fromTemplate) view.fromTemplate = survey.fromTemplate;
  if (mine) view.myResponse = { responseId: mine._id, at: toIso(mine.createdAt), answers: mine.answers };
  return view;
}

/** A closing time must lie ahead. */
function closesAtOf(value: string | null | undefined): Date | null {
  if (!value) return null;
  const at = new Date(value);
  if (at.getTime() <= Date.now()) throw invalid({ closesAt: '截止时间须晚于现在' });
  return at;
}

async function loadForCaller(id: string, caller: Caller): Promise<SurveyDoc> {
  const survey = await loadSurvey(id);
  assertVisible(caller, survey);
  return survey;
}

/** Moves a survey from one state to the next, conditionally (two managers tapping at once change it once). */
async function transition(survey: SurveyDoc, from: SurveyDoc['status'], set: Partial<SurveyDoc>): Promise<SurveyDoc> {
  const { stats } = await surveys()
    .where({ _id: survey._id, status: from })
    .update({ data: { ...set, updatedAt: new Date() } });
  if (stats.updated !== 1) throw precondition('SURVEY_CHANGED', '问卷状态已变化，请刷新');
  return { ...survey, ...set };
}

const router = createRouter('surveys', {
  /** The built-in questionnaires a survey may start from. */
  templates: action({
    schema: surveysSchemas.templates,
    async handler() {
      return { items: SURVEY_TEMPLATES.map((t) => ({ ...t, questions: t.questions.map((q) => ({ ...q })) })) };
    },
  }),

  /** Staff/admin in scope create a draft (from a template or blank) with its own QR code. */
  create: action({
    schema: surveysSchemas.create,
    limit: { max: 30, windowSeconds: 3600 },
    async handler(input, ctx) {
      const [org, caller] = await Promise.all([loadActiveOrg(input.orgId), ctx.caller()]);
      if (!can(caller, ['staff', 'admin'], org.ancestors)) throw denied('只能在自己管辖的组织内发起问卷');
      if (input.fromTemplate && !templateByKey(input.fromTemplate)) throw invalid({ fromTemplate: '没有这个模板' });
      const questions = checkQuestions(input.questions);
      const closesAt = closesAtOf(input.closesAt);
      const now = new Date();
      const id = crypto.randomBytes(16).toString('hex');
      const scene = await createScene('survey', id, { newTarget: true });
      const survey: SurveyDoc = {
        _id: id,
        orgId: org._id,
        orgName: org.name,
        ancestors: org.ancestors,
        title: input.title,
        intro: input.intro || null,
        questions,
        anonymous: Boolean(input.anonymous),
        closesAt,
        status: 'draft',
        scene,
        fromTemplate: input.fromTemplate ?? null,
        createdBy: ctx.openid,
        createdAt: now,
        updatedAt: now,
        publishedAt: null,
        closedAt: null,
        sortKey: sortKeyOf(now, id),
      };
      await db.collection(COLLECTIONS.surveyResults).add({ data: { _id: id, r: 0 } });
      await surveys().add({ data: survey });
      return { id, scene };
    },
  }),

  /** Edits a draft; a published survey keeps its questions (answers are counted against them). */
  update: action({
    schema: surveysSchemas.update,
    limit: { max: 120, windowSeconds: 3600 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const survey = await loadForCaller(input.id, caller);
      enforce(surveyRules.update(survey, caller));
      const set: Partial<SurveyDoc> = {};
      if (input.title !== undefined) set.title = input.title;
      if (input.intro !== undefined) set.intro = input.intro || null;
      if (input.questions !== undefined) set.questions = checkQuestions(input.questions);
      if (input.anonymous !== undefined) set.anonymous = input.anonymous;
      if (input.closesAt !== undefined) set.closesAt = closesAtOf(input.closesAt);
      if (input.fromTemplate !== undefined) {
        if (!templateByKey(input.fromTemplate)) throw invalid({ fromTemplate: '没有这个模板' });
        set.fromTemplate = input.fromTemplate;
      }
      const data: Record<string, unknown> = { ...set };
      if (set.questions) data.questions = _.set(set.questions);
      const { stats } = await surveys()
        .where({ _id: survey._id, status: 'draft' })
        .update({ data: { ...data, updatedAt: new Date() } });
      if (stats.updated !== 1) throw precondition('SURVEY_NOT_DRAFT', '问卷发布后不能再修改');
      return surveyView({ ...survey, ...set }, caller, ctx.openid);
    },
  }),

  publish: action({
    schema: surveysSchemas.publish,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const survey = await loadForCaller(input.id, caller);
      enforce(surveyRules.publish(survey, caller));
      if (survey.closesAt && new Date(survey.closesAt).getTime() <= Date.now()) {
        throw precondition('CLOSES_AT_PASSED', '截止时间已过，请先修改截止时间');
      }
      const now = new Date();
      const published = await transition(survey, 'draft', { status: 'published', publishedAt: now });
      await bumpStats(survey.ancestors, now, { 'surveys.open': 1 });
      return surveyView(published, caller, ctx.openid);
    },
  }),

  close: action({
    schema: surveysSchemas.close,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const survey = await loadForCaller(input.id, caller);
      enforce(surveyRules.close(survey, caller));
      const now = new Date();
      const closed = await transition(survey, 'published', { status: 'closed', closedAt: now });
      await bumpStats(survey.ancestors, now, { 'surveys.open': -1 });
      return surveyView(closed, caller, ctx.openid);
    },
  }),

  /**
   * Staff (and grid workers) passing an org they work in: every survey under it, newest first. Anyone else: the
   * published surveys of the org (default: their home) and its ancestors.
   */
  list: action({
    schema: surveysSchemas.list,
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const orgId = input.orgId ?? (await homeOrgIdOf(ctx.openid));
      if (!orgId) return { items: [], nextCursor: null };
      const org = await loadOrg(orgId);
      const staff = input.orgId !== undefined && can(caller, ['staff', 'admin'], org.ancestors);
      const where: Record<string, unknown> = staff
        ? { ancestors: org._id, ...(input.status ? { status: input.status } : {}) }
        : { orgId: _.in(org.ancestors), status: 'published' };
      const rows = await readPage<SurveyDoc>({
        collection: COLLECTIONS.surveys,
        where,
        orderBy: 'sortKey',
        order: 'desc',
        limit: input.limit,
        after: input.cursor,
      });
      return pageOf(rows, (s) => toSurveySummary(s));
    },
  }),

  get: action({
    schema: surveysSchemas.get,
    async handler(input, ctx) {
      const caller = await ctx.caller();
      return surveyView(await loadForCaller(input.id, caller), caller, ctx.openid);
    },
  }),

  /** One response per person (and per member); a grid worker may fill it in for a member of their grid. */
  answer: action({
    schema: surveysSchemas.answer,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const survey = await loadSurvey(input.id);
      if (survey.status === 'draft') assertVisible(await ctx.caller(), survey);
      return answerSurvey(survey, input, ctx.openid, ctx.caller);
    },
  }),

  /**
   * Tallies, averages and a cross-tab, read from the counters (the same few reads for any number of responses).
   * Breakdown cells of 1..4 are '<5'; free text is listed for staff/admin in scope only.
   */
  results: action({
    schema: surveysSchemas.results,
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const survey = await loadForCaller(input.id, caller);
      enforce(surveyRules.results(survey, caller));
      if (input.by && !dimensionsOf(survey.questions).includes(input.by)) {
        throw invalid({ by: '只能按民族、户籍、单选题或网格分组' });
      }
      const counters = (await findById<ResultsDoc & { tx?: Record<string, { text: string; at: Date }[]> }>(
        COLLECTIONS.surveyResults,
        survey._id,
      )) ?? { _id: survey._id };
      const readsTexts = mayManage(caller, survey);
      const questions: QuestionResult[] = survey.questions.map((q) => {
        const result: QuestionResult = questionResult(q, counters.q?.[q.id]);
        if (q.type === 'text') {
          result.texts = { count: result.answered };
          if (readsTexts) {
            result.texts.items = [...(counters.tx?.[q.id] ?? [])]
              .reverse()
              .map((t) => ({ text: t.text, at: toIso(t.at) }));
          }
        }
        return result;
      });
      let crosstab;
      if (input.by) {
        const gridIds =
          input.by === BY_GRID
            ? Object.keys(counters.x?.[BY_GRID] ?? {})
                .filter((g) => g.startsWith('g'))
                .map((g) => g.slice(1))
            : [];
        const grids = await loadOrgs(gridIds);
        const names = new Map([...grids].map(([id, o]) => [id, o.name]));
        crosstab = { by: input.by, rows: crosstabRows(survey.questions, counters, input.by, names) };
      }
      return {
        survey: toSurveySummary(survey, counters.r ?? 0),
        responses: counters.r ?? 0,
        onBehalf: counters.ob ?? 0,
        questions,
        ...(crosstab ? { crosstab } : {}),
        canListRespondents: readsTexts && !survey.anonymous,
      };
    },
  }),

  /** Every response as an Excel file (staff/admin in scope), audited. No names: answers, time, grid, who filled it. */
  export: action({
    schema: surveysSchemas.export,
    limit: { max: 10, windowSeconds: 60 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const survey = await loadForCaller(input.id, caller);
      enforce(surveyRules.export(survey, caller));
      const file = await exportResponses(survey, ctx.openid);
      await audit({
        actor: ctx.openid,
        action: 'survey.export',
        targetType: 'survey',
        targetId: survey._id,
        orgId: survey.orgId,
        details: { rows: file.rows },
      });
      return { ...file, ...(file.tempUrl ? { tempFileURL: file.tempUrl } : {}) };
    },
  }),

  /** Households and members of the caller's scope who chose an option: a visit list from a finding. */
  respondents: action({
    schema: surveysSchemas.respondents,
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const survey = await loadForCaller(input.id, caller);
      enforce(surveyRules.export(survey, caller));
      if (survey.anonymous) throw precondition('SURVEY_ANONYMOUS', '匿名问卷不能查看填写人');
      return listRespondents(survey, caller, input);
    },
  }),
});

export const main = router;

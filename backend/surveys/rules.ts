import type { SurveyCan } from '../../miniprogram/shared/api';
import { denied, notFound, precondition } from '../core/errors';
import { can, type Caller } from '../core/identity';
import { judge, type Refusal } from '../core/rules';
import { isOpen, SURVEY_NOT_FOUND, type SurveyDoc } from './model';

/**
 * Who may do what with a survey (docs/surveys.md "Who sees what"):
 * - staff/admin whose scope covers the survey's org manage it (edit while draft, publish, close, results, export);
 * - a grid worker whose grid lies under the survey's org reads its results (free text as a count only) and fills it
 *   in for members of their grid;
 * - anyone may read and answer a published survey (it reaches people by QR code and forwarded posters); a draft
 *   exists only for its managers.
 */
export function mayManage(caller: Caller, survey: Pick<SurveyDoc, 'ancestors'>): boolean {
  return can(caller, ['staff', 'admin'], survey.ancestors);
}

/** A grid worker of some grid under the survey's org. */
export function isGridWorkerUnder(caller: Caller, survey: Pick<SurveyDoc, '_id' | 'orgId'>): boolean {
  return caller.grants.some((g) => g.role === 'grid_worker' && g.ancestors.includes(survey.orgId));
}

/** A draft is seen only by its managers; a published or closed survey by anyone. */
export function visible(caller: Caller, survey: SurveyDoc): boolean {
  return survey.status !== 'draft' || mayManage(caller, survey);
}

const manager = (caller: Caller, survey: SurveyDoc): Refusal =>
  mayManage(caller, survey) ? undefined : denied('只有问卷所属组织的工作人员可以操作');

const open = (survey: SurveyDoc): Refusal =>
  isOpen(survey) ? undefined : precondition('SURVEY_CLOSED', survey.status === 'draft' ? '问卷尚未发布' : '问卷已结束');

export const surveyRules = {
  update: (s: SurveyDoc, c: Caller): Refusal =>
    manager(c, s) ?? (s.status === 'draft' ? undefined : precondition('SURVEY_NOT_DRAFT', '问卷发布后不能再修改')),
  publish: (s: SurveyDoc, c: Caller): Refusal =>
    manager(c, s) ?? (s.status === 'draft' ? undefined : precondition('SURVEY_NOT_DRAFT', '问卷已发布')),
  close: (s: SurveyDoc, c: Caller): Refusal =>
    manager(c, s) ?? (s.status === 'published' ? undefined : precondition('SURVEY_NOT_PUBLISHED', '问卷不在进行中')),
  answer: (s: SurveyDoc): Refusal => open(s),
  answerOnBehalf: (s: SurveyDoc, c: Caller): Refusal =>
    open(s) ?? (isGridWorkerUnder(c, s) ? undefined : denied('只有问卷范围内的网格员可以代填')),
  results: (s: SurveyDoc, c: Caller): Refusal =>
    mayManage(c, s) || isGridWorkerUnder(c, s) ? undefined : denied('没有查看该问卷结果的权限'),
  export: (s: SurveyDoc, c: Caller): Refusal => manager(c, s),
} satisfies Record<keyof SurveyCan, (s: SurveyDoc, c: Caller) => Refusal>;

export function surveyCan(survey: SurveyDoc, caller: Caller): SurveyCan {
  return judge(surveyRules, survey, caller);
}

/** NOT_FOUND for a survey the caller may not know of. */
export function assertVisible(caller: Caller, survey: SurveyDoc): void {
  if (!visible(caller, survey)) throw notFound(SURVEY_NOT_FOUND);
}

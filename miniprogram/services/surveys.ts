import type { ReqOf } from '../shared/api';
import { callCloud } from './cloud';

/** 需求问卷 (`surveys`): templates, the builder, answers and results. */

/** The built-in questionnaires a survey may start from. */
export const surveyTemplates = () => callCloud('surveys', 'templates', {});

/** Surveys: with `orgId` (staff) every survey under it; without, the open surveys of the user's home. */
export const listSurveys = (req: ReqOf<'surveys', 'list'>) => callCloud('surveys', 'list', req);

/** One survey with the user's own response and what they may do with it. */
export const getSurvey = (id: string) => callCloud('surveys', 'get', { id });

/** Staff: a new draft (returns its id and QR scene). */
export const createSurvey = (req: ReqOf<'surveys', 'create'>) => callCloud('surveys', 'create', req);

/** Staff: edit a draft. */
export const updateSurvey = (req: ReqOf<'surveys', 'update'>) => callCloud('surveys', 'update', req);

export const publishSurvey = (id: string) => callCloud('surveys', 'publish', { id });

export const closeSurvey = (id: string) => callCloud('surveys', 'close', { id });

/** One response; the same clientToken again answers with the first. */
export const answerSurvey = (req: ReqOf<'surveys', 'answer'>) => callCloud('surveys', 'answer', req);

/** Tallies, averages and (with `by`) a cross-tab. */
export const surveyResults = (req: ReqOf<'surveys', 'results'>) => callCloud('surveys', 'results', req);

/** Staff: every response as an Excel file (a short-lived link; audited). */
export const exportSurvey = (id: string) => callCloud('surveys', 'export', { id });

/** Staff: the registered members of their scope who chose an option (a visit list). */
export const surveyRespondents = (req: ReqOf<'surveys', 'respondents'>) => callCloud('surveys', 'respondents', req);

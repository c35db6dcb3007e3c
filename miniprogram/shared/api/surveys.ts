import type { surveysSchemas } from '../schemas/surveys';
import type { Cell, QuestionType, SurveyStatus } from '../surveys';
import type { ExportFile, In, Page } from './common';

/** Needs surveys (`surveys`): builder, answers, counters-backed results (docs/surveys.md). */

export interface SurveyQuestion {
  id: string;
  type: QuestionType;
  title: string;
  options?: string[];
  required?: boolean;
}

export interface SurveyTemplate {
  key: string;
  title: string;
  intro: string;
  questions: SurveyQuestion[];
}

export interface SurveySummary {
  id: string;
  orgId: string;
  orgName: string;
  title: string;
  status: SurveyStatus;
  anonymous: boolean;
  questionCount: number;
  responses: number;
  closesAt?: string;
  publishedAt?: string;
  /** Answering is possible now: published and not past `closesAt`. */
  open: boolean;
}

/** What the caller may do with a survey, computed by the server's rules (backend/surveys/rules.ts). */
export interface SurveyCan {
  update: boolean;
  publish: boolean;
  close: boolean;
  answer: boolean;
  /** Fill it in for a member of one's grid (grid workers whose grid is under the survey's org). */
  answerOnBehalf: boolean;
  results: boolean;
  export: boolean;
}

export type AnswerValue = string | number | string[];

export interface SurveyView extends SurveySummary {
  intro?: string;
  questions: SurveyQuestion[];
  scene: string;
  fromTemplate?: string;
  myResponse?: { responseId: string; at: string; answers: Record<string, AnswerValue> };
  can: SurveyCan;
}

export interface QuestionResult {
  id: string;
  type: QuestionType;
  title: string;
  /** Answers given to this question (exact). */
  answered: number;
  /** Per option (choices, ethnicity code names, residency labels, scale 1..5); 1..4 is `'<5'`. */
  tallies: { option: string; value: string; count: Cell }[];
  /** Scale and number questions; null while fewer than 5 answered. */
  average?: number | null;
  /** Text questions: the count; `items` (newest first, at most 20) only for staff/admin in scope. */
  texts?: { count: number; items?: { text: string; at: string }[] };
}

export interface CrosstabRow {
  /** The group's key (an option, an ethnicity code, a residency, a grid id, or `none`) and its label. */
  group: string;
  label: string;
  responses: Cell;
  questions: Omit<QuestionResult, 'texts'>[];
}

export interface SurveyResults {
  survey: SurveySummary;
  responses: number;
  onBehalf: number;
  questions: QuestionResult[];
  crosstab?: { by: string; rows: CrosstabRow[] };
  /** Whether `surveys.respondents` (turning a tally into a visit list) is available to the caller. */
  canListRespondents: boolean;
}

export interface SurveyRespondent {
  responseId: string;
  householdId: string;
  memberId: string;
  name: string;
  gridId: string;
  address: string;
  onBehalf: boolean;
  at: string;
}

export interface SurveysApi {
  templates: { req: In<typeof surveysSchemas.templates>; res: { items: SurveyTemplate[] } };
  create: { req: In<typeof surveysSchemas.create>; res: { id: string; scene: string } };
  update: { req: In<typeof surveysSchemas.update>; res: SurveyView };
  publish: { req: In<typeof surveysSchemas.publish>; res: SurveyView };
  close: { req: In<typeof surveysSchemas.close>; res: SurveyView };
  list: { req: In<typeof surveysSchemas.list>; res: Page<SurveySummary> };
  get: { req: In<typeof surveysSchemas.get>; res: SurveyView };
  answer: { req: In<typeof surveysSchemas.answer>; res: { responseId: string; existing: boolean } };
  results: { req: In<typeof surveysSchemas.results>; res: SurveyResults };
  export: { req: In<typeof surveysSchemas.export>; res: ExportFile & { tempFileURL?: string; rows: number } };
  respondents: { req: In<typeof surveysSchemas.respondents>; res: Page<SurveyRespondent> };
}

import type { SurveyQuestion, SurveySummary } from '../../miniprogram/shared/api';
import type { SurveyStatus } from '../../miniprogram/shared/surveys';
import { findById, type Doc } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { notFound } from '../core/errors';
import { toIso } from '../core/time';

/** A survey: its questions, its state (draft → published → closed) and the org whose subtree it reaches. */
export interface SurveyDoc extends Doc {
  orgId: string;
  orgName: string;
  /** The org's path from the root, itself included (moves rewrite it: backend/core/scoped-collections.ts). */
  ancestors: string[];
  title: string;
  intro: string | null;
  questions: SurveyQuestion[];
  anonymous: boolean;
  closesAt: Date | null;
  status: SurveyStatus;
  scene: string;
  fromTemplate: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  closedAt: Date | null;
  /** Creation time (base 36) + '-' + _id: newest first by a descending walk. */
  sortKey: string;
}

/**
 * One response. `_id` is a one-way hash of (survey, subject) where the subject is the member the answer is for (the
 * resident's own linked member record, or the member a grid worker fills it in for) or else the caller: a second
 * answer for the same person collides on `_id`. Anonymous surveys keep neither openid nor member ids.
 */
export interface ResponseDoc extends Doc {
  surveyId: string;
  /** (survey, caller, clientToken): the same token answers with the first response. */
  clientKey: string;
  /** The submitter's openid, or a hash of it on an anonymous survey. */
  byKey: string;
  onBehalf: boolean;
  householdId: string | null;
  memberId: string | null;
  gridId: string | null;
  answers: Record<string, string | number | string[]>;
  createdAt: Date;
  sortKey: string;
}

/** Counters of a survey, `_id` = the survey's id; the field layout is in ./counters.ts. */
export interface ResultsDoc extends Doc {
  r?: number;
  ob?: number;
  q?: Record<string, QuestionCounters>;
  x?: Record<string, Record<string, { r?: number; q?: Record<string, QuestionCounters> }>>;
}

export interface QuestionCounters {
  /** Answered. */
  n?: number;
  /** Per option key. */
  c?: Record<string, number>;
  /** Sum of scale/number answers. */
  s?: number;
}

export const SURVEY_NOT_FOUND = '问卷不存在';

export async function loadSurvey(id: string): Promise<SurveyDoc> {
  const survey = await findById<SurveyDoc>(COLLECTIONS.surveys, id);
  if (!survey) throw notFound(SURVEY_NOT_FOUND);
  return survey;
}

export function sortKeyOf(createdAt: Date, id: string): string {
  return `${createdAt.getTime().toString(36).padStart(10, '0')}-${id}`;
}

/** Answering is possible: published and not past its closing time. */
export function isOpen(survey: SurveyDoc, now = new Date()): boolean {
  return survey.status === 'published' && (!survey.closesAt || new Date(survey.closesAt).getTime() > now.getTime());
}

export function toSurveySummary(survey: SurveyDoc, responses = 0): SurveySummary {
  const summary: SurveySummary = {
    id: survey._id,
    orgId: survey.orgId,
    orgName: survey.orgName,
    title: survey.title,
    status: survey.status,
    anonymous: survey.anonymous,
    questionCount: survey.questions.length,
    responses,
    open: isOpen(survey),
  };
  if (survey.closesAt) summary.closesAt = toIso(survey.closesAt);
  if (survey.publishedAt) summary.publishedAt = toIso(survey.publishedAt);
  return summary;
}

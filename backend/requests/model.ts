import type {
  MediationEntry,
  RequestMessage,
  RequestSummary,
  RequestView,
  TimelineEntry,
} from '../../miniprogram/shared/api';
import type { RequestCategory } from '../../miniprogram/shared/categories';
import { maskPhone } from '../../miniprogram/shared/mask';
import {
  OPEN_STATUSES,
  type EscalationLevel,
  type RequestLanguage,
  type RequestStatus,
  type TimelineType,
} from '../../miniprogram/shared/requests';
import type { Doc } from '../core/cloud';
import { decrypt } from '../core/pii';
import { toIso } from '../core/time';
import { requestCan, type RequestActor } from './rules';

export interface StoredMessage {
  id: string;
  at: Date;
  by: string;
  from: 'requester' | 'staff';
  name?: string;
  text: string;
}

export interface StoredTimelineEntry {
  at: Date;
  by: string;
  type: TimelineType;
  actor: 'requester' | 'staff';
  name?: string;
  note?: string;
}

export interface RequestDoc extends Doc {
  requesterOpenid: string;
  /** Unique per requester and clientToken: a repeated create returns the first request. */
  clientKey: string;
  orgId: string;
  orgName: string;
  /** The org's path from the root: grid workers of a grid and staff of any org above it see the request. */
  ancestors: string[];
  category: RequestCategory;
  description: string;
  contactName?: string;
  contactPhoneEnc?: string;
  images: string[];
  status: RequestStatus;
  assigneeOpenid: string | null;
  assigneeName?: string;
  resolution?: string;
  rating?: { score: number; comment?: string };
  dueAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Newest first, unique: `<createdAt ms base36, padded>-<id>`; the index key of every list and its cursor. */
  sortKey: string;
  messages: StoredMessage[];
  timeline: StoredTimelineEntry[];
  householdId?: string;
  needsBilingual?: boolean;
  language?: RequestLanguage;
  voice?: { fileID: string; seconds: number };
  /** The level it was escalated to (null: never), the org there, and when the next step up is due (null: none). */
  escalatedLevel?: EscalationLevel | null;
  escalatedOrgId?: string;
  escalatedOrgName?: string;
  escalateAt?: Date | null;
  mediation?: StoredMediation;
  /** `YYYY-MM` (China time) of the first mediation record: the month's ledger lists it. */
  mediationMonth?: string;
  /** When the follow-up visit message is due (08:00 China time on `mediation.followUpAt`); removed once sent. */
  followUpDueAt?: Date;
}

export interface StoredMediation {
  parties: string[];
  agreement: string;
  ethnicDimension: boolean;
  followUpAt?: string;
  recordedAt: Date;
  recordedBy: string;
  recordedByName: string;
}

export function toMediationEntry(m: StoredMediation): MediationEntry {
  return {
    parties: m.parties,
    agreement: m.agreement,
    ethnicDimension: m.ethnicDimension,
    ...(m.followUpAt ? { followUpAt: m.followUpAt } : {}),
    recordedAt: toIso(m.recordedAt),
    recordedBy: m.recordedByName,
  };
}

export function isOverdue(doc: Pick<RequestDoc, 'status' | 'dueAt'>, now = Date.now()): boolean {
  return OPEN_STATUSES.includes(doc.status) && new Date(doc.dueAt).getTime() < now;
}

export function sortKeyOf(createdAt: Date, id: string): string {
  return `${createdAt.getTime().toString(36).padStart(10, '0')}-${id}`;
}

export function toSummary(doc: RequestDoc): RequestSummary {
  const summary: RequestSummary = {
    id: doc._id,
    orgId: doc.orgId,
    orgName: doc.orgName,
    category: doc.category,
    excerpt: doc.description.length > 80 ? `${doc.description.slice(0, 80)}…` : doc.description,
    status: doc.status,
    overdue: isOverdue(doc),
    dueAt: toIso(doc.dueAt),
    createdAt: toIso(doc.createdAt),
    updatedAt: toIso(doc.updatedAt),
  };
  if (doc.escalatedLevel) {
    summary.escalatedLevel = doc.escalatedLevel;
    if (doc.escalatedOrgName) summary.escalatedOrgName = doc.escalatedOrgName;
  }
  if (doc.needsBilingual) summary.needsBilingual = true;
  if (doc.language) summary.language = doc.language;
  return summary;
}

/**
 * The full request as `actor` may see it: personal fields masked, staff shown by name and role, never by openid, and
 * what the actor may do with it (`can`, by the rules the actions enforce).
 */
export function toView(doc: RequestDoc, actor: RequestActor): RequestView {
  const viewer = actor.openid;
  const view: RequestView = {
    ...toSummary(doc),
    description: doc.description,
    images: doc.images,
    messages: doc.messages.map((m): RequestMessage => ({
      id: m.id,
      at: toIso(m.at),
      from: m.from,
      ...(m.name ? { name: m.name } : {}),
      text: m.text,
      mine: m.by === viewer,
    })),
    timeline: doc.timeline.map((t): TimelineEntry => ({
      at: toIso(t.at),
      type: t.type,
      actor: t.actor,
      ...(t.name ? { name: t.name } : {}),
      ...(t.note ? { note: t.note } : {}),
    })),
    mine: doc.requesterOpenid === viewer,
    can: requestCan(doc, actor),
  };
  if (doc.contactName) view.contactName = doc.contactName;
  if (doc.contactPhoneEnc) view.contactPhone = maskPhone(decrypt(doc.contactPhoneEnc));
  if (doc.assigneeOpenid) view.assignee = { name: doc.assigneeName ?? '工作人员', mine: doc.assigneeOpenid === viewer };
  if (doc.resolution) view.resolution = doc.resolution;
  if (doc.rating) view.rating = doc.rating;
  if (doc.householdId) view.householdId = doc.householdId;
  if (doc.voice) view.voice = doc.voice;
  if (doc.mediation) view.mediation = toMediationEntry(doc.mediation);
  return view;
}

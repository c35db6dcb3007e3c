import { _, db } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { invalid } from '../core/errors';
import { chinaDayKey } from '../core/workdays';
import type { MediationLedgerItem } from '../../miniprogram/shared/api';
import { toMediationEntry, type RequestDoc, type StoredMediation, type StoredTimelineEntry } from './model';

export interface MediationInput {
  parties: string[];
  agreement: string;
  ethnicDimension: boolean;
  followUpAt?: string;
}

/** 08:00 China time on a `YYYY-MM-DD` day: when the hourly timer delivers the follow-up message. */
function followUpDueAt(day: string): Date {
  const at = new Date(`${day}T08:00:00+08:00`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== day) throw invalid({ followUpAt: '日期无效' });
  return at;
}

/**
 * Records (or corrects) the mediation ledger entry of a `mediation` request. The ledger month is that of the first
 * record; a follow-up day must be today or later, and a new day replaces the pending reminder.
 */
export async function recordMediation(
  doc: RequestDoc,
  input: MediationInput,
  by: { openid: string; name: string },
): Promise<RequestDoc> {
  const now = new Date();
  const dueAt = input.followUpAt ? followUpDueAt(input.followUpAt) : undefined;
  if (input.followUpAt && input.followUpAt < chinaDayKey(now)) throw invalid({ followUpAt: '回访日期不能早于今天' });
  const mediation: StoredMediation = {
    parties: input.parties,
    agreement: input.agreement,
    ethnicDimension: input.ethnicDimension,
    ...(input.followUpAt ? { followUpAt: input.followUpAt } : {}),
    recordedAt: now,
    recordedBy: by.openid,
    recordedByName: by.name,
  };
  const mediationMonth = doc.mediationMonth ?? chinaDayKey(now).slice(0, 7);
  const entry: StoredTimelineEntry = { at: now, by: by.openid, type: 'mediation', actor: 'staff', name: by.name };
  await db
    .collection(COLLECTIONS.requests)
    .doc(doc._id)
    .update({
      data: {
        mediation: _.set(mediation),
        mediationMonth,
        followUpDueAt: dueAt ?? _.remove(),
        timeline: _.push(entry),
        updatedAt: now,
      },
    });
  const next: RequestDoc = { ...doc, mediation, mediationMonth, timeline: [...doc.timeline, entry], updatedAt: now };
  if (dueAt) next.followUpDueAt = dueAt;
  else delete next.followUpDueAt;
  return next;
}

export function toLedgerItem(doc: RequestDoc): MediationLedgerItem {
  return {
    requestId: doc._id,
    orgId: doc.orgId,
    orgName: doc.orgName,
    status: doc.status,
    ...toMediationEntry(doc.mediation!),
  };
}

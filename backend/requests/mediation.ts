import crypto from 'node:crypto';
import { _, db } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { invalid } from '../core/errors';
import { eachPage } from '../core/paging';
import { toIso } from '../core/time';
import { chinaDayKey } from '../core/workdays';
import { writeXlsx, type XlsxFile } from '../exports/xlsx';
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

const EXPORT_PAGE = 500;
/** A ledger export holds at most this many entries (the newest requests first). */
const MAX_EXPORT_ROWS = 10_000;
/** The walk stops this long before the invocation's deadline, leaving time to write the file. */
const EXPORT_MARGIN_MS = 5_000;

export interface LedgerExport extends XlsxFile {
  rows: number;
  /** The deadline (or MAX_EXPORT_ROWS) came first: the file holds only the newest `rows` entries. */
  truncated: boolean;
}

/**
 * The month's mediation ledger of an org's subtree as an .xlsx (矛盾纠纷排查台账), written by the `exports`
 * function: the entries are walked page by page, newest request first, until the list ends or the deadline nears.
 */
export async function exportMediationLedger(
  org: { _id: string },
  month: string,
  createdBy: string,
  deadline: number,
): Promise<LedgerExport> {
  const docs: RequestDoc[] = [];
  let truncated = false;
  const pages = eachPage<RequestDoc>(
    {
      collection: COLLECTIONS.requests,
      where: { ancestors: org._id, mediationMonth: month },
      orderBy: 'sortKey',
      order: 'desc',
      limit: EXPORT_PAGE,
    },
    MAX_EXPORT_ROWS / EXPORT_PAGE,
  );
  for await (const rows of pages) {
    docs.push(...rows);
    if (Date.now() > deadline - EXPORT_MARGIN_MS) {
      truncated = true;
      break;
    }
  }
  if (docs.length >= MAX_EXPORT_ROWS) truncated = true;
  const stamp = toIso(new Date()).slice(0, 16).replace(/[-:T]/g, '');
  const file = await writeXlsx({
    cloudPath: `exports/mediations/${org._id}/${month}-${stamp}-${crypto.randomBytes(4).toString('hex')}.xlsx`,
    sheet: `调解台账${month}`,
    header: [
      '序号',
      '日期',
      '社区/网格',
      '诉求编号',
      '当事人',
      '调解结果/协议',
      '是否涉及民族因素',
      '回访日期',
      '记录人',
    ],
    rows: docs.map((doc, i) => {
      const m = doc.mediation!;
      return [
        i + 1,
        chinaDayKey(m.recordedAt),
        doc.orgName,
        doc._id,
        m.parties.join('、'),
        m.agreement,
        m.ethnicDimension ? '是' : '否',
        m.followUpAt ?? '',
        m.recordedByName,
      ];
    }),
    widths: [6, 12, 16, 34, 20, 40, 10, 12, 18],
    kind: 'mediation.ledger',
    targetId: org._id,
    createdBy,
  });
  return { ...file, rows: docs.length, truncated };
}

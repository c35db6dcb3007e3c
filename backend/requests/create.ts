import crypto from 'node:crypto';
import { REQUEST_CATEGORIES, type RequestCategory } from '../../miniprogram/shared/categories';
import { db } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { invalid } from '../core/errors';
import { encrypt } from '../core/pii';
import { parseJsonObject, setting } from '../core/settings';
import type { OrgDoc } from '../core/orgs';
import { addWorkingDays } from '../core/workdays';
import { countRequestChange } from '../stats/hooks';
import type { RequestLanguage } from '../../miniprogram/shared/requests';
import { tellFrontLine } from './messages';
import { sortKeyOf, type RequestDoc } from './model';

export interface NewRequest {
  requesterOpenid: string;
  requesterName?: string;
  org: OrgDoc;
  category: RequestCategory;
  description: string;
  contactName?: string;
  contactPhone?: string;
  images?: string[];
  clientToken?: string;
  /** Set when a grid worker opens the request for a household during a visit. */
  householdId?: string;
  /** Timeline note, e.g. "网格员走访时代为提交". */
  note?: string;
  needsBilingual?: boolean;
  language?: RequestLanguage;
  /** A checked voice note (backend/requests/voice.ts) and its length in seconds. */
  voice?: { fileID: string; seconds: number };
}

/** Working days each category may take; `REQUEST_DUE_DAYS` (JSON, e.g. `{"medical":2}`) overrides the defaults. */
export function dueDaysFor(category: RequestCategory): number {
  const raw = setting('REQUEST_DUE_DAYS');
  const overrides = raw ? parseJsonObject(raw) : {};
  if (!overrides) console.warn('REQUEST_DUE_DAYS is not a JSON object; using the defaults');
  const override = overrides?.[category];
  if (typeof override === 'number' && Number.isInteger(override) && override > 0) return override;
  return REQUEST_CATEGORIES.find((c) => c.value === category)!.dueDays;
}

export function clientKeyOf(openid: string, clientToken?: string): string {
  return clientToken ? `${openid}:${clientToken}` : `${openid}:auto:${crypto.randomBytes(12).toString('hex')}`;
}

/** An existing request created with the same client token by the same caller (a double tap). */
export async function findByClientToken(openid: string, clientToken?: string): Promise<RequestDoc | undefined> {
  if (!clientToken) return undefined;
  const { data } = await db
    .collection(COLLECTIONS.requests)
    .where({ clientKey: clientKeyOf(openid, clientToken) })
    .limit(1)
    .get();
  return data[0] as RequestDoc | undefined;
}

/** Requests go to a community or a grid. */
export function checkRequestOrg(org: OrgDoc): void {
  if (org.level !== 'community' && org.level !== 'grid') throw invalid({ orgId: '诉求只能提交到社区或网格' });
}

/**
 * Writes a new request (one database call). Shared by `requests.create` and by household visits that open a
 * request on a household's behalf. `clientKey` is unique per (requester, clientToken): a racing duplicate fails
 * with a duplicate key, which `requests.create` answers with the winner (backend/core/replay.ts).
 */
export async function createRequest(input: NewRequest): Promise<RequestDoc> {
  const { org } = input;
  checkRequestOrg(org);
  const now = new Date();
  const id = crypto.randomBytes(16).toString('hex');
  const dueAt = addWorkingDays(now, dueDaysFor(input.category));
  const doc: RequestDoc = {
    _id: id,
    requesterOpenid: input.requesterOpenid,
    clientKey: clientKeyOf(input.requesterOpenid, input.clientToken),
    orgId: org._id,
    orgName: org.name,
    ancestors: org.ancestors,
    category: input.category,
    description: input.description,
    images: input.images ?? [],
    status: 'submitted',
    assigneeOpenid: null,
    dueAt,
    escalatedLevel: null,
    escalateAt: dueAt,
    createdAt: now,
    updatedAt: now,
    sortKey: sortKeyOf(now, id),
    messages: [],
    timeline: [
      {
        at: now,
        by: input.requesterOpenid,
        type: 'create',
        actor: input.householdId ? 'staff' : 'requester',
        ...(input.requesterName ? { name: input.requesterName } : {}),
        ...(input.note ? { note: input.note } : {}),
      },
    ],
  };
  if (input.contactName) doc.contactName = input.contactName;
  if (input.contactPhone) doc.contactPhoneEnc = encrypt(input.contactPhone);
  if (input.householdId) doc.householdId = input.householdId;
  if (input.needsBilingual) doc.needsBilingual = true;
  if (input.language) doc.language = input.language;
  if (input.voice) doc.voice = input.voice;
  await db.collection(COLLECTIONS.requests).add({ data: doc });
  await countRequestChange(null, doc);
  await tellFrontLine(doc, org, false);
  return doc;
}

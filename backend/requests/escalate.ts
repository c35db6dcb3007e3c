import type { RequestCategory } from '../../miniprogram/shared/categories';
import { ESCALATION_LEVELS, OPEN_STATUSES, type EscalationLevel } from '../../miniprogram/shared/requests';
import { _, db } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { loadOrgs } from '../core/orgs';
import { addWorkingDays } from '../core/workdays';
import { dueDaysFor } from './create';
import { tellEscalated, tellFollowUp } from './messages';
import type { RequestDoc, StoredTimelineEntry } from './model';

/**
 * Escalation (超期升级): a request still `submitted` at its due time, or `accepted` and still open a grace period of
 * working days after it, climbs one level (grid/community → community → street → district). Each request carries
 * `escalateAt`, the time its next step is due (null: none); the hourly timer takes those past it, and each step is a
 * conditional update on the level the run found, so two overlapping runs escalate once. After a step the next one is
 * due after the category's working days again, counted from the step.
 */

/** Working days an accepted request may run past its due date before it climbs; one place for every category. */
export const ACCEPTED_GRACE_DAYS: Record<RequestCategory, number> = {
  employment: 5,
  training: 5,
  schooling: 3,
  medical: 1,
  social_security: 5,
  disability: 3,
  legal_aid: 3,
  mediation: 2,
  gov_service: 3,
  housing: 5,
  language: 3,
  consult: 2,
  other: 3,
};

/** When an accepted request's next step is due: its due date (or now, if accepted late) plus the grace. */
export function acceptedEscalateAt(doc: Pick<RequestDoc, 'dueAt' | 'category'>, now = new Date()): Date {
  const from = new Date(Math.max(new Date(doc.dueAt).getTime(), now.getTime()));
  return addWorkingDays(from, ACCEPTED_GRACE_DAYS[doc.category]);
}

function nextLevel(current: string): EscalationLevel | undefined {
  if (current === 'grid') return 'community';
  return ESCALATION_LEVELS[ESCALATION_LEVELS.indexOf(current as EscalationLevel) + 1];
}

const BATCH = 50;
const MAX_BATCHES = 20;

/** One step up for one request; false when another run took it first (or it changed meanwhile). */
async function escalateOne(doc: RequestDoc, now: Date): Promise<boolean> {
  const orgs = await loadOrgs(doc.ancestors);
  const current = doc.escalatedLevel ?? orgs.get(doc.orgId)?.level ?? 'grid';
  const level = nextLevel(current);
  const target = level ? doc.ancestors.map((id) => orgs.get(id)).find((o) => o?.level === level) : undefined;
  const where = { _id: doc._id, orgId: doc.orgId, status: doc.status, escalatedLevel: doc.escalatedLevel ?? null };
  if (!level || !target) {
    // Nowhere left to climb (the top, or a tree without that level): stop looking at it.
    await db
      .collection(COLLECTIONS.requests)
      .where(where)
      .update({ data: { escalateAt: null } });
    return false;
  }
  const hasNext = Boolean(nextLevel(level));
  const entry: StoredTimelineEntry = {
    at: now,
    by: 'system',
    type: 'escalate',
    actor: 'staff',
    name: '系统',
    note: `超期未办结，升级至${target.name}`,
  };
  const { stats } = await db
    .collection(COLLECTIONS.requests)
    .where(where)
    .update({
      data: {
        escalatedLevel: level,
        escalatedOrgId: target._id,
        escalatedOrgName: target.name,
        escalateAt: hasNext ? addWorkingDays(now, dueDaysFor(doc.category)) : null,
        timeline: _.push(entry),
        updatedAt: now,
      },
    });
  if (stats.updated !== 1) return false;
  await tellEscalated({ ...doc, escalatedLevel: level }, target);
  return true;
}

/** The timer's escalation run: every open request whose next step is due climbs once. */
export async function escalateDue(now = new Date()): Promise<{ escalated: number }> {
  let escalated = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const { data } = await db
      .collection(COLLECTIONS.requests)
      .where({ status: _.in([...OPEN_STATUSES]), escalateAt: _.lte(now) })
      .orderBy('escalateAt', 'asc')
      .limit(BATCH)
      .get();
    for (const doc of data as RequestDoc[]) if (await escalateOne(doc, now)) escalated++;
    if (data.length < BATCH) break;
  }
  return { escalated };
}

/** The timer's follow-up run: mediation follow-ups due today land in the grid worker's messages, once. */
export async function sendDueFollowUps(now = new Date()): Promise<{ followUps: number }> {
  let followUps = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const { data } = await db
      .collection(COLLECTIONS.requests)
      .where({ followUpDueAt: _.lte(now) })
      .limit(BATCH)
      .get();
    for (const doc of data as RequestDoc[]) {
      followUps += (await tellFollowUp(doc)) > 0 ? 1 : 0;
      await db
        .collection(COLLECTIONS.requests)
        .doc(doc._id)
        .update({ data: { followUpDueAt: _.remove() } });
    }
    if (data.length < BATCH) break;
  }
  return { followUps };
}

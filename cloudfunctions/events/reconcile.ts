import type { ReconcileResult } from '../../miniprogram/shared/api';
import { _, db } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import type { EventDoc } from '../../backend/events/model';
import { repairCounters } from '../../backend/events/reconcile';
import { runPromotion } from './signup';

/** Events the hourly run looks at: open ones starting from half a day ago on (running or upcoming), soonest first. */
const SWEEP_LIMIT = 50;
const RUNNING_HOURS = 12;

/** Repairs the counters of one event from its sign-ups (see backend/events/reconcile.ts), then moves the waitlist. */
export async function reconcileEvent(event: EventDoc): Promise<ReconcileResult> {
  const { fixes, busy, promote } = await repairCounters(event);
  const promoted = promote ? (await runPromotion(event)).promoted.length : 0;
  return { eventId: event._id, busy, fixes, promoted };
}

/** What the hourly timer runs after the reminders: the same repair for every running or upcoming open event. */
export async function reconcileUpcoming(now = new Date()): Promise<{ checked: number; fixed: number; busy: number }> {
  const { data } = await db
    .collection(COLLECTIONS.events)
    .where({ status: 'open', startAt: _.gte(new Date(now.getTime() - RUNNING_HOURS * 3600_000)) })
    .orderBy('startAt', 'asc')
    .limit(SWEEP_LIMIT)
    .get();
  let fixed = 0;
  let busy = 0;
  for (const event of data as EventDoc[]) {
    const result = await reconcileEvent(event);
    if (result.fixes.length) fixed++;
    if (result.busy) busy++;
  }
  return { checked: data.length, fixed, busy };
}

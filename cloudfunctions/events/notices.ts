import crypto from 'node:crypto';
import type { SignupStatus } from '../../miniprogram/shared/events';
import { PAGES } from '../../miniprogram/shared/routes';
import { _, db } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { notify } from '../../backend/core/notify';
import { eachPage } from '../../backend/core/paging';
import { toIso } from '../../backend/core/time';
import type { EventDoc, SignupDoc } from '../../backend/events/model';

/**
 * Subscribe messages of events. Template ids come from the function's environment; the data keys are those of the
 * templates chosen in the mini-program console (docs/api.md lists them). A refused message (43101) never breaks
 * the change that caused it.
 */
export const REMINDER_TEMPLATE = 'TEMPLATE_EVENT_REMINDER';
export const CHANGED_TEMPLATE = 'TEMPLATE_EVENT_CHANGED';

/** Reminders go out this long before the start (the timer sweeps events starting within it). */
export const REMINDER_LEAD_HOURS = 24;
const PAGE = 100;
/** Upper bound of sign-ups one call walks through (capacity is at most 1000 people; the waitlist adds some). */
const MAX_PAGES = 50;
const SEND_CONCURRENCY = 8;

const chinaTime = (d: Date) => toIso(d).slice(0, 16).replace('T', ' ');
const detailPage = (eventId: string) => `${PAGES.eventDetail}?id=${eventId}`;

async function inBatches<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += SEND_CONCURRENCY)
    await Promise.all(items.slice(i, i + SEND_CONCURRENCY).map(fn));
}

/** Every sign-up of an event in the given statuses, page by page in queue order (bounded). */
function signupsOf(eventId: string, statuses: SignupStatus[], extra: Record<string, unknown> = {}) {
  return eachPage<SignupDoc>(
    {
      collection: COLLECTIONS.signups,
      where: { eventId, status: _.in(statuses), ...extra },
      orderBy: 'queueKey',
      order: 'asc',
      limit: PAGE,
    },
    MAX_PAGES,
  );
}

function changedData(event: EventDoc, change: string, note: string): Record<string, string> {
  return { thing1: event.title, thing2: change, time3: chinaTime(new Date(event.startAt)), thing4: note };
}

export async function notifyPromoted(event: EventDoc, signup: SignupDoc): Promise<void> {
  await notify(
    signup.openid,
    CHANGED_TEMPLATE,
    detailPage(event._id),
    changedData(event, '候补成功，已转为正式报名', event.location.name),
  );
}

/** Tells every active sign-up that the event changed (time, place) or was cancelled. Returns messages sent. */
export async function notifyChanged(event: EventDoc, change: string, note: string): Promise<number> {
  let sent = 0;
  for await (const docs of signupsOf(event._id, ['confirmed', 'waitlisted'])) {
    await inBatches(docs, async (s) => {
      if (await notify(s.openid, CHANGED_TEMPLATE, detailPage(event._id), changedData(event, change, note))) sent++;
    });
  }
  return sent;
}

/**
 * Reminds confirmed families who have not been reminded yet. Each batch is first claimed with a conditional
 * update (`remindedAt: null` → now, tagged with this run's batch id), so two runs at once never remind anyone twice.
 */
export async function sendReminders(event: EventDoc): Promise<{ sent: number; skipped: number }> {
  let sent = 0;
  let skipped = 0;
  for await (const docs of signupsOf(event._id, ['confirmed'], { remindedAt: null })) {
    const batch = crypto.randomBytes(8).toString('hex');
    await db
      .collection(COLLECTIONS.signups)
      .where({ _id: _.in(docs.map((d) => d._id)), remindedAt: null })
      .update({ data: { remindedAt: new Date(), reminderBatch: batch } });
    const mine = new Set(
      (
        await db.collection(COLLECTIONS.signups).where({ reminderBatch: batch, eventId: event._id }).limit(PAGE).get()
      ).data.map((d) => d._id),
    );
    const data = {
      thing1: event.title,
      time2: chinaTime(new Date(event.startAt)),
      thing3: event.location.name,
      thing4: '请准时参加，到场出示签到码',
    };
    await inBatches(
      docs.filter((d) => mine.has(d._id)),
      async (s) => {
        if (await notify(s.openid, REMINDER_TEMPLATE, detailPage(event._id), data)) sent++;
        else skipped++;
      },
    );
  }
  await db
    .collection(COLLECTIONS.events)
    .where({ _id: event._id })
    .update({ data: { remindersSentAt: new Date() } });
  return { sent, skipped };
}

/**
 * What the hourly timer trigger runs: reminders for every open event starting within the next
 * REMINDER_LEAD_HOURS that has not had them yet. Bounded per run; the next run picks up the rest.
 */
export async function sendDueReminders(now = new Date()): Promise<{ events: number; sent: number }> {
  const { data } = await db
    .collection(COLLECTIONS.events)
    .where({
      status: 'open',
      remindersSentAt: null,
      startAt: _.gt(now).and(_.lte(new Date(now.getTime() + REMINDER_LEAD_HOURS * 3600_000))),
    })
    .orderBy('startAt', 'asc')
    .limit(20)
    .get();
  let sent = 0;
  for (const event of data as EventDoc[]) sent += (await sendReminders(event)).sent;
  return { events: data.length, sent };
}

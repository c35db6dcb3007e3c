import type { DishBoardItem, EventSummary, EventView, SignupView } from '../../miniprogram/shared/api';
import { normalizeCuisine } from '../../miniprogram/shared/events';
import { eventsSchemas } from '../../miniprogram/shared/schemas/events';
import { audit } from '../../backend/core/audit';
import { _, db, findById } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { invalid, notFound, precondition } from '../../backend/core/errors';
import { loadActiveOrg, loadOrg } from '../../backend/core/orgs';
import { pageOf, readPage } from '../../backend/core/paging';
import type { Caller } from '../../backend/core/identity';
import { encrypt } from '../../backend/core/pii';
import { action, createRouter } from '../../backend/core/router';
import { enforce } from '../../backend/core/rules';
import { isTimerCall, runTimer } from '../../backend/core/timer';
import { toIso } from '../../backend/core/time';
import { homeOrgIdOf } from '../../backend/core/users';
import {
  familyLabel,
  loadEvent,
  toEventView,
  toRosterItem,
  toSignupView,
  toSummary,
  type EventDoc,
  type SignupDoc,
} from '../../backend/events/model';
import { eventCan, eventRules, mayManage } from '../../backend/events/rules';
import { checkEventTeam, creditEventHours } from '../../backend/community/hours';
import { countEventChange, countSignupChange } from '../../backend/stats/hooks';
import { exportRoster } from './export';
import { changeCapacity, createEvent, requireManager, updateSet } from './manage';
import { notifyChanged, sendDueReminders, sendReminders } from './notices';
import { reconcileEvent, reconcileUpcoming } from './reconcile';
import { cancelSignup, findActiveSignup, runPromotion, signUp, toDish, waitlistPosition } from './signup';

/** The caller's sign-up as shown to them, with its place in the queue while waitlisted. */
async function mySignupView(signup: SignupDoc | undefined): Promise<SignupView | null> {
  if (!signup) return null;
  return toSignupView(signup, signup.status === 'waitlisted' ? await waitlistPosition(signup) : undefined);
}

/** The event as the caller sees it: their own sign-up (with its place in the queue) and what they may do. */
async function eventView(event: EventDoc, caller: Caller, mine: SignupDoc | undefined): Promise<EventView> {
  return toEventView(event, await mySignupView(mine), {
    canManage: mayManage(caller, event),
    can: eventCan(event, { caller, mine }),
  });
}

/** Orgs whose events a list shows: the org asked for, else the caller's home (a community or a grid). */
async function listOrg(orgId: string | undefined, openid: string) {
  if (orgId) return loadOrg(orgId);
  const home = await homeOrgIdOf(openid);
  if (!home) throw precondition('NO_HOME', '请先选择所在社区');
  return loadOrg(home);
}

const router = createRouter('events', {
  /** Staff/admin in scope create an event with its own QR code. */
  create: action({
    schema: eventsSchemas.create,
    limit: { max: 60, windowSeconds: 3600 },
    async handler(input, ctx) {
      const [org, caller] = await Promise.all([loadActiveOrg(input.orgId), ctx.caller()]);
      requireManager(caller, org);
      await checkEventTeam(caller, input.type, input.teamId);
      const { orgId: _orgId, ...fields } = input;
      const event = await createEvent(org, fields, ctx.openid);
      return { id: event._id, scene: event.scene };
    },
  }),

  /** Edits an event; families signed up are told when the time or the place changes. */
  update: action({
    schema: eventsSchemas.update,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const [event, caller] = await Promise.all([loadEvent(input.id), ctx.caller()]);
      enforce(eventRules.update(event, { caller }));
      const { id: _id, capacity, ...fields } = input;
      if (fields.maxPartySize !== undefined && fields.maxPartySize > (capacity ?? event.capacity)) {
        throw invalid({ maxPartySize: '每户人数不能超过名额' });
      }
      await checkEventTeam(caller, fields.type ?? event.type, fields.teamId);
      const { set, moved } = updateSet(event, fields);
      if (capacity !== undefined) await changeCapacity(event, capacity);
      await db.collection(COLLECTIONS.events).doc(event._id).update({ data: set });
      if (set.startAt) {
        await db
          .collection(COLLECTIONS.signups)
          .where({ eventId: event._id, remindedAt: _.neq(null) })
          .update({ data: { remindedAt: null } });
      }
      let updated = await loadEvent(event._id);
      if (set.startAt) await countEventChange(event, updated);
      if ((capacity ?? 0) > event.capacity || (fields.waitlist === true && !event.waitlist)) {
        await runPromotion(updated);
        updated = await loadEvent(event._id);
      }
      if (moved) await notifyChanged(updated, '活动时间或地点有调整', updated.location.name);
      return eventView(updated, caller, await findActiveSignup(event._id, ctx.openid));
    },
  }),

  /** Cancels an event; every family signed up or waiting is told. */
  cancel: action({
    schema: eventsSchemas.cancel,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const [event, caller] = await Promise.all([loadEvent(input.id), ctx.caller()]);
      enforce(eventRules.cancel(event, { caller }));
      const now = new Date();
      const { stats } = await db
        .collection(COLLECTIONS.events)
        .where({ _id: event._id, status: 'open' })
        .update({ data: { status: 'cancelled', cancelReason: input.reason, cancelledAt: now, updatedAt: now } });
      if (stats.updated !== 1) throw precondition('EVENT_CANCELLED', '活动已取消');
      const cancelled: EventDoc = { ...event, status: 'cancelled', cancelReason: input.reason };
      await countEventChange(event, cancelled);
      await notifyChanged(cancelled, '活动已取消', input.reason);
      await audit({
        actor: ctx.openid,
        action: 'event.cancel',
        targetType: 'event',
        targetId: event._id,
        orgId: event.orgId,
        reason: input.reason,
      });
      return eventView(cancelled, caller, await findActiveSignup(event._id, ctx.openid));
    },
  }),

  /**
   * Upcoming events (or past ones, newest first) shown to residents of an org: its own and its ancestors' (a
   * street-wide 长街宴 shows in each community). Default org: the caller's home. `subtree`: every event under it.
   */
  list: action({
    schema: eventsSchemas.list,
    async handler(input, ctx) {
      const org = await listOrg(input.orgId, ctx.openid);
      const now = new Date();
      const where: Record<string, unknown> = input.subtree ? { ancestors: org._id } : { orgId: _.in(org.ancestors) };
      where.endsAt = input.past ? _.lt(now) : _.gte(now);
      const rows = await readPage<EventDoc>({
        collection: COLLECTIONS.events,
        where,
        orderBy: 'sortKey',
        order: input.past ? 'desc' : 'asc',
        limit: input.limit,
        after: input.cursor,
      });
      return pageOf(rows, toSummary);
    },
  }),

  /** One event with seats, the waitlist and the caller's own sign-up. */
  get: action({
    schema: eventsSchemas.get,
    async handler(input, ctx) {
      const [event, mine, caller] = await Promise.all([
        loadEvent(input.id),
        findActiveSignup(input.id, ctx.openid),
        ctx.caller(),
      ]);
      return eventView(event, caller, mine);
    },
  }),

  /** Signs the caller's family up (or onto the waitlist); a repeat returns the existing sign-up. */
  signup: action({
    schema: eventsSchemas.signup,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const event = await loadEvent(input.eventId);
      const { doc, existing } = await signUp(event, ctx.openid, input);
      // The place in the queue is left to `get` (one more count per sign-up would weigh on a crowd).
      return {
        signupId: doc._id,
        status: doc.status === 'waitlisted' ? 'waitlisted' : 'confirmed',
        checkinCode: doc.checkinCode,
        existing,
        signup: toSignupView(doc),
      };
    },
  }),

  /** Changes the dish, dietary needs or contact of the caller's active sign-up (not the party size). */
  updateSignup: action({
    schema: eventsSchemas.updateSignup,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const [event, mine] = await Promise.all([loadEvent(input.eventId), findActiveSignup(input.eventId, ctx.openid)]);
      enforce(eventRules.updateSignup(event, { mine }));
      const signup = mine!; // the rule refuses a caller without one
      if (input.dish === null && event.dishRequired) throw invalid({ dish: '本活动请每户登记一道菜' });
      const set: Partial<SignupDoc> = { updatedAt: new Date() };
      const data: Record<string, unknown> = { updatedAt: set.updatedAt };
      if (input.contactName !== undefined) data.contactName = set.contactName = input.contactName;
      if (input.contactPhone !== undefined) data.contactPhoneEnc = set.contactPhoneEnc = encrypt(input.contactPhone);
      if (input.dietary !== undefined) data.dietary = _.set((set.dietary = input.dietary));
      if (input.dish !== undefined) {
        set.dish = toDish(input.dish ?? undefined);
        data.dish = set.dish ? _.set(set.dish) : null;
        data.hasDish = set.hasDish = set.dish !== null;
      }
      const { stats } = await db
        .collection(COLLECTIONS.signups)
        .where({ _id: signup._id, activeKey: signup.activeKey })
        .update({ data });
      if (stats.updated !== 1) throw notFound('没有找到你的报名');
      if (set.dish !== undefined) await countSignupChange(signup, { ...signup, ...set });
      return (await mySignupView({ ...signup, ...set }))!;
    },
  }),

  /** Cancels the caller's sign-up; the freed seats go to the waitlist, first come, first served. */
  cancelSignup: action({
    schema: eventsSchemas.cancelSignup,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      return cancelSignup(await loadEvent(input.eventId), ctx.openid);
    },
  }),

  /** The caller's sign-ups, newest first, with each event. */
  mySignups: action({
    schema: eventsSchemas.mySignups,
    async handler(input, ctx) {
      const { rows: signups, nextCursor } = await readPage<SignupDoc>({
        collection: COLLECTIONS.signups,
        where: { openid: ctx.openid },
        orderBy: 'queueKey',
        order: 'desc',
        limit: input.limit,
        after: input.cursor,
      });
      const ids = [...new Set(signups.map((s) => s.eventId))];
      const events = ids.length
        ? ((
            await db
              .collection(COLLECTIONS.events)
              .where({ _id: _.in(ids) })
              .limit(ids.length)
              .get()
          ).data as EventDoc[])
        : [];
      const byId = new Map<string, EventSummary>(events.map((e) => [e._id, toSummary(e)]));
      const items = signups
        .filter((s) => byId.has(s.eventId))
        .map((s) => ({ signup: toSignupView(s), event: byId.get(s.eventId)! }));
      return { items, nextCursor };
    },
  }),

  /** The roster with counts (staff/admin in scope); phones masked. */
  roster: action({
    schema: eventsSchemas.roster,
    async handler(input, ctx) {
      const [event, caller] = await Promise.all([loadEvent(input.eventId), ctx.caller()]);
      enforce(eventRules.roster(event, { caller }));
      const active = { eventId: event._id, status: _.in(['confirmed', 'waitlisted']) };
      const [rows, halal, vegetarian] = await Promise.all([
        readPage<SignupDoc>({
          collection: COLLECTIONS.signups,
          where: { eventId: event._id, status: input.status ?? _.in(['confirmed', 'waitlisted']) },
          orderBy: 'queueKey',
          order: 'asc',
          limit: input.limit,
          after: input.cursor,
        }),
        db
          .collection(COLLECTIONS.signups)
          .where({ ...active, dietary: 'halal' })
          .count(),
        db
          .collection(COLLECTIONS.signups)
          .where({ ...active, dietary: 'vegetarian' })
          .count(),
      ]);
      return {
        ...pageOf(rows, toRosterItem),
        counts: {
          capacity: event.capacity,
          confirmedSignups: event.confirmedCount,
          confirmedPeople: event.seatsTaken,
          waitlistedSignups: Math.max(0, event.waitlistCount),
          waitlistedPeople: Math.max(0, event.waitlistPeople),
          checkedInSignups: event.checkedInCount,
          checkedInPeople: event.checkedInPeople,
          halal: halal.total,
          vegetarian: vegetarian.total,
        },
      };
    },
  }),

  /** Staff check a family in by scanning its code; scanning again changes nothing. */
  checkin: action({
    schema: eventsSchemas.checkin,
    limit: { max: 300, windowSeconds: 60 },
    async handler(input, ctx) {
      const [event, caller] = await Promise.all([loadEvent(input.eventId), ctx.caller()]);
      enforce(eventRules.checkin(event, { caller }));
      const { data } = await db
        .collection(COLLECTIONS.signups)
        .where({ checkinCode: input.checkinCode })
        .limit(1)
        .get();
      let signup = data[0] as SignupDoc | undefined;
      // A code of another event is told apart from an unknown one only to whoever manages that event too.
      if (!signup || (signup.eventId !== event._id && !mayManage(caller, signup))) throw notFound('签到码无效');
      if (signup.eventId !== event._id) throw precondition('WRONG_EVENT', '该签到码不属于本活动');
      let already = Boolean(signup.checkedInAt);
      if (!already) {
        if (signup.status === 'waitlisted') throw precondition('NOT_CONFIRMED', '该报名仍在候补中，不能签到');
        if (signup.status === 'cancelled') throw precondition('SIGNUP_CANCELLED', '该报名已取消');
        const now = new Date();
        const { stats } = await db
          .collection(COLLECTIONS.signups)
          .where({ _id: signup._id, status: 'confirmed', checkedInAt: null })
          .update({ data: { checkedInAt: now, checkedInBy: ctx.openid, updatedAt: now } });
        if (stats.updated === 1) {
          await db
            .collection(COLLECTIONS.events)
            .where({ _id: event._id })
            .update({
              data: { checkedInCount: _.inc(1), checkedInPeople: _.inc(signup.partySize), countersAt: new Date() },
            });
          await countSignupChange(signup, { ...signup, checkedInAt: now });
          signup = { ...signup, checkedInAt: now };
        } else {
          signup = (await findById<SignupDoc>(COLLECTIONS.signups, signup._id))!;
          if (!signup.checkedInAt) throw precondition('SIGNUP_CANCELLED', '该报名已取消');
          already = true;
        }
      }
      // Every check-in (a repeat too) makes sure a team member's hours are there: the entry is keyed, so once.
      await creditEventHours(event, signup);
      const fresh = await loadEvent(event._id);
      return {
        signupId: signup._id,
        already,
        name: signup.contactName,
        partySize: signup.partySize,
        checkedInAt: toIso(signup.checkedInAt!),
        counts: {
          checkedInSignups: fresh.checkedInCount,
          checkedInPeople: fresh.checkedInPeople,
          confirmedSignups: fresh.confirmedCount,
          confirmedPeople: fresh.seatsTaken,
        },
      };
    },
  }),

  /** The dish board: every confirmed family's dish, and "N dishes from M cuisines, K halal". Public. */
  dishes: action({
    schema: eventsSchemas.dishes,
    async handler(input) {
      const event = await loadEvent(input.eventId);
      const { data } = await db
        .collection(COLLECTIONS.signups)
        .where({ eventId: event._id, status: 'confirmed', hasDish: true })
        .orderBy('queueKey', 'asc')
        .limit(1000)
        .get();
      const items: DishBoardItem[] = (data as SignupDoc[]).map((s) => ({
        ...s.dish!,
        family: familyLabel(s.contactName),
      }));
      const byCuisine = new Map<string, number>();
      for (const d of items) {
        const c = normalizeCuisine(d.cuisine);
        if (c) byCuisine.set(c, (byCuisine.get(c) ?? 0) + 1);
      }
      return {
        items,
        summary: {
          dishes: items.length,
          cuisines: byCuisine.size,
          halal: items.filter((d) => d.halal).length,
          byCuisine: [...byCuisine].map(([cuisine, count]) => ({ cuisine, count })).sort((a, b) => b.count - a.count),
        },
      };
    },
  }),

  /**
   * The roster as an Excel file (staff/admin in scope). Phones are masked unless the exporter states a reason;
   * every export is audited, with the reason when given.
   */
  exportRoster: action({
    schema: eventsSchemas.exportRoster,
    limit: { max: 10, windowSeconds: 60 },
    async handler(input, ctx) {
      const [event, caller] = await Promise.all([loadEvent(input.eventId), ctx.caller()]);
      enforce(eventRules.exportRoster(event, { caller }));
      const masked = !input.reason;
      const file = await exportRoster(event, masked, ctx.openid);
      await audit({
        actor: ctx.openid,
        action: 'event.exportRoster',
        targetType: 'event',
        targetId: event._id,
        orgId: event.orgId,
        ...(input.reason ? { reason: input.reason } : {}),
        details: { rows: file.rows, masked },
      });
      return { ...file, masked };
    },
  }),

  /**
   * Repairs the event's counters (seats, waitlist, check-ins) from its sign-ups after a crash between two steps, and
   * reports what it fixed; does nothing while sign-ups are moving (`busy`). The hourly timer does the same.
   */
  reconcile: action({
    schema: eventsSchemas.reconcile,
    limit: { max: 10, windowSeconds: 60 },
    async handler(input, ctx) {
      const [event, caller] = await Promise.all([loadEvent(input.eventId), ctx.caller()]);
      enforce(eventRules.reconcile(event, { caller }));
      const result = await reconcileEvent(event);
      if (result.fixes.length) {
        await audit({
          actor: ctx.openid,
          action: 'event.reconcile',
          targetType: 'event',
          targetId: event._id,
          orgId: event.orgId,
          details: { fixes: result.fixes },
        });
      }
      return result;
    },
  }),

  /** Reminds confirmed families who have not been reminded yet (the timer trigger does the same for every event). */
  sendReminders: action({
    schema: eventsSchemas.sendReminders,
    limit: { max: 10, windowSeconds: 60 },
    async handler(input, ctx) {
      const [event, caller] = await Promise.all([loadEvent(input.eventId), ctx.caller()]);
      enforce(eventRules.sendReminders(event, { caller }));
      return sendReminders(event);
    },
  }),
});

/**
 * The function's entry: the hourly timer trigger (config.json `triggers`) sends due reminders and repairs the
 * counters of running and upcoming events; every other call goes through the router.
 */
export async function main(event: Record<string, unknown>, context?: { request_id?: string }) {
  if (isTimerCall(event)) {
    return runTimer('events', async () => ({ ...(await sendDueReminders()), reconciled: await reconcileUpcoming() }));
  }
  return router(event, context);
}

import crypto from 'node:crypto';
import type { DishView } from '../../miniprogram/shared/api';
import type { DietaryNeed } from '../../miniprogram/shared/events';
import { _, db, findById, isDuplicateKey } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { invalid, precondition } from '../../backend/core/errors';
import { createScene } from '../../backend/core/orgs';
import { createOnce } from '../../backend/core/replay';
import { encrypt } from '../../backend/core/pii';
import { enforce } from '../../backend/core/rules';
import { findUser } from '../../backend/core/users';
import { activeKeyOf, timeKeyOf, type EventDoc, type SignupDoc } from '../../backend/events/model';
import { eventRules, newSignupRefusal } from '../../backend/events/rules';
import { countWaiting, promote, releaseSeats, takeSeats } from '../../backend/events/seats';
import { countSignupChange } from '../../backend/stats/hooks';
import { notifyPromoted } from './notices';

export interface SignupInput {
  partySize: number;
  contactName: string;
  contactPhone?: string;
  dish?: { name: string; cuisine?: string; halal?: boolean };
  dietary?: DietaryNeed[];
}

export async function findActiveSignup(eventId: string, openid: string): Promise<SignupDoc | undefined> {
  const { data } = await db
    .collection(COLLECTIONS.signups)
    .where({ activeKey: activeKeyOf(eventId, openid) })
    .limit(1)
    .get();
  return data[0] as SignupDoc | undefined;
}

export function toDish(dish: SignupInput['dish']): DishView | null {
  if (!dish) return null;
  const view: DishView = { name: dish.name, halal: dish.halal ?? false };
  if (dish.cuisine) view.cuisine = dish.cuisine;
  return view;
}

/** The contact phone, sealed: the one typed in, or else the one in the caller's profile. */
async function sealedPhone(openid: string, typed: string | undefined): Promise<string> {
  if (typed) return encrypt(typed);
  const user = await findUser(openid);
  if (!user?.profile?.phoneEnc) throw invalid({ contactPhone: '请填写手机号' });
  return user.profile.phoneEnc;
}

/** Refusals of a new sign-up: the event's (backend/events/rules.ts), then the input's against the event. */
export function checkSignupAllowed(event: EventDoc, input: SignupInput): void {
  enforce(newSignupRefusal(event));
  if (input.partySize > event.maxPartySize) throw invalid({ partySize: `每户最多 ${event.maxPartySize} 人` });
  if (event.dishRequired && !input.dish) throw invalid({ dish: '本活动请每户登记一道菜' });
}

export interface SignupOutcome {
  doc: SignupDoc;
  existing: boolean;
}

/**
 * Signs the caller's family up: seats if free and nobody waits, else the waitlist (or EVENT_FULL without one).
 * One active sign-up per person: a repeat, even a racing double tap, returns the existing one (always the
 * caller's own, so it needs no scope check). If the racing winner is cancelled before it can be looked up (a
 * sign-up, cancel, sign-up race), the sign-up is tried again, a bounded number of times (backend/core/replay.ts).
 */
export async function signUp(event: EventDoc, openid: string, input: SignupInput): Promise<SignupOutcome> {
  return createOnce(
    {
      find: () => findActiveSignup(event._id, openid),
      visible: (doc) => doc.openid === openid,
      notFoundMessage: '没有找到你的报名',
    },
    (doc) => ({ doc, existing: true }),
    () => newSignup(event, openid, input),
  );
}

/** One try at a new sign-up; on a duplicate `activeKey` it gives back what it took and rethrows. */
async function newSignup(event: EventDoc, openid: string, input: SignupInput): Promise<SignupOutcome> {
  checkSignupAllowed(event, input);
  const contactPhoneEnc = await sealedPhone(openid, input.contactPhone);

  const n = input.partySize;
  let status: SignupDoc['status'] = 'confirmed';
  if (!(await takeSeats(event._id, n))) {
    if (!event.waitlist) throw precondition('EVENT_FULL', '名额已满');
    status = 'waitlisted';
    await countWaiting(event._id, n, 1);
  }

  const id = crypto.randomBytes(16).toString('hex');
  const now = new Date();
  const dish = toDish(input.dish);
  const doc: SignupDoc = {
    _id: id,
    eventId: event._id,
    ancestors: event.ancestors,
    openid,
    activeKey: activeKeyOf(event._id, openid),
    status,
    partySize: n,
    contactName: input.contactName,
    contactPhoneEnc,
    dish,
    hasDish: dish !== null,
    dietary: input.dietary ?? [],
    checkinCode: await createScene('checkin', id),
    queueKey: timeKeyOf(now, id),
    checkedInAt: null,
    remindedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.collection(COLLECTIONS.signups).add({ data: doc });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // A double tap won the race: give back what this try took; the caller answers with the winner.
    if (status === 'confirmed') await releaseSeats(event._id, n);
    else await countWaiting(event._id, n, -1);
    await db.collection(COLLECTIONS.qrScenes).doc(doc.checkinCode).remove();
    await runPromotion(event);
    throw err;
  }
  await countSignupChange(null, doc);
  if (status === 'waitlisted') {
    // Seats may have been freed between the failed take and the insert: the queue is looked at again.
    const { promoted } = await runPromotion(event);
    // Promoted by this run, or perhaps by another one running at the same time: the answer says which.
    const mine = promoted.find((s) => s._id === id) ?? (await findById<SignupDoc>(COLLECTIONS.signups, id));
    if (mine) return { doc: mine, existing: false };
  }
  return { doc, existing: false };
}

/** Runs the promotion step and tells each promoted family (a refused message never breaks anything). */
export async function runPromotion(event: EventDoc): ReturnType<typeof promote> {
  const result = await promote(event._id);
  await Promise.all(result.promoted.map((s) => notifyPromoted(event, s)));
  return result;
}

/**
 * Cancels the caller's active sign-up and gives its seats to the waitlist. The status flip is conditional, so a
 * promotion or a check-in racing with it is seen and the cancellation retried against the new state.
 */
export async function cancelSignup(event: EventDoc, openid: string): Promise<{ signupId: string; promoted: number }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const mine = await findActiveSignup(event._id, openid);
    enforce(eventRules.cancelSignup(event, { mine }));
    const signup = mine!; // the rule refuses a caller without one
    const now = new Date();
    const { stats } = await db
      .collection(COLLECTIONS.signups)
      .where({ _id: signup._id, status: signup.status, checkedInAt: null })
      .update({
        data: { status: 'cancelled', activeKey: `cancelled:${signup._id}`, cancelledAt: now, updatedAt: now },
      });
    if (stats.updated !== 1) continue;
    await countSignupChange(signup, { ...signup, status: 'cancelled' });
    if (signup.status === 'confirmed') await releaseSeats(event._id, signup.partySize);
    else await countWaiting(event._id, signup.partySize, -1);
    const { promoted } = await runPromotion(event);
    return { signupId: signup._id, promoted: promoted.length };
  }
  throw precondition('CONFLICT', '报名状态正在变化，请稍后再试');
}

/** The place of a waitlisted sign-up in the queue: 1 = next. */
export async function waitlistPosition(signup: SignupDoc): Promise<number> {
  const { total } = await db
    .collection(COLLECTIONS.signups)
    .where({ eventId: signup.eventId, status: 'waitlisted', queueKey: _.lt(signup.queueKey) })
    .count();
  return total + 1;
}

import { _, db } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import type { SignupDoc } from './model';

/**
 * Seats of an event, correct under any concurrency with single-document operations only (CloudBase transactions
 * cannot do better). The invariants:
 *
 * - A seat is taken only by a conditional update on the event, `where({ _id, seatsFree: _.gte(n) })`, which moves
 *   `seatsFree` and `seatsTaken` together; so `seatsTaken <= capacity` always.
 * - A sign-up becomes `confirmed` only after its seats were taken, and stops being `confirmed` before they are given
 *   back; so the people of confirmed sign-ups never exceed `seatsTaken`, hence never exceed `capacity`.
 * - Status changes of a sign-up are conditional on its current status, so of two racing changes exactly one wins;
 *   the loser gives back whatever it took.
 *
 * First come, first served: a newcomer takes free seats directly only while nobody is waiting
 * (`waitlistCount <= 0`); otherwise it joins the waitlist, in `queueKey` order, and the promotion step below
 * confirms the head of the queue while the head fits. `waitlistCount` goes up before a waitlisted sign-up is
 * stored and down only after one has left the waitlist, so it is never below the number of families waiting.
 *
 * Every change of these counters also stamps `countersAt`, which the reconcile step (./reconcile.ts) relies on to
 * know that no sign-up, cancellation or promotion is half-way through.
 */

const events = () => db.collection(COLLECTIONS.events);

/** Taking (positive) or giving back (negative) `people` seats of `families` sign-ups. */
const seatDelta = (people: number, families: 1 | -1) => ({
  seatsFree: _.inc(-people),
  seatsTaken: _.inc(people),
  confirmedCount: _.inc(families),
});
const signups = () => db.collection(COLLECTIONS.signups);

/** Takes `people` seats for a newcomer: only while the event is open, has them free, and nobody waits ahead. */
export async function takeSeats(eventId: string, people: number): Promise<boolean> {
  const { stats } = await events()
    .where({ _id: eventId, status: 'open', seatsFree: _.gte(people), waitlistCount: _.lte(0) })
    .update({ data: { ...seatDelta(people, 1), countersAt: new Date() } });
  return stats.updated === 1;
}

/** Gives back the seats of a sign-up that is no longer confirmed (or was never stored). */
export async function releaseSeats(eventId: string, people: number): Promise<void> {
  await events()
    .where({ _id: eventId })
    .update({ data: { ...seatDelta(-people, -1), countersAt: new Date() } });
}

/** Counts a family on the waitlist (or, with a negative sign, off it). */
export async function countWaiting(eventId: string, people: number, sign: 1 | -1): Promise<void> {
  await events()
    .where({ _id: eventId })
    .update({ data: { waitlistCount: _.inc(sign), waitlistPeople: _.inc(sign * people), countersAt: new Date() } });
}

/**
 * The promotion step: confirms waitlisted sign-ups first come, first served while the head of the queue fits.
 * Idempotent and safe to run from any number of invocations at once (after a cancellation, after joining the
 * waitlist, after a capacity increase). For each head: take its seats with the conditional update, then flip it
 * `waitlisted → confirmed`; if another runner flipped it first, or its family cancelled meanwhile, give the seats
 * back and look at the queue again. The waitlist counter goes down only after a flip, so it never undercounts the
 * families waiting, and a newcomer can never take seats ahead of one of them. Returns the sign-ups this run promoted
 * and the head it stopped at (it did not fit), if any: everyone behind that head was still waiting at that moment.
 */
export async function promote(
  eventId: string,
  maxSteps = 100,
): Promise<{ promoted: SignupDoc[]; blockedBy: SignupDoc | null }> {
  const promoted: SignupDoc[] = [];
  let blockedBy: SignupDoc | null = null;
  for (let step = 0; step < maxSteps; step++) {
    const { data } = await signups().where({ eventId, status: 'waitlisted' }).orderBy('queueKey', 'asc').limit(1).get();
    const head = data[0] as SignupDoc | undefined;
    if (!head) break;
    const n = head.partySize;
    const took = await events()
      .where({ _id: eventId, status: 'open', seatsFree: _.gte(n) })
      .update({ data: { ...seatDelta(n, 1), countersAt: new Date() } });
    if (took.stats.updated !== 1) {
      blockedBy = head; // the head does not fit (or the event was cancelled): nobody behind it jumps
      break;
    }
    const now = new Date();
    const flip = await signups()
      .where({ _id: head._id, status: 'waitlisted' })
      .update({ data: { status: 'confirmed', promotedAt: now, updatedAt: now } });
    if (flip.stats.updated === 1) {
      await countWaiting(eventId, n, -1);
      promoted.push({ ...head, status: 'confirmed', promotedAt: now });
    } else {
      await releaseSeats(eventId, n);
    }
  }
  return { promoted, blockedBy };
}

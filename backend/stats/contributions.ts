import crypto from 'node:crypto';
import { OPEN_STATUSES } from '../../miniprogram/shared/requests';
import type { EventDoc, SignupDoc } from '../events/model';
import type { HouseholdDoc, MemberDoc } from '../households/model';
import type { RequestDoc } from '../requests/model';
import type { Deltas } from './counters';
import { hourOf, monthKey, monthOf, resolveBucket } from './keys';

/**
 * What one record adds to the counters of each org on its path, as a pure function of the record (no database:
 * the bench seeds counters with them too). A write hook diffs a record's contribution before and after the write
 * (./hooks.ts); the consistency check sums the contributions of every record of a subtree (./recount.ts). Both sides
 * use these functions, so they cannot disagree.
 */

function inc(into: Deltas, key: string, n = 1): void {
  into[key] = (into[key] ?? 0) + n;
}

/** A current resident (moved-out members count nowhere). */
export function memberContribution(m: MemberDoc): Deltas {
  const out: Deltas = {};
  if (m.status !== 'active') return out;
  inc(out, 'residents.total');
  inc(out, `residents.${m.residency === 'floating' ? 'floating' : 'registered'}`);
  inc(out, `residents.eth.${/^\d{2}$/.test(m.ethnicity) ? m.ethnicity : '97'}`);
  inc(out, monthKey(monthOf(m.createdAt), 'newResidents'));
  if (m.residency === 'floating') {
    const arrived =
      typeof m.arrivedAt === 'string' && /^\d{4}-\d{2}/.test(m.arrivedAt) ? m.arrivedAt.slice(0, 7) : null;
    inc(out, monthKey(arrived ?? monthOf(m.createdAt), 'floatingArrivals'));
  }
  return out;
}

export function householdContribution(h: HouseholdDoc): Deltas {
  const out: Deltas = {};
  if (h.status !== 'active') return out;
  inc(out, 'households.total');
  if (h.completeness >= 100) inc(out, 'households.complete');
  return out;
}

/** When a request was resolved: its last `resolve` step. */
function resolvedAt(r: RequestDoc): Date | null {
  const step = [...(r.timeline ?? [])].reverse().find((t) => t.type === 'resolve');
  return step ? new Date(step.at) : null;
}

export function requestContribution(r: RequestDoc): Deltas {
  const out: Deltas = {};
  inc(out, `requests.byStatus.${r.status}`);
  inc(out, `requests.byCategory.${r.category}`);
  inc(out, monthKey(monthOf(r.createdAt), 'requestsCreated'));
  if (OPEN_STATUSES.includes(r.status)) {
    inc(out, 'requests.open');
    // Overdue depends on the clock: open requests are counted by the hour they fall due (see docs/stats.md).
    inc(out, `requests.openDue.${hourOf(r.dueAt)}`);
  }
  const resolved = r.status === 'resolved' || r.status === 'closed' ? resolvedAt(r) : null;
  if (resolved) {
    inc(out, 'requests.resolved');
    const hours = (resolved.getTime() - new Date(r.createdAt).getTime()) / 3_600_000;
    inc(out, `requests.resolveHours.${resolveBucket(hours)}`);
    inc(out, monthKey(monthOf(resolved), 'requestsResolved'));
  }
  if (r.rating && typeof r.rating.score === 'number') {
    inc(out, 'requests.rated');
    inc(out, 'requests.ratingSum', r.rating.score);
  }
  return out;
}

/** An event counts as held once its start hour has passed (see docs/stats.md); cancelled ones never. */
export function eventContribution(e: EventDoc): Deltas {
  const out: Deltas = {};
  if (e.status === 'cancelled') return out;
  inc(out, `events.startHours.${hourOf(e.startAt)}`);
  return out;
}

/** Cuisines are free text: counted under a short hash, so that any text is a safe key and nothing is readable. */
export function cuisineKey(cuisine: string): string {
  return crypto.createHash('sha1').update(cuisine.trim().toLowerCase()).digest('hex').slice(0, 12);
}

/** An active sign-up (confirmed or waitlisted); its people count as attendance once checked in. */
export function signupContribution(s: SignupDoc): Deltas {
  const out: Deltas = {};
  if (s.status !== 'cancelled') {
    inc(out, 'events.signups');
    inc(out, 'events.people', s.partySize);
    if (s.hasDish && s.dish) {
      inc(out, 'events.dishes');
      if (s.dish.halal) inc(out, 'events.halalDishes');
      if (s.dish.cuisine?.trim()) inc(out, `events.cuisines.${cuisineKey(s.dish.cuisine)}`);
    }
  }
  if (s.checkedInAt) {
    inc(out, 'events.checkedIn', s.partySize);
    inc(out, monthKey(monthOf(s.checkedInAt), 'attendance'), s.partySize);
  }
  return out;
}

/** A household and its members: what a household write changes as one. */
export interface HouseholdState {
  household: HouseholdDoc;
  members: MemberDoc[];
}

export function householdStateContribution(state: HouseholdState): Deltas {
  const out = householdContribution(state.household);
  for (const m of state.members) for (const [k, n] of Object.entries(memberContribution(m))) inc(out, k, n);
  return out;
}

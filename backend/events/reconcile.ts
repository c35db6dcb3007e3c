import type { ReconcileFix } from '../../miniprogram/shared/api';
import { _, db } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import type { EventDoc } from './model';

/**
 * Repairs an event's counters from its sign-ups, the only truth. Every step that moves a counter is a single
 * conditional update, but a sign-up, a cancellation or a promotion is two or three steps, and a crash between them
 * leaves a counter off: seats or waitlist places counted for nobody, a check-in not counted. Nothing else would
 * ever repair that.
 *
 * Safe while sign-ups go on (docs/architecture.md, "Events: seats under a crowd"): a step in flight has moved a
 * counter and not yet written its sign-up, or the other way round, and correcting the counters then would count
 * it twice or not at all. Every such step stamps what it writes (`countersAt` on the event, `updatedAt` on the
 * sign-up) and finishes or dies within its function's timeout. So the counters are corrected only when neither
 * the event's counters nor any of its sign-ups changed for QUIET_MS (far longer than any timeout): no step can be
 * half-way through then. The correction is a compare-and-set on every counter and `countersAt` as they were read,
 * so a step that starts meanwhile makes it fail (reported as busy) instead of being overwritten.
 */

/** Longer than the timeout of any function that moves seats (events: 60 s), with a wide margin. */
export const QUIET_MS = 5 * 60_000;

type CounterField = ReconcileFix['field'];
const COUNTERS: CounterField[] = [
  'seatsTaken',
  'seatsFree',
  'confirmedCount',
  'waitlistCount',
  'waitlistPeople',
  'checkedInCount',
  'checkedInPeople',
];

interface StatusTotals {
  _id: string;
  families: number;
  people: number;
  checkedIn: number;
  checkedInPeople: number;
  latest: Date | null;
}

interface Aggregated {
  aggregate(): {
    match(query: Record<string, unknown>): {
      group(spec: Record<string, unknown>): { end(): Promise<{ list: StatusTotals[] }> };
    };
  };
}

/** Sign-ups of the event per status (one aggregation), and when any of them last changed. */
async function totalsOf(eventId: string): Promise<{ byStatus: Map<string, StatusTotals>; latest: number }> {
  const $ = (_ as unknown as { aggregate: Record<string, (arg: unknown) => unknown> }).aggregate;
  const checkedIn = (then: unknown) => $.cond({ if: '$checkedInAt', then, else: 0 });
  const { list } = await (db.collection(COLLECTIONS.signups) as unknown as Aggregated)
    .aggregate()
    .match({ eventId })
    .group({
      _id: '$status',
      families: $.sum(1),
      people: $.sum('$partySize'),
      checkedIn: $.sum(checkedIn(1)),
      checkedInPeople: $.sum(checkedIn('$partySize')),
      latest: $.max('$updatedAt'),
    })
    .end();
  const latest = Math.max(0, ...list.map((t) => (t.latest ? new Date(t.latest).getTime() : 0)));
  return { byStatus: new Map(list.map((t) => [t._id, t])), latest };
}

function expectedCounters(event: EventDoc, byStatus: Map<string, StatusTotals>): Record<CounterField, number> {
  const confirmed = byStatus.get('confirmed');
  const waiting = byStatus.get('waitlisted');
  const all = [...byStatus.values()];
  const taken = confirmed?.people ?? 0;
  return {
    seatsTaken: taken,
    seatsFree: event.capacity - taken,
    confirmedCount: confirmed?.families ?? 0,
    waitlistCount: waiting?.families ?? 0,
    waitlistPeople: waiting?.people ?? 0,
    checkedInCount: all.reduce((n, t) => n + t.checkedIn, 0),
    checkedInPeople: all.reduce((n, t) => n + t.checkedInPeople, 0),
  };
}

export interface CounterRepair {
  fixes: ReconcileFix[];
  /** Something moved within QUIET_MS, or while this ran: nothing was changed; a later run tries again. */
  busy: boolean;
  /** Seats were given back and families wait: the waitlist should be promoted. */
  promote: boolean;
}

/** Compares `event` (as just read) with its sign-ups and corrects the counters that are off, if all is quiet. */
export async function repairCounters(event: EventDoc, now = new Date()): Promise<CounterRepair> {
  const quietSince = now.getTime() - QUIET_MS;
  const busy: CounterRepair = { fixes: [], busy: true, promote: false };
  if (event.countersAt && new Date(event.countersAt).getTime() > quietSince) return busy;
  const { byStatus, latest } = await totalsOf(event._id);
  if (latest > quietSince) return busy;
  const expected = expectedCounters(event, byStatus);
  const fixes = COUNTERS.filter((f) => event[f] !== expected[f]).map((f) => ({
    field: f,
    was: event[f],
    now: expected[f],
  }));
  if (fixes.length === 0) return { fixes, busy: false, promote: false };
  const asRead = Object.fromEntries(COUNTERS.map((f) => [f, event[f]]));
  const { stats } = await db
    .collection(COLLECTIONS.events)
    .where({ _id: event._id, capacity: event.capacity, countersAt: event.countersAt ?? null, ...asRead })
    .update({ data: { ...expected, countersAt: now } });
  if (stats.updated !== 1) return busy;
  return { fixes, busy: false, promote: expected.seatsFree > event.seatsFree && expected.waitlistCount > 0 };
}

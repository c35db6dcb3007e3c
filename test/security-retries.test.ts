import { inMinutes, newCaller, newEvent, signupInput } from './helpers/events';
import { fixtureAdmin, TestProject, type Envelope } from './helpers/project';

/**
 * Audit finding 6: retries that hurt. Racing repeats of one submission must cost one unit of the daily quota; a
 * sign-up racing its own cancellation must never answer INTERNAL; and counters left off by a crash between two
 * steps are repaired by `events.reconcile` and the hourly timer, without ever overselling while sign-ups go on.
 */

let p: TestProject;
beforeAll(async () => {
  // Cold, as a crowd meets it: the local cloud queues callers for instances sized to the machine.
  p = await TestProject.start();
});
afterAll(() => p.stop());

/** Every answer of these tests: never INTERNAL (a 5xx already fails `p.call`). */
async function call(who: string, fn: string, action: string, data: Record<string, unknown>): Promise<Envelope> {
  const res = await p.call(who, fn, action, data);
  expect(res.error?.code).not.toBe('INTERNAL');
  return res;
}

const HOUR = 3600_000;
const eventDoc = (id: string) => p.docs('events').find((e) => e._id === id)!;
const signupsOf = (eventId: string) => p.docs('signups').filter((s) => s.eventId === eventId);

/** What the event's sign-ups say its counters should be. */
function truthOf(eventId: string) {
  const signups = signupsOf(eventId);
  const people = (status: string) =>
    signups.filter((s) => s.status === status).reduce((n, s) => n + (s.partySize as number), 0);
  const checkedIn = signups.filter((s) => s.checkedInAt);
  return {
    seatsTaken: people('confirmed'),
    confirmedCount: signups.filter((s) => s.status === 'confirmed').length,
    waitlistCount: signups.filter((s) => s.status === 'waitlisted').length,
    waitlistPeople: people('waitlisted'),
    checkedInCount: checkedIn.length,
    checkedInPeople: checkedIn.reduce((n, s) => n + (s.partySize as number), 0),
  };
}

/**
 * Plays a crash between two steps: the event's counters are moved by `delta` with nothing else, and every stamp
 * of the event and its sign-ups is set an hour back (the crash happened a while ago; nothing is in flight).
 */
function crashLeftover(eventId: string, delta: Record<string, number>): void {
  const event = { ...eventDoc(eventId) };
  for (const [field, by] of Object.entries(delta)) event[field] = (event[field] as number) + by;
  event.countersAt = new Date(Date.now() - HOUR);
  const writes = [{ collection: 'events', id: eventId, doc: event }];
  for (const s of signupsOf(eventId)) {
    writes.push({ collection: 'signups', id: s._id as string, doc: { ...s, updatedAt: new Date(Date.now() - HOUR) } });
  }
  p.cloud.store.commit(writes);
}

describe('the daily request quota under racing repeats', () => {
  test('20 parallel double taps with one clientToken file one request and use one unit of the quota', async () => {
    const who = newCaller('double-tapper');
    const input = {
      orgId: p.orgId('zxq-g1'),
      category: 'consult',
      description: '想咨询居住证怎么办理',
      clientToken: 'twenty-taps-000001',
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(who, 'requests', 'create', input)));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(new Set(answers.map((a) => a.data.id)).size).toBe(1);
    expect(p.docs('requests').filter((r) => r.requesterOpenid === who)).toHaveLength(1);
    // The day allows 5: the four genuine requests after it are filed, the fifth after it is refused.
    for (let i = 0; i < 4; i++) {
      await p.ok(who, 'requests', 'create', { ...input, clientToken: `later-request-${i}0000` });
    }
    expect(await call(who, 'requests', 'create', { ...input, clientToken: 'one-too-many-0001' })).toMatchObject({
      ok: false,
      error: { code: 'RESOURCE_EXHAUSTED' },
    });
    // A repeat of a filed one still answers with it, however full the day is.
    expect(await p.ok(who, 'requests', 'create', input)).toMatchObject({ id: answers[0].data.id });
  });
});

describe('a sign-up racing its own cancellation', () => {
  test('sign-up, cancel, sign-up at once never answers INTERNAL, and leaves at most one active sign-up', async () => {
    const { id } = await newEvent(p, { capacity: 30, maxPartySize: 3 });
    const families = Array.from({ length: 4 }, () => newCaller('racer'));
    for (let round = 0; round < 4; round++) {
      await Promise.all(
        families.flatMap((who) => [
          call(who, 'events', 'signup', signupInput(id, 1 + (round % 3))),
          call(who, 'events', 'cancelSignup', { eventId: id }),
          call(who, 'events', 'signup', signupInput(id, 1 + (round % 3))),
        ]),
      );
    }
    for (const who of families) {
      const active = signupsOf(id).filter((s) => s.openid === who && s.status !== 'cancelled');
      expect(active.length).toBeLessThanOrEqual(1);
    }
    const event = eventDoc(id);
    const truth = truthOf(id);
    expect(event.seatsTaken).toBe(truth.seatsTaken);
    expect(event.seatsFree).toBe(30 - truth.seatsTaken);
    expect(event.waitlistCount).toBe(truth.waitlistCount);
    // Every check-in scene points at a sign-up: the losers of a race leave none behind.
    const ids = new Set(p.docs('signups').map((s) => s._id));
    const orphans = p.docs('qrScenes').filter((s) => s.type === 'checkin' && !ids.has(s.targetId as string));
    expect(orphans).toHaveLength(0);
  });
});

describe('reconcile', () => {
  test('repairs seats, waitlist and check-ins left off by a crash, reports each fix, and promotes the waitlist', async () => {
    const { id } = await newEvent(p, { capacity: 6, maxPartySize: 3 });
    const a = newCaller();
    const { checkinCode } = await p.ok(a, 'events', 'signup', signupInput(id, 2));
    await p.ok('staff', 'events', 'checkin', { eventId: id, checkinCode });
    // A sign-up took 4 seats and died before storing itself; a check-in died before counting itself.
    crashLeftover(id, { seatsTaken: 4, seatsFree: -4, confirmedCount: 1, checkedInCount: -1, checkedInPeople: -2 });
    // The event now looks full: the next family waits, although 4 seats are empty.
    const w = newCaller();
    expect((await p.ok(w, 'events', 'signup', signupInput(id, 3))).status).toBe('waitlisted');
    crashLeftover(id, {});

    const report = await p.ok('staff', 'events', 'reconcile', { eventId: id });
    expect(report).toMatchObject({ eventId: id, busy: false, promoted: 1 });
    expect(report.fixes).toEqual(
      expect.arrayContaining([
        { field: 'seatsTaken', was: 6, now: 2 },
        { field: 'seatsFree', was: 0, now: 4 },
        { field: 'confirmedCount', was: 2, now: 1 },
        { field: 'checkedInCount', was: 0, now: 1 },
        { field: 'checkedInPeople', was: 0, now: 2 },
      ]),
    );
    expect(signupsOf(id).find((s) => s.openid === w)!.status).toBe('confirmed');
    const event = eventDoc(id);
    expect(event).toMatchObject({ ...truthOf(id), seatsTaken: 5, seatsFree: 1 });
    expect(p.docs('auditLogs').some((l) => l.action === 'event.reconcile' && l.targetId === id)).toBe(true);

    // Counters that are right are left alone.
    crashLeftover(id, {});
    expect(await p.ok('staff', 'events', 'reconcile', { eventId: id })).toMatchObject({ busy: false, fixes: [] });
  });

  test('while sign-ups are moving it changes nothing and says so', async () => {
    const { id } = await newEvent(p, { capacity: 10 });
    await p.ok(newCaller(), 'events', 'signup', signupInput(id, 2));
    const before = eventDoc(id);
    // Off, but a sign-up just moved: a step might be half-way through, so nothing is touched.
    p.cloud.store.commit([{ collection: 'events', id, doc: { ...before, seatsTaken: 5, seatsFree: 5 } }]);
    expect(await p.ok('staff', 'events', 'reconcile', { eventId: id })).toMatchObject({ busy: true, fixes: [] });
    expect(eventDoc(id)).toMatchObject({ seatsTaken: 5, seatsFree: 5 });
  });

  test('only managers of the event may run it', async () => {
    const { id } = await newEvent(p);
    for (const who of ['resident', 'gridWorker', 'chengduStaff']) {
      expect(await call(who, 'events', 'reconcile', { eventId: id })).toMatchObject({
        ok: false,
        error: { code: 'PERMISSION_DENIED' },
      });
    }
    expect(await call('staff', 'events', 'reconcile', { eventId: 'no-such-event' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  test('the hourly timer repairs running and upcoming events too', async () => {
    const { id } = await newEvent(p, { capacity: 8, startAt: inMinutes(3 * 60) });
    await p.ok(newCaller(), 'events', 'signup', signupInput(id, 3));
    crashLeftover(id, { waitlistCount: 1, waitlistPeople: 2 });
    const res = await fetch(`${p.cloud.url}/fn/events`, {
      method: 'POST',
      body: JSON.stringify({ Type: 'Timer', TriggerName: 'eventReminders', Time: new Date().toISOString() }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Envelope;
    expect(body).toMatchObject({ ok: true, data: { reconciled: { fixed: expect.any(Number) } } });
    expect(body.data.reconciled.fixed).toBeGreaterThanOrEqual(1);
    expect(eventDoc(id)).toMatchObject({ waitlistCount: 0, waitlistPeople: 0, seatsTaken: 3 });
  });

  test('run during a crowd of sign-ups and cancellations, it never lets the event oversell', async () => {
    const capacity = 12;
    const { id } = await newEvent(p, { capacity, maxPartySize: 3 });
    const early = Array.from({ length: 3 }, () => newCaller('early'));
    for (const who of early) await p.ok(who, 'events', 'signup', signupInput(id, 2));
    // Leaked seats from an old crash: the repair has something to do if it finds a quiet moment.
    crashLeftover(id, { seatsTaken: 3, seatsFree: -3, confirmedCount: 1 });
    const crowd = Array.from({ length: 10 }, () => newCaller('crowd'));
    await Promise.all([
      ...crowd.map((who, i) => call(who, 'events', 'signup', signupInput(id, 1 + (i % 3)))),
      ...early.map((who) => call(who, 'events', 'cancelSignup', { eventId: id })),
      ...Array.from({ length: 3 }, () => call(fixtureAdmin(), 'events', 'reconcile', { eventId: id })),
    ]);
    const truth = truthOf(id);
    const event = eventDoc(id);
    expect(truth.seatsTaken).toBeLessThanOrEqual(capacity);
    // Counted seats are never fewer than the people holding them, so no later sign-up can oversell.
    expect(event.seatsTaken).toBeGreaterThanOrEqual(truth.seatsTaken);
    expect((event.seatsTaken as number) + (event.seatsFree as number)).toBe(capacity);
    // Once quiet, one run leaves the counters exactly right.
    crashLeftover(id, {});
    await p.ok(fixtureAdmin(), 'events', 'reconcile', { eventId: id });
    expect(eventDoc(id)).toMatchObject({ ...truthOf(id), seatsFree: capacity - truthOf(id).seatsTaken });
    expect(truthOf(id).seatsTaken).toBeLessThanOrEqual(capacity);
  });
});

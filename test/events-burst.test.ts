/**
 * A crowd at the door: 300 families from 300 different callers sign up for a 50-seat event in the same instant, on a
 * freshly started local cloud with nothing warmed up (the crowd meets cold instances, queued for as many as the
 * machine runs), through /fn with instances running side by side; then random cancellations race with new sign-ups.
 * Seats are never oversold, nobody holds two sign-ups, every caller gets an answer (no 5xx), and the waitlist is
 * promoted first come, first served.
 */
import { newEvent } from './helpers/events';
import { TestProject, type Envelope } from './helpers/project';

const CALLERS = 300;
const CAPACITY = 50;
const CANCELLATIONS = 60;
const LATECOMERS = 40;

/** A small seeded PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SignupRow {
  _id: string;
  openid: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  partySize: number;
  queueKey: string;
}

let p: TestProject;
let eventId: string;
const seed = Number(process.env.BURST_SEED ?? 20261122);
const random = rng(seed);
const sizes = new Map<string, number>();

beforeAll(async () => {
  p = await TestProject.start();
  ({ id: eventId } = await newEvent(p, { capacity: CAPACITY, maxPartySize: 4 }));
});
afterAll(() => p.stop());

const rows = () => p.docs('signups').filter((s) => s.eventId === eventId) as unknown as SignupRow[];
const active = () => rows().filter((s) => s.status !== 'cancelled');
const event = () => p.docs('events').find((e) => e._id === eventId) as Record<string, number>;
const byQueue = (a: SignupRow, b: SignupRow) => a.queueKey.localeCompare(b.queueKey);
const people = (list: SignupRow[]) => list.reduce((n, s) => n + s.partySize, 0);

/** A sign-up; an HTTP error (a 5xx of the local cloud) becomes a failed envelope, so that every failure is listed. */
function signup(openid: string): Promise<Envelope> {
  const partySize = 1 + Math.floor(random() * 4);
  sizes.set(openid, partySize);
  return p
    .call(openid, 'events', 'signup', {
      eventId,
      partySize,
      contactName: '测试家庭',
      contactPhone: `139${String(sizes.size).padStart(8, '0')}`,
    })
    .catch((err: unknown) => ({ ok: false, error: { code: 'HTTP', message: String(err) } }));
}

/** The state every settled moment must be in. */
function expectSettled(): void {
  const list = active();
  const confirmed = list.filter((s) => s.status === 'confirmed');
  const waiting = list.filter((s) => s.status === 'waitlisted').sort(byQueue);
  const e = event();
  expect(people(confirmed)).toBeLessThanOrEqual(CAPACITY);
  // The counters on the event are exact once everything has settled: no seat leaked, none double-counted.
  expect(e.seatsTaken).toBe(people(confirmed));
  expect(e.seatsFree).toBe(CAPACITY - people(confirmed));
  expect(e.confirmedCount).toBe(confirmed.length);
  expect(e.waitlistCount).toBe(waiting.length);
  expect(e.waitlistPeople).toBe(people(waiting));
  // Nobody holds two active sign-ups (so nobody is both confirmed and waitlisted).
  expect(new Set(list.map((s) => s.openid)).size).toBe(list.length);
  // First come, first served while the head fits: free seats are never left while the head of the queue fits.
  if (waiting.length) expect(waiting[0].partySize).toBeGreaterThan(e.seatsFree);
}

test(`${CALLERS} callers sign up at once for ${CAPACITY} seats, cold: never oversold, one answer each`, async () => {
  const callers = Array.from({ length: CALLERS }, (_, i) => `burst-${seed}-${i}`);
  const started = Date.now();
  const answers = await Promise.all(callers.map(signup));
  const seconds = (Date.now() - started) / 1000;
  console.log(`burst: ${CALLERS} sign-ups settled in ${seconds.toFixed(1)} s (seed ${seed})`);

  expect(answers.filter((a) => !a.ok)).toEqual([]);
  expect(answers.every((a) => ['confirmed', 'waitlisted'].includes(a.data.status))).toBe(true);
  expect(active()).toHaveLength(CALLERS);
  // Each answer says what the database holds.
  const stored = new Map(rows().map((s) => [s._id, s.status]));
  for (const a of answers) expect(stored.get(a.data.signupId)).toBe(a.data.status);
  expectSettled();
  // Full: the seats left are fewer than the head of the queue needs.
  expect(event().seatsTaken).toBeGreaterThan(CAPACITY - 4);
});

test('random cancellations racing with latecomers: the waitlist is promoted in order', async () => {
  const before = active();
  const queue = before.filter((s) => s.status === 'waitlisted').sort(byQueue);
  expect(queue.length).toBeGreaterThan(100);
  const pool = [...before];
  const leaving: SignupRow[] = [];
  for (let i = 0; i < CANCELLATIONS; i++) leaving.push(...pool.splice(Math.floor(random() * pool.length), 1));
  const latecomers = Array.from({ length: LATECOMERS }, (_, i) => `late-${seed}-${i}`);

  const answers = await Promise.all([
    ...leaving.map((s) => p.call(s.openid, 'events', 'cancelSignup', { eventId })),
    ...latecomers.map(signup),
  ]);
  expect(answers.filter((a) => !a.ok)).toEqual([]);
  expectSettled();

  const now = new Map(rows().map((s) => [s._id, s.status]));
  const gone = new Set(leaving.map((s) => s._id));
  expect(leaving.every((s) => now.get(s._id) === 'cancelled')).toBe(true);
  // Of the families who were waiting and stayed, those now confirmed are exactly the first ones in the queue.
  const stayed = queue.filter((s) => !gone.has(s._id)).map((s) => now.get(s._id));
  const promoted = stayed.filter((s) => s === 'confirmed').length;
  expect(promoted).toBeGreaterThan(0);
  expect(stayed.slice(0, promoted).every((s) => s === 'confirmed')).toBe(true);
  expect(stayed.slice(promoted).every((s) => s === 'waitlisted')).toBe(true);
  // A latecomer is confirmed only once everyone who was waiting before them is.
  const late = rows().filter((s) => s.openid.startsWith('late-'));
  if (late.some((s) => s.status === 'confirmed')) expect(stayed.every((s) => s === 'confirmed')).toBe(true);
});

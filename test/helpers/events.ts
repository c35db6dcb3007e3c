import { fixtureAdmin, type TestProject } from './project';

let seq = 0;

/** An ISO time `minutes` from now. */
export function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

/** A fresh event of 中心区社区 (or `orgKey`), created by a fixture admin; returns its id and scene. */
export async function newEvent(
  p: TestProject,
  fields: Record<string, unknown> = {},
  orgKey = 'zxq',
): Promise<{ id: string; scene: string }> {
  return p.ok(fixtureAdmin(), 'events', 'create', {
    orgId: p.orgId(orgKey),
    type: 'festival',
    title: `测试活动${++seq}`,
    location: { name: '中心区社区广场' },
    startAt: inMinutes(7 * 24 * 60),
    capacity: 20,
    ...fields,
  });
}

/** A valid sign-up input for a family of `partySize`. */
export function signupInput(eventId: string, partySize = 2, extra: Record<string, unknown> = {}) {
  return {
    eventId,
    partySize,
    contactName: '测试家庭',
    contactPhone: `139${String(++seq).padStart(8, '0')}`,
    ...extra,
  };
}

/** A caller nobody has seen before (so per-caller limits never interfere). */
export function newCaller(prefix = 'family'): string {
  return `${prefix}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Warms the events function before a burst, in steps so that only a few instances start at once on 2 cores: `get`
 * with 4, 8, 16, 32 calls in flight starts the 32 instances, then sign-ups on an event of their own (8, 32, 64 at
 * once) run each instance through the sign-up path once (its first run in an instance costs far more than the
 * next ones). The burst then meets warm instances, as in a cloud under steady load.
 */
export async function warmUp(p: TestProject, eventId: string): Promise<void> {
  for (const inFlight of [4, 8, 16, 32]) {
    await Promise.all(
      Array.from({ length: inFlight }, (_, i) => p.call(`warm-${i}`, 'events', 'get', { id: eventId })),
    );
  }
  const { id } = await newEvent(p, { capacity: 10, maxPartySize: 1 });
  for (const inFlight of [8, 32, 64]) {
    await Promise.all(
      Array.from({ length: inFlight }, () => p.call(newCaller('warm'), 'events', 'signup', signupInput(id, 1))),
    );
  }
}

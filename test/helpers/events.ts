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

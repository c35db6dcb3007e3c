import { fixtureAdmin, TestProject } from './helpers/project';

/**
 * A random workload in parallel — registrations, members added, changed and moved out, household transfers,
 * requests through every step and transferred, events, sign-ups, cancellations, check-ins, and a grid moved to
 * another community — must leave the counters exactly where a recount from the records puts them.
 */

let p: TestProject;
let street: string;
const communities: string[] = [];
const grids: string[] = [];

/** A small deterministic generator, so that a failure can be replayed. */
let state = 20261130;
function random(): number {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state / 2 ** 31;
}
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
const chance = (p: number) => random() < p;

const ETHNICITIES = ['01', '03', '05', '07', '14', '16', '18', '04'];
let room = 0;
function members(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    name: `流量${i}`,
    gender: chance(0.5) ? 'male' : 'female',
    ethnicity: pick(ETHNICITIES),
    residency: chance(0.4) ? 'floating' : 'registered',
    ...(chance(0.5) ? { arrivedAt: '2026-03-01' } : {}),
  }));
}

const households: { id: string; members: string[] }[] = [];
const requests: { id: string; by: string; status: string }[] = [];
const events: { id: string; signups: { who: string; code: string }[] }[] = [];
let residentSeq = 0;

async function op(): Promise<void> {
  const admin = fixtureAdmin();
  const roll = random();
  if (roll < 0.2 || households.length < 3) {
    const h = await p.ok(admin, 'households', 'create', {
      gridId: pick(grids),
      address: { building: '1', room: String(++room) },
      housing: chance(0.5) ? 'owned' : 'rented',
      members: members(1 + Math.floor(random() * 4)),
    });
    households.push({ id: h.id, members: h.members.map((m: { memberId: string }) => m.memberId) });
  } else if (roll < 0.3) {
    const h = pick(households);
    const res = await p.call(admin, 'households', 'addMember', { id: h.id, member: members(1)[0] });
    if (res.ok) h.members = res.data.members.map((m: { memberId: string }) => m.memberId);
  } else if (roll < 0.36) {
    const h = pick(households);
    await p.call(admin, 'households', 'updateMember', {
      id: h.id,
      memberId: pick(h.members),
      member: { ethnicity: pick(ETHNICITIES), residency: chance(0.5) ? 'floating' : 'registered' },
    });
  } else if (roll < 0.42) {
    const h = pick(households);
    await p.call(admin, 'households', 'moveOut', {
      id: h.id,
      ...(chance(0.7) ? { memberId: pick(h.members) } : {}),
      reason: '搬走',
    });
  } else if (roll < 0.47) {
    await p.call(admin, 'households', 'transfer', { id: pick(households).id, toGridId: pick(grids), reason: '调整' });
  } else if (roll < 0.62) {
    const by = `workload-resident-${++residentSeq}`;
    const r = await p.ok(by, 'requests', 'create', {
      orgId: pick([...grids, ...communities]),
      category: pick(['medical', 'employment', 'legal_aid', 'housing']),
      description: '需要帮助',
    });
    requests.push({ id: r.id, by, status: 'submitted' });
  } else if (roll < 0.75 && requests.length) {
    const r = pick(requests);
    const step = pick(['accept', 'resolve', 'rate', 'withdraw', 'transfer']);
    if (step === 'rate' || step === 'withdraw') {
      await p.call(r.by, 'requests', step, {
        id: r.id,
        ...(step === 'rate' ? { score: 1 + Math.floor(random() * 5) } : {}),
      });
    } else if (step === 'accept') {
      await p.call(admin, 'requests', 'accept', { id: r.id });
    } else if (step === 'resolve') {
      await p.call(admin, 'requests', 'resolve', { id: r.id, resolution: '已处理' });
    } else {
      await p.call(admin, 'requests', 'transfer', { id: r.id, toOrgId: pick(grids), reason: '转给网格' });
    }
  } else if (roll < 0.8 || events.length === 0) {
    const e = await p.ok(admin, 'events', 'create', {
      orgId: pick([street, ...communities, ...grids]),
      type: 'festival',
      title: '测试活动',
      location: { name: '广场' },
      startAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      capacity: 6,
    });
    events.push({ id: e.id, signups: [] });
  } else if (roll < 0.9) {
    const e = pick(events);
    const who = `workload-family-${++residentSeq}`;
    const res = await p.call(who, 'events', 'signup', {
      eventId: e.id,
      partySize: 1 + Math.floor(random() * 3),
      contactName: '家庭',
      contactPhone: '13800000000',
      ...(chance(0.5) ? { dish: { name: '菜', cuisine: pick(['滇菜', '清真', '川菜']), halal: chance(0.3) } } : {}),
    });
    if (res.ok) e.signups.push({ who, code: res.data.checkinCode });
  } else if (roll < 0.95) {
    const e = pick(events);
    if (e.signups.length) await p.call(pick(e.signups).who, 'events', 'cancelSignup', { eventId: e.id });
  } else {
    const e = pick(events);
    if (e.signups.length)
      await p.call(admin, 'events', 'checkin', { eventId: e.id, checkinCode: pick(e.signups).code });
  }
}

async function burst(n: number, parallel = 4): Promise<void> {
  const lanes = Array.from({ length: parallel }, async () => {
    for (let i = 0; i < n / parallel; i++) await op();
  });
  await Promise.all(lanes);
}

beforeAll(async () => {
  p = await TestProject.start();
  street = (
    await p.ok(fixtureAdmin(), 'orgs', 'create', { parentId: p.orgId('gd'), name: '流量街道', level: 'street' })
  ).id;
  for (const c of ['甲社区', '乙社区']) {
    const id = (await p.ok(fixtureAdmin(), 'orgs', 'create', { parentId: street, name: c, level: 'community' })).id;
    communities.push(id);
    for (const g of ['一网格', '二网格']) {
      grids.push((await p.ok(fixtureAdmin(), 'orgs', 'create', { parentId: id, name: `${c}${g}`, level: 'grid' })).id);
    }
  }
});
afterAll(() => p.stop());

test('after a random parallel workload and a grid moved, the counters equal a recount', async () => {
  await burst(120);
  // A grid of 甲社区 moves to 乙社区, with everything registered in it.
  const moved = await p.ok(fixtureAdmin(), 'orgs', 'move', { id: grids[1], parentId: communities[1] });
  expect(moved.move.status).toBe('done');
  await burst(80);

  const before = await p.ok(fixtureAdmin(), 'stats', 'overview', { orgId: street });
  const children = await p.ok(fixtureAdmin(), 'stats', 'children', { orgId: street });
  expect(before.residents.total).toBeGreaterThan(0);
  expect(before.requests.byCategory.length).toBeGreaterThan(0);

  const recount = await p.ok(fixtureAdmin(), 'stats', 'recount', { orgId: street });
  expect(recount.done).toBe(true);
  expect(recount.orgs).toBe(7);
  expect(recount.repaired).toEqual([]);

  // The same answers after the recount; the children add up to the street (nothing sits on the street itself but events).
  expect(await p.ok(fixtureAdmin(), 'stats', 'overview', { orgId: street })).toEqual({
    ...before,
    asOf: expect.any(String),
  });
  const sum = (key: 'residents' | 'households' | 'requestsOpen') =>
    children.items.reduce((s: number, c: Record<string, number>) => s + c[key], 0);
  expect(sum('residents')).toBe(before.residents.total);
  expect(sum('households')).toBe(before.households.total);
  expect(sum('requestsOpen')).toBe(before.requests.open);

  // And the figures match the records themselves.
  const active = p
    .docs('householdMembers')
    .filter((m) => m.status === 'active' && (m.ancestors as string[]).includes(street));
  expect(before.residents.total).toBe(active.length);
  const open = p
    .docs('requests')
    .filter(
      (r) => (r.ancestors as string[]).includes(street) && ['submitted', 'accepted'].includes(r.status as string),
    );
  expect(before.requests.open).toBe(open.length);
});

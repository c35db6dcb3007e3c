/**
 * Audit finding: `orgs.move` left stale scope behind. After a grid moved to another community, the old community's
 * staff still managed its events (roster, export with full phones) and the new community's did not; an invite
 * redeemed after the move made a grant the new admin could neither list nor revoke. Every record under the grid must
 * follow it, in resumable batches.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SCOPED_COLLECTIONS } from '../backend/core/scoped-collections';
import { ledgerFile, ledgerRows } from '../scripts/demo/ledger';
import { inMinutes, newCaller, signupInput } from './helpers/events';
import { fixtureAdmin, TestProject, type Envelope } from './helpers/project';
import { heldEvent, newNotice } from './helpers/notices';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

let seq = 0;
const unique = (prefix: string) => `${prefix}${++seq}`;

async function newOrg(parentId: string, level: 'community' | 'grid', name = unique('迁移测试')): Promise<string> {
  return (await p.ok(fixtureAdmin(), 'orgs', 'create', { parentId, name, level })).id;
}

/** A fresh invite by a fixture admin; returns its code. */
async function invite(role: 'admin' | 'staff' | 'grid_worker', orgId: string): Promise<string> {
  return (await p.ok(fixtureAdmin(), 'users', 'createInvite', { role, orgId })).code;
}

async function grant(role: 'admin' | 'staff' | 'grid_worker', orgId: string, openid = unique(`${role}-`)) {
  await p.ok(openid, 'users', 'redeemInvite', { code: await invite(role, orgId) });
  return openid;
}

interface GridFixture {
  gridId: string;
  worker: string;
  pendingInvite: string;
  stationId: string;
  eventId: string;
  requestId: string;
  householdId: string;
}

/** A grid under 中心区社区 with something in every collection that carries `ancestors`. */
async function populatedGrid(): Promise<GridFixture> {
  const gridId = await newOrg(p.orgId('zxq'), 'grid');
  const worker = await grant('grid_worker', gridId);
  const pendingInvite = await invite('grid_worker', gridId);
  const station = await p.ok('staff', 'orgs', 'createStation', {
    orgId: gridId,
    type: 'yijiaqin',
    name: unique('网格工作站'),
    address: '关上北路 9 号',
    latitude: 25,
    longitude: 102.74,
    hours: '9:00-17:00',
    services: ['consult'],
    phone: '0871-67100009',
    greenChannel: false,
  });
  const event = await p.ok('staff', 'events', 'create', {
    orgId: gridId,
    type: 'banquet',
    title: unique('网格百家宴'),
    location: { name: '网格广场' },
    startAt: inMinutes(7 * 24 * 60),
    capacity: 30,
    dishRequired: false,
  });
  for (let i = 0; i < 2; i++) await p.ok(newCaller(), 'events', 'signup', signupInput(event.id, 2));
  const request = await p.ok(newCaller('requester'), 'requests', 'create', {
    orgId: gridId,
    category: 'employment',
    description: '想找一份餐饮方面的工作',
    contactName: '马丽',
    contactPhone: '13812345678',
  });
  await p.ok('staff', 'surveys', 'create', {
    orgId: gridId,
    title: unique('网格需求问卷'),
    questions: [{ id: 'needs', type: 'single', title: '最需要的帮助', options: ['就业', '入学'] }],
  });
  let householdId = '';
  const householdIds: string[] = [];
  for (let i = 0; i < 2; i++) {
    const household = await p.ok(worker, 'households', 'create', {
      gridId,
      address: { estate: '迁移小区', building: '1', unit: '1', room: String(101 + i) },
      members: [
        { name: '马文', gender: 'male', ethnicity: '03', residency: 'floating' },
        { name: '马兰', gender: 'female', ethnicity: '03', residency: 'floating' },
      ],
    });
    householdId = household.id;
    householdIds.push(household.id);
  }
  await p.ok(worker, 'households', 'addVisit', { id: householdId, notes: '上门走访' });
  await p.ok(worker, 'community', 'createPair', { orgId: gridId, households: householdIds });
  await p.ok('staff', 'community', 'createTeam', { orgId: gridId, name: unique('网格志愿队') });
  await previewLedger(worker, gridId);
  await newNotice(p, 'zxq', { orgId: gridId });
  const held = await heldEvent(p, 'zxq', { orgId: gridId });
  await p.ok('staff', 'notices', 'postReview', { eventId: held, text: '网格百家宴圆满举办。' });
  return {
    gridId,
    worker,
    pendingInvite,
    stationId: station.id,
    eventId: event.id,
    requestId: request.id,
    householdId,
  };
}

/** An import previewed (not committed) by the grid worker: its record carries the grid's path. */
async function previewLedger(worker: string, gridId: string): Promise<void> {
  const rows = ledgerRows({ rows: 2, seed: ++seq, series: 70 + (seq % 20), estate: unique('迁移导入小区') });
  const res = await fetch(`${p.cloud.url}/storage/client/imports/${worker}/move-${seq}.xlsx`, {
    method: 'PUT',
    headers: { 'x-wx-openid': worker },
    body: ledgerFile(rows),
  });
  const { fileID } = (await res.json()) as { fileID: string };
  await p.ok(worker, 'imports', 'preview', { gridId, fileID });
}

/** Every record under `gridId`, per scoped collection. */
function recordsUnder(gridId: string): Record<string, Record<string, unknown>[]> {
  return Object.fromEntries(
    SCOPED_COLLECTIONS.map(({ name }) => [
      name,
      p.docs(name).filter((d) => Array.isArray(d.ancestors) && (d.ancestors as string[]).includes(gridId)),
    ]),
  );
}

/** Asserts that every record under the grid carries its new path (and community), in every collection. */
function expectFollowed(gridId: string, communityId: string): void {
  const community = p.docs('orgs').find((o) => o._id === communityId)!;
  const expected = [...(community.ancestors as string[]), gridId];
  for (const [name, records] of Object.entries(recordsUnder(gridId))) {
    expect([name, records.length > 0]).toEqual([name, true]);
    for (const r of records) {
      expect([name, r.ancestors]).toEqual([name, expected]);
      if ('communityId' in r) expect([name, r.communityId]).toEqual([name, communityId]);
    }
  }
  const grid = p.docs('orgs').find((o) => o._id === gridId)!;
  expect(grid).toMatchObject({ parentId: communityId, path: `/${expected.join('/')}/`, depth: expected.length - 1 });
}

/** The records under a grid with the grid's own id blanked: two grids built alike compare equal. */
function shapeUnder(gridId: string): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(recordsUnder(gridId)).map(([name, records]) => [
      name,
      records
        .map((r) =>
          JSON.stringify({
            ancestors: (r.ancestors as string[]).map((a) => (a === gridId ? 'GRID' : a)),
            communityId: r.communityId,
          }),
        )
        .sort(),
    ]),
  );
}

async function fireTimer(): Promise<Envelope> {
  const res = await fetch(`${p.cloud.url}/fn/orgs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ Type: 'Timer', TriggerName: 'resumeMoves', Time: new Date().toISOString() }),
  });
  return (await res.json()) as Envelope;
}

const job = (gridId: string) => p.docs('orgMoves').find((j) => j.orgId === gridId && j.status === 'running');

describe('a grid moved to another community takes its whole scope with it', () => {
  let target: string;
  let grid: GridFixture;
  let oldAdmin: string;
  let newAdmin: string;
  let newStaff: string;

  beforeAll(async () => {
    target = await newOrg(p.orgId('gs'), 'community', unique('新社区'));
    oldAdmin = await grant('admin', p.orgId('zxq'));
    newAdmin = await grant('admin', target);
    newStaff = await grant('staff', target);
    grid = await populatedGrid();
    const moved = await p.ok('streetAdmin', 'orgs', 'move', { id: grid.gridId, parentId: target });
    expect(moved).toMatchObject({ parentId: target, move: { status: 'done' } });
  });

  test('the old community’s staff lose its events, roster and export; the new community’s gain them', async () => {
    for (const action of ['roster', 'exportRoster'] as const) {
      const data = action === 'roster' ? { eventId: grid.eventId } : { eventId: grid.eventId, reason: '电话通知家庭' };
      expect(await p.call('staff', 'events', action, data)).toMatchObject({
        ok: false,
        error: { code: 'PERMISSION_DENIED' },
      });
      expect(await p.call(newStaff, 'events', action, data)).toMatchObject({ ok: true });
    }
    const roster = await p.ok(newStaff, 'events', 'roster', { eventId: grid.eventId });
    expect(roster.items).toHaveLength(2);
    const exported = await p.ok(newStaff, 'events', 'exportRoster', { eventId: grid.eventId, reason: '电话通知家庭' });
    expect(exported).toMatchObject({ rows: 2, masked: false });
  });

  test('the registry, requests and stations follow too', async () => {
    const checks: [string, string, Record<string, unknown>, string][] = [
      ['households', 'get', { id: grid.householdId }, 'NOT_FOUND'],
      ['households', 'visits', { id: grid.householdId }, 'NOT_FOUND'],
      ['requests', 'get', { id: grid.requestId }, 'NOT_FOUND'],
      ['orgs', 'updateStation', { id: grid.stationId, hours: '每天 9:00-20:00' }, 'PERMISSION_DENIED'],
    ];
    for (const [fn, action, data, refused] of checks) {
      expect(await p.call('staff', fn, action, data)).toMatchObject({ ok: false, error: { code: refused } });
      expect(await p.call(newStaff, fn, action, data)).toMatchObject({ ok: true });
      expect(await p.call(grid.worker, fn, action, data)).toMatchObject(
        fn === 'orgs' ? { ok: false } : { ok: true }, // a grid worker never edits stations
      );
    }
    const list = await p.ok(newStaff, 'households', 'list', { orgId: target });
    expect(list.items.length).toBe(2);
  });

  test('an invite made before the move and redeemed after gives a grant the new admin lists and revokes', async () => {
    await p.ok('late-worker', 'users', 'redeemInvite', { code: grid.pendingInvite });
    const late = p.docs('grants').find((g) => g.openid === 'late-worker')!;
    const listed = async (admin: string, orgId: string) =>
      (await p.ok(admin, 'users', 'listGrants', { orgId, limit: 50 })).items.map((g: { id: string }) => g.id);
    expect(await listed(newAdmin, target)).toEqual(expect.arrayContaining([late._id]));
    expect(await listed(oldAdmin, p.orgId('zxq'))).not.toContain(late._id);
    expect(await p.call(oldAdmin, 'users', 'revokeGrant', { id: late._id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    await p.ok(newAdmin, 'users', 'revokeGrant', { id: late._id });
    expect((await p.ok('late-worker', 'users', 'me')).roles).toEqual([]);
  });

  test('every record under the grid carries the new path and community', () => {
    expectFollowed(grid.gridId, target);
    const moves = p.docs('orgMoves').filter((j) => j.orgId === grid.gridId);
    expect(moves).toEqual([expect.objectContaining({ status: 'done', activeKey: `done:${moves[0]._id}` })]);
  });

  test('a move crashed after one tiny batch refuses a second move, resumes to the same state, and reruns harmlessly', async () => {
    const straight = await populatedGrid();
    await p.ok('streetAdmin', 'orgs', 'move', { id: straight.gridId, parentId: target });
    await p.ok('after-move-worker', 'users', 'redeemInvite', { code: straight.pendingInvite });

    const crashed = await populatedGrid();
    const first = await p.ok('streetAdmin', 'orgs', 'move', {
      id: crashed.gridId,
      parentId: target,
      batchSize: 1,
      maxBatches: 1,
    });
    expect(first.move).toMatchObject({ status: 'running' });
    expect(first.move.progress.find((c: { collection: string }) => c.collection === 'orgs')).toMatchObject({
      updated: 1,
    });
    // Half moved: the grid itself is under the new community, its records not yet.
    expect(recordsUnder(crashed.gridId).events[0].ancestors).toContain(p.orgId('zxq'));

    const other = await newOrg(p.orgId('gs'), 'community', unique('第三社区'));
    for (const parentId of [other, p.orgId('zxq')]) {
      expect(await p.call('rootAdmin', 'orgs', 'move', { id: crashed.gridId, parentId })).toMatchObject({
        ok: false,
        error: { code: 'FAILED_PRECONDITION', details: { reason: 'MOVE_IN_PROGRESS' } },
      });
    }
    // Redeemed mid-move, the pending invite still gives a grant where the grid is now.
    await p.ok('mid-move-worker', 'users', 'redeemInvite', { code: crashed.pendingInvite });
    expect(p.docs('grants').find((g) => g.openid === 'mid-move-worker')!.ancestors).toContain(target);

    // Someone outside the tree cannot push it along; an admin can, a few batches at a time.
    expect(await p.call('staff', 'orgs', 'resumeMoves', {})).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    let calls = 0;
    while (job(crashed.gridId) && calls < 50) {
      await p.ok('streetAdmin', 'orgs', 'resumeMoves', { batchSize: 1, maxBatches: 3 });
      calls++;
    }
    expect(calls).toBeGreaterThan(3);
    expectFollowed(crashed.gridId, target);
    expect(shapeUnder(crashed.gridId)).toEqual(shapeUnder(straight.gridId));

    // A rerun of the finished job (as after a crash just before it was marked done) rewrites nothing.
    const before = JSON.stringify(recordsUnder(crashed.gridId));
    const done = p.docs('orgMoves').find((j) => j.orgId === crashed.gridId)!;
    p.cloud.store.commit([
      {
        collection: 'orgMoves',
        id: done._id as string,
        doc: { ...done, status: 'running', activeKey: crashed.gridId, progress: {} },
      },
    ]);
    const timer = await fireTimer();
    expect(timer.ok).toBe(true);
    expect(job(crashed.gridId)).toBeUndefined();
    expect(JSON.stringify(recordsUnder(crashed.gridId))).toBe(before);
  });

  test('the hourly timer finishes a move its call left unfinished', async () => {
    const g = await populatedGrid();
    const res = await p.ok('streetAdmin', 'orgs', 'move', { id: g.gridId, parentId: target, maxBatches: 2 });
    expect(res.move.status).toBe('running');
    const timer = await fireTimer();
    expect(timer.ok).toBe(true);
    expect(job(g.gridId)).toBeUndefined();
    expectFollowed(g.gridId, target);
  });

  test('a user’s call that poses as the timer goes to the router instead', async () => {
    const g = await populatedGrid();
    await p.ok('streetAdmin', 'orgs', 'move', { id: g.gridId, parentId: target, maxBatches: 1 });
    const res = await p.call('resident', 'orgs', 'Timer', { Type: 'Timer' });
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(job(g.gridId)).toBeDefined();
    await fireTimer();
    expect(job(g.gridId)).toBeUndefined();
  });
});

describe('the list of collections that follow a move is complete', () => {
  const covered = new Set(SCOPED_COLLECTIONS.map((c) => c.name));

  test('every collection declared with an ancestors index is in SCOPED_COLLECTIONS', () => {
    const declared = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../database/collections.json'), 'utf8')) as {
      collections: { name: string; indexes?: { keys: Record<string, number> }[] }[];
    };
    const withAncestors = declared.collections
      .filter((c) => (c.indexes ?? []).some((i) => 'ancestors' in i.keys))
      .map((c) => c.name);
    expect(withAncestors.length).toBeGreaterThan(3);
    for (const name of withAncestors) expect([name, covered.has(name)]).toEqual([name, true]);
  });

  test('every collection holding a document with ancestors (demo data and the scenarios above) is covered', () => {
    const store = p.cloud.store;
    const holding = store
      .collectionNames()
      .filter((name) => [...store.collection(name).docs.values()].some((d) => 'ancestors' in d));
    expect(holding).toEqual(expect.arrayContaining(['households', 'householdMembers', 'signups']));
    for (const name of holding) expect([name, covered.has(name)]).toEqual([name, true]);
  });
});

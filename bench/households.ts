import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { memberDoc, type MemberInput } from '../backend/households/members';
import type { HouseholdDoc, MemberDoc } from '../backend/households/model';
import { newSceneToken } from '../backend/core/ids';
import { addressSortKey } from '../miniprogram/shared/households';
import { withCheckChar } from '../miniprogram/shared/idcard';
import { withPiiKey } from '../scripts/demo/households';
import { insertRaw } from './cloud';
import { measure, measureSideBySide, type Results } from './lib';
import type { BenchProject } from './product';

/**
 * The grid registry at the size of 中心区社区: 25,000 households and 70,000 members in 50 grids (the grid worker's
 * own grid holds 500), sealed exactly as the function seals them. Through /fn with the real `households` function:
 * a grid's list page 1 against its last page, the community's name search and address list page 1 against page 50,
 * door-code scans, and the database calls each action makes.
 */

const GRIDS = 50;
const HOUSEHOLDS = 25_000;
const MEMBERS = 70_000;
/** Doors of the smallest grid, whose plates are printed (each code is drawn by the local stand-in). */
const PLATES_GRID_SIZE = 60;
const SURNAMES = [
  '马',
  '杨',
  '李',
  '王',
  '张',
  '普',
  '段',
  '岩',
  '玉',
  '赵',
  '刘',
  '陈',
  '罗',
  '和',
  '沙',
  '白',
  '者',
  '字',
  '龙',
  '苏',
];
const GIVEN = [
  '丽',
  '建',
  '国',
  '华',
  '春',
  '梅',
  '小',
  '雨',
  '明',
  '芳',
  '文',
  '强',
  '英',
  '秀',
  '军',
  '红',
  '平',
  '云',
  '海',
  '燕',
];
const ETHNICITIES = ['01', '03', '07', '14', '16', '18', '04', '05', '08', '27'];

const hex = () => crypto.randomBytes(16).toString('hex');

interface Grid {
  _id: string;
  ancestors: string[];
  size: number;
}

/** 50 grids: the grid worker's own (第一网格) and 49 more, sized so that the community holds 25,000 households. */
async function loadGrids(project: BenchProject): Promise<Grid[]> {
  const orgs = project.cloud.store.collection('orgs').docs;
  const community = orgs.get(project.orgIdByName('中心区社区'))!;
  const own = orgs.get(project.orgIdByName('第一网格（金色年华小区）'))!;
  const grids: Grid[] = [{ _id: own._id as string, ancestors: own.ancestors as string[], size: 500 }];
  const extra = [];
  for (let g = 1; g < GRIDS; g++) {
    const _id = hex();
    const ancestors = [...(community.ancestors as string[]), _id];
    extra.push({
      _id,
      name: `基准网格${g}`,
      level: 'grid',
      parentId: community._id,
      ancestors,
      path: `/${ancestors.join('/')}/`,
      depth: ancestors.length - 1,
      scene: newSceneToken(),
      contact: { name: `网格员${g}`, phone: `139087${String(g).padStart(5, '0')}` },
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    grids.push({ _id, ancestors, size: 500 });
  }
  await insertRaw(project.cloud.url, 'orgs', extra);
  grids[GRIDS - 2].size = 1000 - PLATES_GRID_SIZE;
  grids[GRIDS - 1].size = PLATES_GRID_SIZE;
  return grids;
}

function memberInput(i: number, rand: () => number): MemberInput {
  const male = rand() < 0.5;
  const floating = rand() < 0.6;
  const year = 1950 + Math.floor(rand() * 70);
  const seq = String(i % 100).padStart(2, '0') + (male ? '1' : '2');
  const input: Record<string, unknown> = {
    name:
      SURNAMES[Math.floor(rand() * SURNAMES.length)] +
      GIVEN[Math.floor(rand() * GIVEN.length)] +
      (rand() < 0.5 ? GIVEN[Math.floor(rand() * GIVEN.length)] : ''),
    gender: male ? 'male' : 'female',
    ethnicity: ETHNICITIES[Math.floor(rand() * ETHNICITIES.length)],
    residency: floating ? 'floating' : 'registered',
    occupation: rand() < 0.7 ? '务工' : undefined,
    languages: ['普通话'],
  };
  if (rand() < 0.7)
    input.idNumber = withCheckChar(`5301${String(i % 100).padStart(2, '0')}${year}0${1 + (i % 9)}1${i % 10}${seq}`);
  if (rand() < 0.6) input.phone = `13${String(700_000_000 + i).padStart(9, '0')}`;
  if (floating) Object.assign(input, { origin: '云南省昭通市', arrivedAt: '2024-03-01' });
  return input as unknown as MemberInput;
}

/** Loads the households and members with raw batched inserts (sealing 70,000 members in this process). */
async function loadRegistry(project: BenchProject, grids: Grid[]): Promise<void> {
  let seed = 1234;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const now = Date.now();
  let memberIndex = 0;
  let households: HouseholdDoc[] = [];
  let members: MemberDoc[] = [];
  const flush = async () => {
    if (households.length) await insertRaw(project.cloud.url, 'households', households as never);
    for (let i = 0; i < members.length; i += 1000)
      await insertRaw(project.cloud.url, 'householdMembers', members.slice(i, i + 1000) as never);
    households = [];
    members = [];
  };
  await withPiiKey(project.piiKey, async () => {
    let h = 0;
    for (const grid of grids) {
      for (let k = 0; k < grid.size; k++, h++) {
        const _id = hex();
        const address = {
          estate: `小区${1 + (k % 5)}`,
          building: String(1 + Math.floor(k / 40)),
          unit: String(1 + (k % 4)),
          room: String(101 + (k % 10) * 100),
        };
        const household: HouseholdDoc = {
          _id,
          gridId: grid._id,
          communityId: grid.ancestors[grid.ancestors.length - 2],
          ancestors: grid.ancestors,
          address,
          addrKey: `${addressSortKey(address)}\u0001${_id}`,
          housing: 'rented',
          tags: k % 10 === 0 ? ['dibao'] : [],
          status: 'active',
          scene: newSceneToken(),
          memberCount: 0,
          headName: null,
          completeness: 80,
          duplicate: false,
          visitCount: 0,
          lastVisitAt: null,
          createdBy: 'bench',
          createdAt: new Date(now),
          updatedAt: new Date(now),
        };
        // 70,000 members over 25,000 households: 2 or 3 each, 3 for four in five.
        const count = Math.min(MEMBERS - memberIndex, h % 5 === 4 ? 2 : 3) || 1;
        for (let m = 0; m < count; m++) {
          members.push(memberDoc(memberInput(memberIndex++, rand), household, new Date(now + m)));
        }
        household.memberCount = count;
        household.headName = members[members.length - count].name;
        households.push(household);
        if (households.length === 1000) await flush();
      }
    }
    await flush();
  });
  const scenes = [...project.cloud.store.collection('households').docs.values()]
    .filter((d) => d.createdBy === 'bench')
    .map((d) => ({ _id: d.scene, type: 'household', targetId: d._id, createdAt: new Date(), revokedAt: null }));
  for (let i = 0; i < scenes.length; i += 1000)
    await insertRaw(project.cloud.url, 'qrScenes', scenes.slice(i, i + 1000));
}

async function cursorOfPage(
  project: BenchProject,
  openid: string,
  data: Record<string, unknown>,
  page: number,
): Promise<string> {
  let cursor: string | undefined;
  for (let i = 1; i < page; i++) {
    const { data: res } = await project.call<{ nextCursor: string | null }>(openid, 'households', 'list', {
      ...data,
      limit: 20,
      ...(cursor ? { cursor } : {}),
    });
    if (!res.nextCursor) throw new Error(`households.list ran out of pages at ${i}`);
    cursor = res.nextCursor;
  }
  return cursor!;
}

export async function benchHouseholds(project: BenchProject, results: Results): Promise<void> {
  const t0 = performance.now();
  const grids = await loadGrids(project);
  await loadRegistry(project, grids);
  const loadSeconds = (performance.now() - t0) / 1000;
  const community = project.orgIdByName('中心区社区');
  const gridId = grids[0]._id;
  const worker = 'demo-grid-worker';
  const staff = 'demo-staff';
  const load = results.section(
    `households: ${HOUSEHOLDS.toLocaleString('en')} households, ${MEMBERS.toLocaleString('en')} members in 中心区社区 (${GRIDS} grids), through /fn`,
  );
  load.value('load: sealed and inserted (raw insertDocument, 1,000 per batch)', `${loadSeconds.toFixed(1)} s`);

  const grid = { gridId };
  const lastGridPage = await cursorOfPage(project, worker, grid, 25);
  const [g1, g25] = await measureSideBySide(
    [
      {
        name: 'grid list page 1 (505 households, by address)',
        fn: () => project.call(worker, 'households', 'list', { ...grid, limit: 20 }),
      },
      {
        name: 'grid list page 25 (cursor)',
        fn: () => project.call(worker, 'households', 'list', { ...grid, limit: 20, cursor: lastGridPage }),
      },
    ],
    { iterations: 200, warmup: 10, maxMs: 20_000 },
  );
  load.timing(g1);
  load.timing(g25);
  load.ratio('grid list page 25 / page 1', g1, g25, 'near 1: index walk from the cursor (+1 call reads it)');

  const search = { orgId: community, q: '马' };
  const search50 = await cursorOfPage(project, staff, search, 50);
  const [s1, s50] = await measureSideBySide(
    [
      {
        name: 'community name search "马" page 1 (about 3,500 matches)',
        fn: () => project.call(staff, 'households', 'list', { ...search, limit: 20 }),
      },
      {
        name: 'community name search "马" page 50 (cursor)',
        fn: () => project.call(staff, 'households', 'list', { ...search, limit: 20, cursor: search50 }),
      },
    ],
    { iterations: 200, warmup: 10, maxMs: 20_000 },
  );
  load.timing(s1);
  load.timing(s50);
  load.ratio('name search page 50 / page 1', s1, s50, 'near 1: one range on the name index (+1 call)');

  const byAddress = { orgId: community };
  const address50 = await cursorOfPage(project, staff, byAddress, 50);
  const [a1, a50] = await measureSideBySide(
    [
      {
        name: 'community list by address page 1 (25,000 households)',
        fn: () => project.call(staff, 'households', 'list', { ...byAddress, limit: 20 }),
      },
      {
        name: 'community list by address page 50 (cursor)',
        fn: () => project.call(staff, 'households', 'list', { ...byAddress, limit: 20, cursor: address50 }),
      },
    ],
    { iterations: 200, warmup: 10, maxMs: 20_000 },
  );
  load.timing(a1);
  load.timing(a50);
  load.ratio('community list page 50 / page 1', a1, a50, 'near 1 (+1 call reads the cursor)');

  const some = [...project.cloud.store.collection('households').docs.values()].find(
    (d) => d.gridId === gridId && d.createdBy === 'bench',
  )!;
  load.timing(
    await measure(
      'grid list, tag 低保 (multikey index, page 1)',
      () => project.call(worker, 'households', 'list', { gridId, tag: 'dibao', limit: 20 }),
      { iterations: 100, maxMs: 10_000 },
    ),
  );
  load.timing(
    await measure(
      'grid name search "杨" page 1',
      () => project.call(worker, 'households', 'list', { gridId, q: '杨', limit: 20 }),
      { iterations: 100, maxMs: 10_000 },
    ),
  );
  load.timing(
    await measure('get (3 members, masked)', () => project.call(worker, 'households', 'get', { id: some._id }), {
      iterations: 100,
      maxMs: 10_000,
    }),
  );
  const [scanWorker, scanStranger] = await measureSideBySide(
    [
      {
        name: 'qr.resolve door code as its grid worker (record)',
        fn: () => project.call(worker, 'qr', 'resolve', { scene: some.scene }),
      },
      {
        name: 'qr.resolve door code as a stranger (public card)',
        fn: () => project.call('bench-stranger', 'qr', 'resolve', { scene: some.scene }),
      },
    ],
    { iterations: 100, warmup: 5, maxMs: 10_000 },
  );
  load.timing(scanWorker);
  load.timing(scanStranger);
  const platesGrid = grids[GRIDS - 1]._id;
  load.timing(
    await measure(
      `plates.grid: one HTML file for ${PLATES_GRID_SIZE} doors (local QR stand-in)`,
      () => project.call('demo-admin', 'plates', 'grid', { gridId: platesGrid }),
      { iterations: 3, warmup: 1 },
    ),
  );

  await dbCalls(project, results, gridId, community, some._id as string);
}

/** Database calls per action as the local cloud counts them (x-db-calls). */
async function dbCalls(
  project: BenchProject,
  results: Results,
  gridId: string,
  community: string,
  existing: string,
): Promise<void> {
  const calls = results.section('households: database calls per action (x-db-calls)');
  const worker = 'demo-grid-worker';
  const record = async <T>(
    name: string,
    fn: string,
    action: string,
    data: Record<string, unknown>,
    who = worker,
    note?: string,
  ) => {
    const res = await project.call<T>(who, fn, action, data);
    calls.value(name, res.dbCalls, note);
    return res.data;
  };
  const m = (name: string, over: Record<string, unknown> = {}) => ({
    name,
    gender: 'male',
    ethnicity: '03',
    residency: 'floating',
    ...over,
  });
  type H = { id: string; scene: string; members: { memberId: string }[] };
  const h = await record<H>('households.create (2 members, ID numbers)', 'households', 'create', {
    gridId,
    address: { estate: '基准小区', building: '1', room: '101' },
    members: [
      m('基准甲', { idNumber: withCheckChar('53010219800101001'), phone: '13800000001' }),
      m('基准乙', { idNumber: withCheckChar('53010219820202002'), gender: 'female' }),
    ],
  });
  await record('households.create (no ID numbers)', 'households', 'create', {
    gridId,
    address: { building: '2', room: '202' },
    members: [m('无证件')],
  });
  await record('households.get', 'households', 'get', { id: h.id });
  await record('households.list page 1 (grid)', 'households', 'list', { gridId, limit: 20 });
  const page1 = await project.call<{ nextCursor: string }>(worker, 'households', 'list', { gridId, limit: 20 });
  await record('households.list later page (cursor)', 'households', 'list', {
    gridId,
    limit: 20,
    cursor: page1.data.nextCursor,
  });
  await record(
    'households.list name search (community)',
    'households',
    'list',
    { orgId: community, q: '马', limit: 20 },
    'demo-staff',
  );
  await record('households.update', 'households', 'update', { id: h.id, tags: ['key_attention'] });
  await record('households.addMember', 'households', 'addMember', { id: h.id, member: m('基准丙') });
  await record('households.updateMember (occupation)', 'households', 'updateMember', {
    id: h.id,
    memberId: h.members[0].memberId,
    member: { occupation: '司机' },
  });
  await record('households.updateMember (new ID number)', 'households', 'updateMember', {
    id: h.id,
    memberId: h.members[0].memberId,
    member: { idNumber: withCheckChar('53010219800101011') },
  });
  await record('households.reveal', 'households', 'reveal', {
    id: h.id,
    memberId: h.members[0].memberId,
    field: 'phone',
    reason: '电话联系',
  });
  await record('households.addVisit', 'households', 'addVisit', { id: h.id, notes: '走访' });
  await record('households.addVisit (opens a request)', 'households', 'addVisit', {
    id: h.id,
    notes: '走访',
    openRequest: { category: 'consult', description: '咨询居住证办理' },
  });
  await record('households.visits', 'households', 'visits', { id: h.id });
  const { code } = await record<{ code: string }>('households.claimCode', 'households', 'claimCode', {
    id: h.id,
    memberId: h.members[1].memberId,
  });
  await record('households.claim', 'households', 'claim', { code }, 'bench-claimer', 'as the resident');
  await record('households.mine', 'households', 'mine', {}, 'bench-claimer', 'as the resident');
  await record('qr.resolve door code (grid worker)', 'qr', 'resolve', { scene: h.scene });
  await record(
    'qr.resolve door code (own household)',
    'qr',
    'resolve',
    { scene: h.scene },
    'bench-claimer',
    'as the resident',
  );
  await record('qr.resolve door code (stranger)', 'qr', 'resolve', { scene: h.scene }, 'bench-stranger', 'public card');
  await record('households.moveOut (member)', 'households', 'moveOut', {
    id: h.id,
    memberId: h.members[0].memberId,
    reason: '回老家',
  });
  await record('households.transfer', 'households', 'transfer', {
    id: existing,
    toGridId: project.orgIdByName('第二网格（关上北路片区）'),
    reason: '搬家',
  });
  await record('households.moveOut (whole household)', 'households', 'moveOut', { id: h.id, reason: '整户迁出' });
}

import crypto from 'node:crypto';
import { householdContribution, memberContribution } from '../backend/stats/contributions';
import type { HouseholdDoc, MemberDoc } from '../backend/households/model';
import { DatabaseApi } from '../local-cloud/src/database';
import { insertRaw } from './cloud';
import { measureSideBySide, type Results } from './lib';
import type { BenchProject } from './product';

type Deltas = Record<string, number>;
type OrgRef = { _id: string; name: string; parentId: string; ancestors: string[] };

const ETHNICITIES = ['01', '01', '01', '03', '04', '05', '07', '14', '16', '18', '24', '30'];
const GRIDS = 10;
const PER_HOUSEHOLD = 3;

/** Creates a community with GRIDS grids under 关上街道 (as the root admin, through /fn). */
async function community(project: BenchProject, name: string): Promise<{ id: string; grids: OrgRef[] }> {
  const street = project.orgIdByName('关上街道');
  const { data } = await project.call<{ id: string }>('demo-admin', 'orgs', 'create', {
    parentId: street,
    name,
    level: 'community',
  });
  for (let g = 1; g <= GRIDS; g++) {
    await project.call('demo-admin', 'orgs', 'create', { parentId: data.id, name: `${name}第${g}网格`, level: 'grid' });
  }
  const grids = [...project.cloud.store.collection('orgs').docs.values()].filter(
    (o) => o.parentId === data.id,
  ) as unknown as OrgRef[];
  return { id: data.id, grids };
}

/**
 * Loads `residents` members (households of three) into the grids straight through /admin, and their counters,
 * computed with the same contribution functions the write hooks and the recount use, as orgStats documents.
 */
async function loadResidents(project: BenchProject, grids: OrgRef[], residents: number, into: Map<string, Deltas>) {
  const start = Date.now() - 365 * 86400_000;
  const add = (path: string[], deltas: Deltas) => {
    for (const id of path) {
      const sum = into.get(id) ?? {};
      for (const [k, n] of Object.entries(deltas)) sum[k] = (sum[k] ?? 0) + n;
      into.set(id, sum);
    }
  };
  for (let i = 0; i < residents; i += 3000) {
    const households: HouseholdDoc[] = [];
    const members: MemberDoc[] = [];
    for (let j = i; j < Math.min(residents, i + 3000); j += PER_HOUSEHOLD) {
      const grid = grids[((j / PER_HOUSEHOLD) % grids.length) | 0];
      const createdAt = new Date(start + j * 400_000);
      const id = crypto.randomBytes(16).toString('hex');
      const household = {
        _id: id,
        gridId: grid._id,
        communityId: grid.parentId,
        ancestors: grid.ancestors,
        address: { building: String(1 + (j % 30)), room: String(j) },
        addrKey: `${String(j).padStart(8, '0')}\u0001${id}`,
        housing: 'rented',
        tags: [],
        status: 'active',
        scene: '',
        memberCount: PER_HOUSEHOLD,
        headName: '住户',
        completeness: j % 4 === 0 ? 80 : 100,
        duplicate: false,
        visitCount: 0,
        lastVisitAt: null,
        createdBy: 'bench',
        createdAt,
        updatedAt: createdAt,
      } as HouseholdDoc;
      households.push(household);
      add(grid.ancestors, householdContribution(household));
      for (let k = 0; k < PER_HOUSEHOLD && j + k < residents; k++) {
        const mid = crypto.randomBytes(16).toString('hex');
        const member = {
          _id: mid,
          householdId: id,
          gridId: grid._id,
          communityId: grid.parentId,
          ancestors: grid.ancestors,
          status: (j + k) % 50 === 0 ? 'moved_out' : 'active',
          name: '住户',
          nameSort: `zhuhu\u0001${mid}`,
          gender: k % 2 ? 'female' : 'male',
          ethnicity: ETHNICITIES[(j + k) % ETHNICITIES.length],
          relation: k === 0 ? 'head' : null,
          birthYear: 1980 + ((j + k) % 40),
          idNumberEnc: null,
          idNumberHash: null,
          phoneEnc: null,
          phoneHash: null,
          residency: (j + k) % 3 === 0 ? 'floating' : 'registered',
          origin: null,
          arrivedAt: (j + k) % 3 === 0 ? '2026-05-01' : null,
          occupation: null,
          languages: [],
          needs: [],
          duplicate: false,
          openid: null,
          claimHash: null,
          claimExpiresAt: null,
          createdAt,
          updatedAt: createdAt,
        } as MemberDoc;
        members.push(member);
        add(grid.ancestors, memberContribution(member));
      }
    }
    await insertRaw(project.cloud.url, 'households', households as unknown as Record<string, unknown>[]);
    await insertRaw(project.cloud.url, 'householdMembers', members as unknown as Record<string, unknown>[]);
  }
}

/** Dotted counters back into the nested document the functions keep. */
function nested(id: string, deltas: Deltas): Record<string, unknown> {
  const doc: Record<string, unknown> = { _id: id, updatedAt: new Date() };
  for (const [key, n] of Object.entries(deltas)) {
    const parts = key.split('.');
    let node = doc;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = n;
  }
  return doc;
}

/** Counts the database calls that touch `orgStats` (the counters) while `fn` runs. */
async function counterCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: number }> {
  const proto = DatabaseApi.prototype as unknown as { handle(action: string, p: Record<string, unknown>): unknown };
  const original = proto.handle;
  let calls = 0;
  proto.handle = function (action, p) {
    if (p?.collectionName === 'orgStats') calls += 1;
    return original.call(this, action, p);
  };
  try {
    return { result: await fn(), calls };
  } finally {
    proto.handle = original;
  }
}

/**
 * Dashboards: `stats.overview` of a community of 70,000 residents against one of 700, side by side (the read joins
 * one counter document: its cost must not grow with the residents), the database calls of each read, and what the
 * counters add to a registration, a request and a sign-up.
 */
export async function benchStats(project: BenchProject, results: Results, big = 70_000, small = 700): Promise<void> {
  const counters = new Map<string, Deltas>();
  const large = await community(project, '统计大社区');
  const little = await community(project, '统计小社区');
  await loadResidents(project, large.grids, big, counters);
  await loadResidents(project, little.grids, small, counters);
  await insertRaw(
    project.cloud.url,
    'orgStats',
    [...counters].map(([id, deltas]) => nested(id, deltas)),
  );

  const timing = results.section(
    `stats: overview at ${big.toLocaleString('en')} vs ${small.toLocaleString('en')} residents, through /fn`,
  );
  const [b, s] = await measureSideBySide(
    [
      {
        name: `overview, ${big.toLocaleString('en')} residents`,
        fn: () => project.call('demo-admin', 'stats', 'overview', { orgId: large.id }),
      },
      {
        name: `overview, ${small.toLocaleString('en')} residents`,
        fn: () => project.call('demo-admin', 'stats', 'overview', { orgId: little.id }),
      },
    ],
    { iterations: 200, warmup: 10 },
  );
  timing.timing(b);
  timing.timing(s);
  timing.ratio(`overview ${big} / ${small}`, s, b, 'at most 1.5: one counter document, whatever the size');

  const calls = results.section('stats: database calls per read and added per write (x-db-calls; orgStats calls)');
  const street = project.orgIdByName('关上街道');
  const reads: [string, string, Record<string, unknown>][] = [
    ['overview (community)', 'overview', { orgId: large.id }],
    ['overview (street: audited)', 'overview', { orgId: street }],
    ['trend (community)', 'trend', { orgId: large.id, metric: 'newResidents' }],
    ['children (community, 10 grids)', 'children', { orgId: large.id }],
    ['children (street: audited)', 'children', { orgId: street }],
  ];
  for (const [name, action, data] of reads) {
    const { dbCalls } = await project.call('demo-admin', 'stats', action, data);
    calls.value(`stats.${name}`, dbCalls, 'at most 3');
  }

  const grid = large.grids[0]._id;
  const write = async (name: string, run: () => Promise<{ dbCalls: number }>) => {
    // The second of two: the instance has seen the path's counter documents (the first also checks they exist).
    await counterCalls(run);
    const { result, calls: added } = await counterCalls(run);
    calls.value(`${name}: db calls in all`, result.dbCalls);
    calls.value(`${name}: of which counters (added by stats)`, added, 'one multi-document _.inc');
  };
  let room = 0;
  await write('households.create (3 members)', () =>
    project.call('demo-admin', 'households', 'create', {
      gridId: grid,
      address: { building: '99', room: String(++room) },
      members: ['01', '03', '05'].map((ethnicity, i) => ({
        name: `新住户${i}`,
        gender: 'male',
        ethnicity,
        residency: 'floating',
      })),
    }),
  );
  let filer = 0;
  await write('requests.create', () =>
    project.call(`bench-stats-filer-${++filer}`, 'requests', 'create', {
      orgId: grid,
      category: 'employment',
      description: '想找一份工作',
    }),
  );
  const { data: event } = await project.call<{ id: string }>('demo-admin', 'events', 'create', {
    orgId: large.id,
    type: 'festival',
    title: '统计测试活动',
    location: { name: '广场' },
    startAt: new Date(Date.now() + 5 * 86400_000).toISOString(),
    capacity: 500,
  });
  let family = 0;
  await write('events.signup', () =>
    project.call(`bench-stats-family-${++family}`, 'events', 'signup', {
      eventId: event.id,
      partySize: 2,
      contactName: '家庭',
      contactPhone: '13800000000',
    }),
  );
}

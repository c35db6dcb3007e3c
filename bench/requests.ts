import crypto from 'node:crypto';
import { REQUEST_CATEGORIES } from '../miniprogram/shared/categories';
import { insertRaw } from './cloud';
import { measureSideBySide, measure, type Results } from './lib';
import type { BenchProject } from './product';

const STATUSES = ['submitted', 'accepted', 'resolved', 'closed', 'withdrawn'] as const;

/** Loads `total` requests into 中心区社区's grids (`mine` of them filed by one resident), like a busy year. */
async function loadRequests(project: BenchProject, total: number, mine: number, resident: string): Promise<void> {
  const community = project.cloud.store.collection('orgs').docs.get(project.orgIdByName('中心区社区'))!;
  const grids = [...project.cloud.store.collection('orgs').docs.values()].filter((o) => o.parentId === community._id);
  const start = Date.now() - 365 * 86400_000;
  for (let i = 0; i < total; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(total, i + 1000); j++) {
      const grid = grids[j % grids.length];
      const createdAt = new Date(start + j * 1000);
      const id = crypto.randomBytes(16).toString('hex');
      batch.push({
        _id: id,
        requesterOpenid: j < mine ? resident : `bench-resident-${j % 3000}`,
        clientKey: `bench:${id}`,
        orgId: grid._id,
        orgName: grid.name,
        ancestors: grid.ancestors,
        category: REQUEST_CATEGORIES[j % REQUEST_CATEGORIES.length].value,
        description: '孩子入学需要办理居住证明，不知道需要哪些材料。',
        images: [],
        status: STATUSES[j % STATUSES.length],
        assigneeOpenid: null,
        dueAt: new Date(createdAt.getTime() + 5 * 86400_000),
        createdAt,
        updatedAt: createdAt,
        sortKey: `${createdAt.getTime().toString(36).padStart(10, '0')}-${id}`,
        messages: [],
        timeline: [{ at: createdAt, by: resident, type: 'create', actor: 'requester' }],
      });
    }
    await insertRaw(project.cloud.url, 'requests', batch);
  }
}

/** Walks `pages - 1` pages to find the cursor of page `pages`. */
async function cursorOfPage(
  project: BenchProject,
  openid: string,
  action: string,
  data: Record<string, unknown>,
  pages: number,
): Promise<string> {
  let cursor: string | undefined;
  for (let i = 1; i < pages; i++) {
    const { data: page } = await project.call<{ nextCursor: string | null }>(openid, 'requests', action, {
      ...data,
      limit: 20,
      ...(cursor ? { cursor } : {}),
    });
    if (!page.nextCursor) throw new Error(`${action} ran out of pages at ${i}`);
    cursor = page.nextCursor;
  }
  return cursor!;
}

/** Service requests: queue and "my requests" page 1 against page 50 at 20,000 requests, and db calls per action. */
export async function benchRequests(project: BenchProject, results: Results, total = 20_000): Promise<void> {
  const resident = 'bench-busy-resident';
  await loadRequests(project, total, 1_200, resident);
  const community = project.orgIdByName('中心区社区');
  const timing = results.section(`requests: ${total.toLocaleString('en')} requests in 中心区社区, through /fn`);

  const queueArgs = { orgId: community, status: 'submitted' };
  const queue50 = await cursorOfPage(project, 'demo-staff', 'queue', queueArgs, 50);
  const [q1, q50] = await measureSideBySide(
    [
      {
        name: 'queue page 1 (status tab, 20 per page)',
        fn: () => project.call('demo-staff', 'requests', 'queue', { ...queueArgs, limit: 20 }),
      },
      {
        name: 'queue page 50 (cursor)',
        fn: () => project.call('demo-staff', 'requests', 'queue', { ...queueArgs, limit: 20, cursor: queue50 }),
      },
    ],
    { iterations: 200, warmup: 10 },
  );
  timing.timing(q1);
  timing.timing(q50);
  timing.ratio('queue page 50 / page 1', q1, q50, 'near 1: index walk from the cursor');

  const mine50 = await cursorOfPage(project, resident, 'listMine', {}, 50);
  const [m1, m50] = await measureSideBySide(
    [
      {
        name: 'listMine page 1 (1,200 own requests)',
        fn: () => project.call(resident, 'requests', 'listMine', { limit: 20 }),
      },
      {
        name: 'listMine page 50 (cursor)',
        fn: () => project.call(resident, 'requests', 'listMine', { limit: 20, cursor: mine50 }),
      },
    ],
    { iterations: 200, warmup: 10 },
  );
  timing.timing(m1);
  timing.timing(m50);
  timing.ratio('listMine page 50 / page 1', m1, m50);
  timing.timing(
    await measure(
      'counts for the status tabs (indexed counts)',
      () => project.call('demo-staff', 'requests', 'counts', { orgId: community }),
      { iterations: 100 },
    ),
  );

  const calls = results.section('requests: database calls per action (x-db-calls)');
  const filer = 'bench-filer';
  const record = async (action: string, data: Record<string, unknown>, who = 'demo-staff') => {
    const res = await project.call<{ id?: string }>(who, 'requests', action, data);
    calls.value(`requests.${action}`, res.dbCalls, who === filer ? 'as the resident' : 'as staff');
    return res.data;
  };
  const grid = project.orgIdByName('第一网格（金色年华小区）');
  const created = await record(
    'create',
    {
      orgId: grid,
      category: 'employment',
      description: '想找一份工作',
      contactPhone: '13812345678',
      clientToken: 'bench-token-0001',
    },
    filer,
  );
  await record(
    'create',
    { orgId: grid, category: 'employment', description: '想找一份工作', clientToken: 'bench-token-0001' },
    filer,
  );
  calls.rows[calls.rows.length - 1].name = 'requests.create (repeat of the same clientToken)';
  const id = created.id!;
  await record('get', { id }, filer);
  await record('listMine', { limit: 20 }, filer);
  await record('myCounts', {}, filer);
  await record('queue', { orgId: community, limit: 20 });
  await record('counts', { orgId: community });
  await record('accept', { id });
  await record('reply', { id, text: '您好，请问方便什么时候来社区？' });
  await record('reply', { id, text: '明天上午可以' }, filer);
  await record('revealContact', { id, reason: '电话联系' });
  await record('transfer', { id, toOrgId: project.orgIdByName('第二网格（关上北路片区）'), reason: '住址在第二网格' });
  await record('resolve', { id, resolution: '已推荐岗位' });
  await record('rate', { id, score: 5 }, filer);
  const other = await record(
    'create',
    { orgId: grid, category: 'consult', description: '咨询居住证', clientToken: 'bench-token-0002' },
    filer,
  );
  await record('withdraw', { id: other.id }, filer);
}

/**
 * orgs.archive: an admin above an org closes it and its subtree to new work (history stays readable); it refuses
 * while requests are open or events are still to come under it, with the reason.
 */
import { ledgerFile, ledgerRows } from '../scripts/demo/ledger';
import { inMinutes } from './helpers/events';
import { fixtureAdmin, PERSONAS, TestProject } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

let seq = 0;

/** A fresh community under 官渡街道 with one grid, made by the street admin. */
async function freshCommunity(): Promise<{ community: string; grid: string }> {
  const { id: community } = await p.ok('streetAdmin', 'orgs', 'create', {
    parentId: p.orgId('gs'),
    name: `归档测试社区${++seq}`,
    level: 'community',
  });
  const { id: grid } = await p.ok('streetAdmin', 'orgs', 'create', {
    parentId: community,
    name: `归档测试网格${seq}`,
    level: 'grid',
  });
  return { community, grid };
}

const requestInput = (orgId: string) => ({
  orgId,
  category: 'employment',
  description: '想找一份工作',
  contactName: '马丽',
  contactPhone: '13800000000',
});

const eventInput = (orgId: string) => ({
  orgId,
  type: 'festival',
  title: `归档测试活动${++seq}`,
  location: { name: '社区广场' },
  startAt: inMinutes(7 * 24 * 60),
  capacity: 20,
});

/** A one-row ledger in the caller's own upload folder. */
async function uploadLedger(openid: string): Promise<string> {
  const rows = ledgerRows({ rows: 1, seed: 300 + ++seq, series: 60, estate: `归档导入小区${seq}` });
  const res = await fetch(`${p.cloud.url}/storage/client/imports/${openid}/archive-${seq}.xlsx`, {
    method: 'PUT',
    headers: { 'x-wx-openid': openid },
    body: ledgerFile(rows),
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

function refused(reason: string) {
  return { ok: false, error: { code: 'FAILED_PRECONDITION', details: { reason } } };
}

describe('orgs.archive', () => {
  test('refuses while a request under the subtree is open, with the count, and archives once it is withdrawn', async () => {
    const { community, grid } = await freshCommunity();
    const request = await p.ok('archive-resident-1', 'requests', 'create', requestInput(grid));
    const blocked = await p.call('streetAdmin', 'orgs', 'archive', { id: community });
    expect(blocked).toMatchObject(refused('OPEN_REQUESTS'));
    expect(blocked.error!.message).toContain('1');
    expect(p.docs('orgs').find((o) => o._id === community)!.archivedAt).toBeFalsy();

    await p.ok('archive-resident-1', 'requests', 'withdraw', { id: request.id });
    const archived = await p.ok('streetAdmin', 'orgs', 'archive', { id: community });
    expect(archived).toMatchObject({ id: community, archived: true, archivedOrgs: 2 });
  });

  test('refuses while an event under the subtree is still to come, and not once it is cancelled', async () => {
    const { community, grid } = await freshCommunity();
    const event = await p.ok(fixtureAdmin(), 'events', 'create', eventInput(grid));
    const blocked = await p.call('streetAdmin', 'orgs', 'archive', { id: community });
    expect(blocked).toMatchObject(refused('UPCOMING_EVENTS'));
    expect(blocked.error!.message).toContain('1');

    await p.ok(fixtureAdmin(), 'events', 'cancel', { id: event.id, reason: '天气原因' });
    await p.ok('streetAdmin', 'orgs', 'archive', { id: community });
  });

  test('an archived subtree leaves the tree listings, but get still answers, marked archived', async () => {
    const { community, grid } = await freshCommunity();
    await p.ok('streetAdmin', 'orgs', 'archive', { id: community });
    for (const id of [community, grid]) {
      const doc = p.docs('orgs').find((o) => o._id === id)!;
      expect(doc.archivedAt).toBeTruthy();
      expect(doc.archivedBy).toBe('demo-street-admin');
    }
    const siblings = await p.ok('resident', 'orgs', 'children', { id: p.orgId('gs') });
    expect(siblings.items.map((o: { id: string }) => o.id)).not.toContain(community);
    expect(siblings.items.length).toBeGreaterThan(0);
    expect((await p.ok('resident', 'orgs', 'children', { id: community })).items).toEqual([]);
    expect(await p.ok('resident', 'orgs', 'get', { id: grid })).toMatchObject({ id: grid, archived: true });
    expect(await p.ok('resident', 'orgs', 'get', { id: p.orgId('zxq') })).not.toHaveProperty('archived');
    expect(p.docs('auditLogs')).toContainEqual(
      expect.objectContaining({ action: 'org.archive', targetId: community, actor: 'demo-street-admin' }),
    );
  });

  test('a root cannot be archived, and the archived child of a root leaves its listing', async () => {
    const roots = await p.ok('resident', 'orgs', 'roots');
    const { id: district } = await p.ok('rootAdmin', 'orgs', 'create', {
      parentId: roots.items[0].id,
      name: `归档测试区${++seq}`,
      level: 'district',
    });
    // Roots themselves cannot be archived; a root's listing hides its archived children like any other.
    expect(await p.call('rootAdmin', 'orgs', 'archive', { id: roots.items[0].id })).toMatchObject(
      refused('ROOT_NOT_ARCHIVABLE'),
    );
    await p.ok('rootAdmin', 'orgs', 'archive', { id: district });
    const children = await p.ok('resident', 'orgs', 'children', { id: roots.items[0].id });
    expect(children.items.map((o: { id: string }) => o.id)).not.toContain(district);
    expect((await p.ok('resident', 'orgs', 'roots')).items).toEqual(roots.items);
  });

  test('every kind of new work into an archived org refuses with ORG_ARCHIVED (stations, moves and transfers too)', async () => {
    const { community, grid } = await freshCommunity();
    await p.ok('streetAdmin', 'orgs', 'archive', { id: community });
    const attempts = [
      p.call('streetAdmin', 'orgs', 'create', { parentId: community, name: '新网格', level: 'grid' }),
      p.call('archive-resident-2', 'requests', 'create', requestInput(grid)),
      p.call('streetAdmin', 'events', 'create', eventInput(community)),
      p.call('streetAdmin', 'households', 'create', {
        gridId: grid,
        address: { estate: '金色年华小区', building: '3', unit: '2', room: '301' },
        housing: 'rented',
        members: [
          {
            name: '马丽',
            gender: 'female',
            ethnicity: '03',
            idNumber: '530102199001011223',
            phone: '13800000000',
            residency: 'floating',
          },
        ],
      }),
      p.call('streetAdmin', 'users', 'createInvite', { role: 'grid_worker', orgId: grid }),
      p.call('streetAdmin', 'orgs', 'createStation', {
        orgId: community,
        type: 'service_hall',
        name: '归档社区服务站',
        address: '关上北路 20 号',
        latitude: 24.98,
        longitude: 102.75,
        hours: '9:00-17:00',
        services: ['consult'],
        phone: '0871-67100012',
        greenChannel: false,
      }),
      p.call('streetAdmin', 'orgs', 'move', { id: (await freshCommunity()).grid, parentId: community }),
      p.call('streetAdmin', 'imports', 'preview', { gridId: grid, fileID: await uploadLedger(PERSONAS.streetAdmin) }),
      p.call('streetAdmin', 'requests', 'transfer', {
        id: (await p.ok('archive-resident-3', 'requests', 'create', requestInput(p.orgId('zxq')))).id,
        toOrgId: grid,
        reason: '转到归档网格',
      }),
    ];
    for (const answer of await Promise.all(attempts)) expect(answer).toMatchObject(refused('ORG_ARCHIVED'));
    expect(p.docs('orgs').filter((o) => o.parentId === community)).toHaveLength(1);
  });

  test('staff, grid workers, admins of the org itself and admins elsewhere cannot archive', async () => {
    const { grid } = await freshCommunity();
    for (const who of ['staff', 'gridWorker', 'resident', 'chengduStaff']) {
      expect(await p.call(who, 'orgs', 'archive', { id: grid })).toMatchObject({
        ok: false,
        error: { code: 'PERMISSION_DENIED' },
      });
    }
    // An admin of another street gets the same answer as for rename or move.
    const { code } = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'admin', orgId: p.orgId('ag') });
    await p.ok('archive-other-admin', 'users', 'redeemInvite', { code });
    expect(await p.call('archive-other-admin', 'orgs', 'archive', { id: grid })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    // Not their own grant's org, nor anything above it.
    for (const id of [p.orgId('gs'), p.org('gs').parentId as string]) {
      expect(await p.call('streetAdmin', 'orgs', 'archive', { id })).toMatchObject({
        ok: false,
        error: { code: 'PERMISSION_DENIED' },
      });
    }
    expect(p.docs('orgs').find((o) => o._id === grid)!.archivedAt).toBeFalsy();
  });
});

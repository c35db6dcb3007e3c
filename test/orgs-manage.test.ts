/**
 * orgs.manage (the org administration screen: an org, its children and what the caller may do there) and the
 * community contact card's office hours.
 */
import { fixtureAdmin, TestProject } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

describe('orgs.manage', () => {
  test('a street admin may build, rename and archive under the street, but not archive their own org', async () => {
    const community = await p.ok('streetAdmin', 'orgs', 'manage', { id: p.orgId('zxq') });
    expect(community.org).toMatchObject({ id: p.orgId('zxq'), name: '中心区社区', level: 'community' });
    expect(community.children.map((o: { level: string }) => o.level)).toEqual(community.children.map(() => 'grid'));
    expect(community.children.length).toBeGreaterThan(1);
    expect(community.can).toEqual({
      create: true,
      rename: true,
      move: false,
      archive: true,
      updateContact: true,
      createStation: true,
      updateStation: true,
      invite: true,
      importLedger: false,
    });
    const own = await p.ok('streetAdmin', 'orgs', 'manage', { id: p.orgId('gs') });
    expect(own.can).toMatchObject({ create: true, rename: true, archive: false });
    const grid = await p.ok('streetAdmin', 'orgs', 'manage', { id: p.orgId('zxq-g1') });
    expect(grid.can).toMatchObject({ create: false, move: true, archive: true, importLedger: true });
    expect(grid.children).toEqual([]);
  });

  test('staff may edit the contact card, stations and invites, but not the tree', async () => {
    const { can } = await p.ok('staff', 'orgs', 'manage', { id: p.orgId('zxq') });
    expect(can).toEqual({
      create: false,
      rename: false,
      move: false,
      archive: false,
      updateContact: true,
      createStation: true,
      updateStation: true,
      invite: true,
      importLedger: false,
    });
    // What `can` refuses, the action refuses.
    expect(await p.call('staff', 'orgs', 'rename', { id: p.orgId('zxq'), name: '改名社区' })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
  });

  test('outside the caller’s scope, or for a resident, it is refused', async () => {
    for (const who of ['resident', 'gridWorker', 'chengduStaff'] as const) {
      expect(await p.call(who, 'orgs', 'manage', { id: p.orgId('zxq') })).toMatchObject({
        ok: false,
        error: { code: 'PERMISSION_DENIED' },
      });
    }
  });

  test('the top of the tree lists the cities; only a root admin may add one', async () => {
    const top = await p.ok('rootAdmin', 'orgs', 'manage', {});
    expect(top.org).toBeNull();
    expect(top.children.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['昆明市', '成都市']));
    expect(top.can.create).toBe(true);
    expect((await p.ok('streetAdmin', 'orgs', 'manage', {})).can.create).toBe(false);
    expect((await p.ok('resident', 'orgs', 'manage', {})).can).toMatchObject({ create: false, rename: false });
  });

  test('an archived org is closed to new work in `can` too', async () => {
    const admin = fixtureAdmin();
    const { id } = await p.ok(admin, 'orgs', 'create', { parentId: p.orgId('zxq'), name: '待归档网格', level: 'grid' });
    expect((await p.ok(admin, 'orgs', 'manage', { id })).can).toMatchObject({ archive: true, importLedger: true });
    await p.ok(admin, 'orgs', 'archive', { id });
    const archived = await p.ok(admin, 'orgs', 'manage', { id });
    expect(archived.org.archived).toBe(true);
    expect(archived.can).toMatchObject({ archive: false, createStation: false, invite: false, importLedger: false });
    const parent = await p.ok(admin, 'orgs', 'manage', { id: p.orgId('zxq') });
    expect(parent.children.map((o: { id: string }) => o.id)).not.toContain(id);
  });
});

describe('the community contact card', () => {
  test('holds the hotline, address and office hours, and get shows them', async () => {
    const contact = {
      name: '社区服务站',
      phone: '0871-67100001',
      address: '关上中路 1 号',
      hours: '周一至周五 9:00-17:00',
    };
    expect((await p.ok('staff', 'orgs', 'updateContact', { id: p.orgId('zxq'), contact })).contact).toEqual(contact);
    expect((await p.ok('resident', 'orgs', 'get', { id: p.orgId('zxq') })).contact).toEqual(contact);
    expect((await p.ok('resident', 'orgs', 'home', { orgId: p.orgId('zxq') })).community.contact.hours).toBe(
      '周一至周五 9:00-17:00',
    );
  });

  test('office hours are text of at most 60 characters', async () => {
    for (const hours of ['很'.repeat(61), 9, { $gt: '' }]) {
      const res = await p.call('staff', 'orgs', 'updateContact', { id: p.orgId('zxq'), contact: { hours } });
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(res.error!.details!.fields!['contact.hours']).toBeTruthy();
    }
  });
});

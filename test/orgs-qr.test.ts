import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { fixtureAdmin, TestProject } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

describe('org tree', () => {
  test('levels go 市 → 区 → 街道 → 社区 → 网格, and a subtree is one indexed query over ancestors', async () => {
    const street = p.org('gs');
    const community = p.org('zxq');
    const grid = p.org('zxq-g1');
    expect(grid.ancestors).toEqual([...community.ancestors, grid._id]);
    expect(community.ancestors).toEqual([...street.ancestors, community._id]);
    expect(grid.path).toBe(`/${grid.ancestors.join('/')}/`);
    const children = await p.ok('resident', 'orgs', 'children', { id: community._id });
    expect(children.items.map((o: { name: string }) => o.name)).toEqual(
      expect.arrayContaining(['第一网格（金色年华小区）', '第二网格（关上北路片区）']),
    );
    expect(children.items.every((o: { level: string }) => o.level === 'grid')).toBe(true);
  });

  test('a child must have the next level, a grid has no children, and sibling names are unique', async () => {
    const wrong = await p.call('rootAdmin', 'orgs', 'create', {
      parentId: p.orgId('gs'),
      name: '跳级网格',
      level: 'grid',
    });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { level: expect.any(String) } } },
    });
    const underGrid = await p.call('rootAdmin', 'orgs', 'create', {
      parentId: p.orgId('zxq-g1'),
      name: '子网格',
      level: 'grid',
    });
    expect(underGrid).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', details: { reason: 'GRID_HAS_NO_CHILDREN' } },
    });
    const dup = await p.call('rootAdmin', 'orgs', 'create', {
      parentId: p.orgId('zxq'),
      name: '第一网格（金色年华小区）',
      level: 'grid',
    });
    expect(dup).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });
  });

  test('a new org gets an opaque scene of at most 32 characters, unrelated to its id', async () => {
    const created = await p.ok('streetAdmin', 'orgs', 'create', {
      parentId: p.orgId('zxq'),
      name: '第五网格',
      level: 'grid',
    });
    expect(created.scene).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(created.id).not.toContain(created.scene);
    const org = await p.ok('resident', 'orgs', 'get', { id: created.id });
    expect(org).toMatchObject({
      id: created.id,
      name: '第五网格',
      level: 'grid',
      parentId: p.orgId('zxq'),
      scene: created.scene,
    });
  });

  test('renaming keeps the names on grants in step', async () => {
    const { id } = await p.ok(fixtureAdmin(), 'orgs', 'create', {
      parentId: p.orgId('zxq'),
      name: '待改名网格',
      level: 'grid',
    });
    const invite = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'grid_worker', orgId: id });
    await p.ok('renamed-worker', 'users', 'redeemInvite', { code: invite.code });
    await p.ok('streetAdmin', 'orgs', 'rename', { id, name: '已改名网格' });
    expect((await p.ok('renamed-worker', 'users', 'me')).roles[0].orgName).toBe('已改名网格');
  });

  test('moving a grid to another community carries its grid worker’s scope with it', async () => {
    const target = await p.ok(fixtureAdmin(), 'orgs', 'create', {
      parentId: p.orgId('gs'),
      name: '关上新社区',
      level: 'community',
    });
    const { id, scene } = await p.ok(fixtureAdmin(), 'orgs', 'create', {
      parentId: p.orgId('zxq'),
      name: '要搬的网格',
      level: 'grid',
    });
    const invite = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'grid_worker', orgId: id });
    await p.ok('moving-worker', 'users', 'redeemInvite', { code: invite.code });
    const moved = await p.ok('streetAdmin', 'orgs', 'move', { id, parentId: target.id });
    expect(moved.parentId).toBe(target.id);
    expect(p.docs('grants').find((g) => g.openid === 'moving-worker')!.ancestors).toEqual([
      ...(p.docs('orgs').find((o) => o._id === target.id)!.ancestors as string[]),
      id,
    ]);
    // The worker still manages the grid's code; the old community's staff no longer do.
    expect(await p.call('moving-worker', 'qr', 'image', { scene })).toMatchObject({ ok: true });
    expect(await p.call('staff', 'qr', 'image', { scene })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    const notGrid = await p.call('rootAdmin', 'orgs', 'move', { id: p.orgId('zxq'), parentId: target.id });
    expect(notGrid).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', details: { reason: 'ONLY_GRIDS_MOVE' } },
    });
  });

  test('contact details are set by staff in scope', async () => {
    const org = await p.ok('staff', 'orgs', 'updateContact', {
      id: p.orgId('zxq-g2'),
      contact: { name: '王建华', phone: '13908710022' },
    });
    expect(org.contact).toEqual({ name: '王建华', phone: '13908710022' });
  });
});

describe('home and stations', () => {
  test('the home of a grid shows its community, its grid worker card and the stations', async () => {
    const home = await p.ok('resident', 'orgs', 'home', { orgId: p.orgId('zxq-g1') });
    expect(home.community).toMatchObject({ id: p.orgId('zxq'), name: '中心区社区' });
    expect(home.grid).toEqual({
      id: p.orgId('zxq-g1'),
      name: '第一网格（金色年华小区）',
      worker: { name: '李晓芬', phone: '13908710001' },
    });
    expect(home.stations.map((s: { name: string }) => s.name)).toContain('中心区社区政务服务大厅');
    expect(home.stations.find((s: { greenChannel: boolean }) => s.greenChannel)).toBeDefined();
  });

  test('without an org, home is the caller’s own; a newcomer is asked to choose one', async () => {
    expect((await p.ok('resident', 'orgs', 'home')).community.name).toBe('中心区社区');
    expect(await p.call('brand-new', 'orgs', 'home')).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', details: { reason: 'NO_HOME' } },
    });
  });

  test('stations of a subtree come nearest first, with distances, page by page', async () => {
    const near = { latitude: 25.028, longitude: 102.692 }; // 盛高大城, 西山区
    const page1 = await p.ok('resident', 'orgs', 'stations', { orgId: p.orgId('km'), ...near, limit: 2 });
    expect(page1.items[0].name).toBe('盛高大城“融荣与共”实践中心');
    expect(page1.items[0].distanceKm).toBeLessThan(0.5);
    expect(page1.items[1].distanceKm).toBeGreaterThanOrEqual(page1.items[0].distanceKm);
    expect(page1.nextCursor).toBe('2');
    const rest = await p.ok('resident', 'orgs', 'stations', {
      orgId: p.orgId('km'),
      ...near,
      limit: 50,
      cursor: page1.nextCursor,
    });
    expect(rest.nextCursor).toBeNull();
    expect(rest.items.every((s: { distanceKm: number }) => s.distanceKm >= page1.items[1].distanceKm)).toBe(true);
    expect([...page1.items, ...rest.items].some((s: { name: string }) => s.name.includes('安公'))).toBe(false);
  });

  test('staff add and update a station of their community', async () => {
    const created = await p.ok('staff', 'orgs', 'createStation', {
      orgId: p.orgId('zxq'),
      type: 'yijiaqin',
      name: '关上北路“一家亲”工作站',
      address: '关上北路 8 号',
      latitude: 25.0,
      longitude: 102.74,
      hours: '每天 9:00-20:00',
      services: ['employment', 'consult'],
      phone: '0871-67100010',
      greenChannel: false,
    });
    const updated = await p.ok('staff', 'orgs', 'updateStation', {
      id: created.id,
      latitude: 25.001,
      greenChannel: true,
    });
    expect(updated).toMatchObject({
      id: created.id,
      latitude: 25.001,
      longitude: 102.74,
      greenChannel: true,
      name: '关上北路“一家亲”工作站',
    });
  });
});

describe('qr scenes', () => {
  test('a community code resolves to the community; a grid code adds the grid worker card', async () => {
    const community = await p.ok('resident', 'qr', 'resolve', { scene: p.org('zxq').scene });
    expect(community).toMatchObject({
      type: 'org',
      id: p.orgId('zxq'),
      view: { org: { name: '中心区社区', level: 'community' } },
    });
    const grid = await p.ok('resident', 'qr', 'resolve', { scene: p.org('zxq-g1').scene });
    expect(grid.view).toMatchObject({
      community: { id: p.orgId('zxq'), name: '中心区社区' },
      gridWorker: { name: '李晓芬', phone: '13908710001' },
    });
  });

  test('an unknown scene is NOT_FOUND', async () => {
    expect(await p.call('resident', 'qr', 'resolve', { scene: 'NoSuchScene12345' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  test('an invite code resolves for the one who scans it, then shows as used', async () => {
    const invite = await p.ok('staff', 'users', 'createInvite', { role: 'grid_worker', orgId: p.orgId('zxq-g3') });
    const before = await p.ok('scanner', 'qr', 'resolve', { scene: invite.scene });
    expect(before).toMatchObject({
      type: 'invite',
      view: { role: 'grid_worker', orgName: '第三网格（世纪城片区）', code: invite.code, used: false, expired: false },
    });
    await p.ok('scanner', 'users', 'redeemInvite', { code: before.view.code });
    expect((await p.ok('scanner', 'qr', 'resolve', { scene: invite.scene })).view.used).toBe(true);
  });

  test('the code image is a real PNG in storage, with a temporary URL that serves it', async () => {
    const scene = p.org('zxq-g1').scene;
    const { fileID, tempUrl } = await p.ok('gridWorker', 'qr', 'image', { scene });
    expect(fileID).toMatch(/^cloud:\/\/.+\/qr\/org\/.+\.png$/);
    const res = await fetch(tempUrl);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
    expect(png.width).toBeGreaterThanOrEqual(280);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(`pages/home/index?scene=${scene}`);
  });

  test('rotating a code retires the old scene at once', async () => {
    const { id, scene } = await p.ok(fixtureAdmin(), 'orgs', 'create', {
      parentId: p.orgId('zxq'),
      name: '换码网格',
      level: 'grid',
    });
    const rotated = await p.ok('staff', 'qr', 'rotate', { scene });
    expect(rotated.scene).not.toBe(scene);
    expect(await p.call('resident', 'qr', 'resolve', { scene })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await p.ok('resident', 'qr', 'resolve', { scene: rotated.scene })).toMatchObject({ type: 'org', id });
    expect((await p.ok('resident', 'orgs', 'get', { id })).scene).toBe(rotated.scene);
    expect(p.docs('auditLogs').some((a) => a.action === 'qr.rotate' && a.targetId === id)).toBe(true);
    expect(await p.call('gridWorker', 'qr', 'rotate', { scene: p.org('zxq-g1').scene })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
  });
});

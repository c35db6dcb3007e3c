import { fixtureAdmin, TestProject } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

describe('users.me', () => {
  test('creates the user on first call, with no roles and no home', async () => {
    const me = await p.ok('newcomer-1', 'users', 'me');
    expect(me).toEqual({ openid: 'newcomer-1', profile: {}, roles: [], home: null });
    expect(p.docs('users').some((u) => u._id === 'newcomer-1')).toBe(true);
  });

  test('ADMIN_OPENIDS makes a caller admin of every root org', async () => {
    const me = await p.ok('rootAdmin', 'users', 'me');
    expect(me.roles.map((r: { orgName: string }) => r.orgName).sort()).toEqual(['成都市', '昆明市']);
    expect(me.roles.every((r: { role: string }) => r.role === 'admin')).toBe(true);
  });

  test('lists roles with their org names', async () => {
    const me = await p.ok('staff', 'users', 'me');
    expect(me.roles).toEqual([{ role: 'staff', orgId: p.orgId('zxq'), orgName: '中心区社区' }]);
    expect(me.home).toEqual({ communityId: p.orgId('zxq'), communityName: '中心区社区' });
  });
});

describe('users.updateProfile', () => {
  test('stores the phone sealed, never in plain text, and shows it masked', async () => {
    const profile = await p.ok('resident', 'users', 'updateProfile', { name: '马丽', phone: '13812345678' });
    expect(profile).toEqual({ name: '马丽', phone: '138****5678' });
    const stored = JSON.stringify(p.docs('users').find((u) => u._id === 'demo-resident'));
    expect(stored).not.toContain('13812345678');
    expect(stored).toMatch(/"phoneEnc":"v1\./);
    expect((await p.ok('resident', 'users', 'me')).profile.phone).toBe('138****5678');
  });

  test('an empty phone removes it', async () => {
    await p.ok('newcomer-2', 'users', 'updateProfile', { phone: '13900001111' });
    expect(await p.ok('newcomer-2', 'users', 'updateProfile', { phone: '' })).toEqual({});
  });

  test('a caller is limited to 20 profile updates a minute', async () => {
    for (let i = 0; i < 20; i++) await p.ok('busy-user', 'users', 'updateProfile', { name: `名字${i}` });
    const res = await p.call('busy-user', 'users', 'updateProfile', { name: '再改一次' });
    expect(res).toMatchObject({ ok: false, error: { code: 'RESOURCE_EXHAUSTED' } });
    // Another caller is not affected.
    expect(await p.call('calm-user', 'users', 'updateProfile', { name: '平静' })).toMatchObject({ ok: true });
  });
});

describe('users.setHome', () => {
  test('a grid stands for its community', async () => {
    const { home } = await p.ok('newcomer-3', 'users', 'setHome', { orgId: p.orgId('zxq-g1') });
    expect(home).toEqual({
      communityId: p.orgId('zxq'),
      communityName: '中心区社区',
      gridId: p.orgId('zxq-g1'),
      gridName: '第一网格（金色年华小区）',
    });
  });

  test('a street is not a home', async () => {
    const res = await p.call('newcomer-3', 'users', 'setHome', { orgId: p.orgId('gs') });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { orgId: expect.any(String) } } },
    });
  });
});

describe('invites', () => {
  test('staff invite a grid worker; the code works once and gives the role', async () => {
    const invite = await p.ok('staff', 'users', 'createInvite', { role: 'grid_worker', orgId: p.orgId('zxq-g2') });
    expect(invite.code).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(invite.scene.length).toBeLessThanOrEqual(32);
    expect(invite.expiresAt).toMatch(/\+08:00$/);
    expect(await p.ok('worker-a', 'users', 'redeemInvite', { code: invite.code })).toEqual({
      role: 'grid_worker',
      orgId: p.orgId('zxq-g2'),
    });
    const me = await p.ok('worker-a', 'users', 'me');
    expect(me.roles).toEqual([{ role: 'grid_worker', orgId: p.orgId('zxq-g2'), orgName: '第二网格（关上北路片区）' }]);
    const again = await p.call('worker-b', 'users', 'redeemInvite', { code: invite.code });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', details: { reason: 'INVITE_USED' } },
    });
    expect(p.docs('auditLogs').some((a) => a.action === 'grant.create' && a.actor === 'worker-a')).toBe(true);
  });

  test('an expired code is refused', async () => {
    const invite = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'staff', orgId: p.orgId('zxq') });
    const doc = p.docs('invites').find((i) => i.code === invite.code)!;
    p.cloud.store.commit([
      { collection: 'invites', id: doc._id as string, doc: { ...doc, expiresAt: new Date(Date.now() - 1000) } },
    ]);
    const res = await p.call('late-user', 'users', 'redeemInvite', { code: invite.code });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', details: { reason: 'INVITE_EXPIRED' } },
    });
    expect(p.docs('grants').some((g) => g.openid === 'late-user')).toBe(false);
  });

  test('an unknown code is NOT_FOUND', async () => {
    expect(await p.call('x-user', 'users', 'redeemInvite', { code: 'doesnotexist123' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  test('ten people redeeming one code at once: exactly one gets the role', async () => {
    const invite = await p.ok(fixtureAdmin(), 'users', 'createInvite', {
      role: 'grid_worker',
      orgId: p.orgId('zxq-g3'),
    });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => p.call(`racer-${i}`, 'users', 'redeemInvite', { code: invite.code })),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => a.error?.details?.reason === 'INVITE_USED')).toHaveLength(9);
    expect(p.docs('grants').filter((g) => String(g.openid).startsWith('racer-'))).toHaveLength(1);
  });

  test('a grid worker can only be bound to a grid, staff never to a grid', async () => {
    const a = await p.call('rootAdmin', 'users', 'createInvite', { role: 'grid_worker', orgId: p.orgId('zxq') });
    const b = await p.call('rootAdmin', 'users', 'createInvite', { role: 'staff', orgId: p.orgId('zxq-g1') });
    for (const res of [a, b])
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', details: { fields: { orgId: expect.any(String) } } },
      });
  });
});

describe('grants', () => {
  test('an admin lists the grants of their subtree, with names, page by page', async () => {
    const first = await p.ok('streetAdmin', 'users', 'listGrants', { orgId: p.orgId('zxq'), limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const all = await p.ok('streetAdmin', 'users', 'listGrants', { orgId: p.orgId('zxq'), limit: 50 });
    const holders = all.items.map((g: { openid: string }) => g.openid);
    expect(holders).toEqual(expect.arrayContaining(['demo-grid-worker', 'demo-staff']));
    expect(holders).not.toContain('demo-chengdu-staff');
    expect(all.items.find((g: { openid: string }) => g.openid === 'demo-staff').name).toBe('罗晓芸');
  });

  test('revoking a grant takes the role away and is audited', async () => {
    const invite = await p.ok(fixtureAdmin(), 'users', 'createInvite', {
      role: 'grid_worker',
      orgId: p.orgId('zxq-g4'),
    });
    await p.ok('worker-c', 'users', 'redeemInvite', { code: invite.code });
    const grant = p.docs('grants').find((g) => g.openid === 'worker-c')!;
    await p.ok('streetAdmin', 'users', 'revokeGrant', { id: grant._id });
    expect((await p.ok('worker-c', 'users', 'me')).roles).toEqual([]);
    expect(
      p
        .docs('auditLogs')
        .some((a) => a.action === 'grant.revoke' && a.targetId === grant._id && a.actor === 'demo-street-admin'),
    ).toBe(true);
  });
});

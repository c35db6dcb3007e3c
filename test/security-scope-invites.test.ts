/**
 * Audit finding: rotating an invite's QR left the old code redeemable, and an unused invite could not be revoked.
 * Also: nobody may revoke the last admin of an org, nor a grant at their own level or above.
 */
import { fixtureAdmin, TestProject } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

let seq = 0;
const unique = (prefix: string) => `${prefix}${++seq}`;

type Role = 'admin' | 'staff' | 'grid_worker';

async function newCommunity(): Promise<string> {
  return (
    await p.ok(fixtureAdmin(), 'orgs', 'create', {
      parentId: p.orgId('gs'),
      name: unique('邀请测试社区'),
      level: 'community',
    })
  ).id;
}

async function grant(role: Role, orgId: string, openid = unique(`${role}-`)): Promise<{ openid: string; id: string }> {
  const { code } = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role, orgId });
  await p.ok(openid, 'users', 'redeemInvite', { code });
  const doc = p.docs('grants').find((g) => g.openid === openid && g.orgId === orgId)!;
  return { openid, id: doc._id as string };
}

const refused = (code: string, reason?: string) => ({
  ok: false,
  error: reason ? { code, details: { reason } } : { code },
});

describe('invite codes die with their QR', () => {
  test('rotating an invite’s QR kills the code the old QR handed out; the new QR hands out a new one', async () => {
    const invite = await p.ok('staff', 'users', 'createInvite', { role: 'grid_worker', orgId: p.orgId('zxq-g2') });
    const leaked = (await p.ok('stranger', 'qr', 'resolve', { scene: invite.scene })).view.code;
    expect(leaked).toBe(invite.code);
    const { scene } = await p.ok('staff', 'qr', 'rotate', { scene: invite.scene });
    expect(await p.call('stranger', 'users', 'redeemInvite', { code: leaked })).toMatchObject(refused('NOT_FOUND'));
    expect(await p.call('stranger', 'qr', 'resolve', { scene: invite.scene })).toMatchObject(refused('NOT_FOUND'));
    const fresh = (await p.ok('new-worker', 'qr', 'resolve', { scene })).view.code;
    expect(fresh).not.toBe(leaked);
    expect(await p.ok('new-worker', 'users', 'redeemInvite', { code: fresh })).toEqual({
      role: 'grid_worker',
      orgId: p.orgId('zxq-g2'),
    });
    expect(p.docs('grants').some((g) => g.openid === 'stranger')).toBe(false);
  });
});

describe('users.revokeInvite', () => {
  test('the inviter revokes by code: redeeming is INVITE_REVOKED, the QR is gone, and it is audited', async () => {
    const invite = await p.ok('staff', 'users', 'createInvite', { role: 'grid_worker', orgId: p.orgId('zxq-g3') });
    expect(await p.ok('staff', 'users', 'revokeInvite', { code: invite.code })).toEqual({ id: invite.id });
    expect(await p.call('late-comer', 'users', 'redeemInvite', { code: invite.code })).toMatchObject(
      refused('FAILED_PRECONDITION', 'INVITE_REVOKED'),
    );
    expect(await p.call('late-comer', 'qr', 'resolve', { scene: invite.scene })).toMatchObject(refused('NOT_FOUND'));
    // Revoking again changes nothing.
    expect(await p.ok('staff', 'users', 'revokeInvite', { inviteId: invite.id })).toEqual({ id: invite.id });
    expect(p.docs('auditLogs').filter((a) => a.action === 'invite.revoke' && a.targetId === invite.id)).toHaveLength(1);
    expect(p.docs('grants').some((g) => g.openid === 'late-comer')).toBe(false);
  });

  test('an admin over the org revokes by id; anyone else, even holding the code, gets NOT_FOUND', async () => {
    const invite = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'staff', orgId: p.orgId('zxq') });
    for (const who of ['resident', 'staff', 'chengduStaff', 'gridWorker'])
      expect(await p.call(who, 'users', 'revokeInvite', { code: invite.code })).toMatchObject(refused('NOT_FOUND'));
    expect(await p.call('staff', 'users', 'revokeInvite', { inviteId: invite.id })).toMatchObject(refused('NOT_FOUND'));
    await p.ok('streetAdmin', 'users', 'revokeInvite', { inviteId: invite.id });
    expect(await p.call('someone', 'users', 'redeemInvite', { code: invite.code })).toMatchObject(
      refused('FAILED_PRECONDITION', 'INVITE_REVOKED'),
    );
  });

  test('a used invite is not revoked (its grant is); neither or both identifiers is INVALID_ARGUMENT', async () => {
    const invite = await p.ok(fixtureAdmin(), 'users', 'createInvite', {
      role: 'grid_worker',
      orgId: p.orgId('zxq-g4'),
    });
    await p.ok('quick-worker', 'users', 'redeemInvite', { code: invite.code });
    expect(await p.call('streetAdmin', 'users', 'revokeInvite', { inviteId: invite.id })).toMatchObject(
      refused('FAILED_PRECONDITION', 'INVITE_USED'),
    );
    for (const data of [{}, { code: invite.code, inviteId: invite.id }]) {
      const res = await p.call('streetAdmin', 'users', 'revokeInvite', data);
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(Object.keys(res.error!.details!.fields!).sort()).toEqual(['code', 'inviteId']);
    }
  });

  test('revoking and redeeming at once: exactly one of them wins', async () => {
    for (let i = 0; i < 5; i++) {
      const invite = await p.ok(fixtureAdmin(), 'users', 'createInvite', {
        role: 'grid_worker',
        orgId: p.orgId('zxq-g4'),
      });
      const holder = unique('racing-');
      const [redeemed, revoked] = await Promise.all([
        p.call(holder, 'users', 'redeemInvite', { code: invite.code }),
        p.call('streetAdmin', 'users', 'revokeInvite', { inviteId: invite.id }),
      ]);
      expect([redeemed.ok, revoked.ok].filter(Boolean)).toHaveLength(1);
      if (redeemed.ok) expect(revoked).toMatchObject(refused('FAILED_PRECONDITION', 'INVITE_USED'));
      else expect(redeemed).toMatchObject(refused('FAILED_PRECONDITION', 'INVITE_REVOKED'));
      expect(p.docs('grants').some((g) => g.openid === holder)).toBe(redeemed.ok);
    }
  });
});

describe('users.invites', () => {
  test('an admin sees the pending invites of the subtree; used and revoked ones drop out', async () => {
    const community = await newCommunity();
    const grid = (await p.ok(fixtureAdmin(), 'orgs', 'create', { parentId: community, name: '一格', level: 'grid' }))
      .id;
    const pending = await p.ok('streetAdmin', 'users', 'createInvite', { role: 'grid_worker', orgId: grid });
    const used = await p.ok('streetAdmin', 'users', 'createInvite', { role: 'staff', orgId: community });
    const revoked = await p.ok('streetAdmin', 'users', 'createInvite', { role: 'staff', orgId: community });
    await p.ok(unique('user-'), 'users', 'redeemInvite', { code: used.code });
    await p.ok('streetAdmin', 'users', 'revokeInvite', { inviteId: revoked.id });
    const page = await p.ok('streetAdmin', 'users', 'invites', { orgId: community });
    expect(page).toEqual({
      items: [
        {
          id: pending.id,
          role: 'grid_worker',
          orgId: grid,
          orgName: '一格',
          invitedBy: 'demo-street-admin',
          invitedByName: expect.any(String),
          createdAt: expect.stringMatching(/\+08:00$/),
          expiresAt: pending.expiresAt,
          expired: false,
        },
      ],
      nextCursor: null,
    });
    expect(JSON.stringify(page)).not.toContain(pending.code);
  });

  test('staff see only the invites they made; outsiders get NOT_FOUND', async () => {
    const mine = await p.ok('staff', 'users', 'createInvite', { role: 'grid_worker', orgId: p.orgId('zxq-g1') });
    await p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'grid_worker', orgId: p.orgId('zxq-g1') });
    const seen = await p.ok('staff', 'users', 'invites', { orgId: p.orgId('zxq'), limit: 50 });
    expect(seen.items.map((i: { id: string }) => i.id)).toContain(mine.id);
    expect(seen.items.every((i: { invitedBy: string }) => i.invitedBy === 'demo-staff')).toBe(true);
    for (const who of ['resident', 'gridWorker', 'chengduStaff'])
      expect(await p.call(who, 'users', 'invites', { orgId: p.orgId('zxq') })).toMatchObject(refused('NOT_FOUND'));
  });
});

describe('revoking grants: never the last admin, never a peer', () => {
  test('the only admin of an org cannot be revoked (LAST_ADMIN), by anyone', async () => {
    const streetGrant = p.docs('grants').find((g) => g.openid === 'demo-street-admin')!;
    expect(await p.call('rootAdmin', 'users', 'revokeGrant', { id: streetGrant._id })).toMatchObject(
      refused('FAILED_PRECONDITION', 'LAST_ADMIN'),
    );
    const community = await newCommunity();
    const solo = await grant('admin', community);
    expect(await p.call('streetAdmin', 'users', 'revokeGrant', { id: solo.id })).toMatchObject(
      refused('FAILED_PRECONDITION', 'LAST_ADMIN'),
    );
    const second = await grant('admin', community);
    await p.ok('streetAdmin', 'users', 'revokeGrant', { id: second.id });
    expect(await p.call('rootAdmin', 'users', 'revokeGrant', { id: solo.id })).toMatchObject(
      refused('FAILED_PRECONDITION', 'LAST_ADMIN'),
    );
    expect(p.docs('grants').some((g) => g._id === solo.id)).toBe(true);
    expect(p.docs('grants').some((g) => g._id === streetGrant._id)).toBe(true);
  });

  test('two admins revoked at once by two callers: the org keeps one', async () => {
    const community = await newCommunity();
    const a = await grant('admin', community);
    const b = await grant('admin', community);
    const answers = await Promise.all([
      p.call('streetAdmin', 'users', 'revokeGrant', { id: a.id }),
      p.call('rootAdmin', 'users', 'revokeGrant', { id: b.id }),
    ]);
    expect(answers.some((r) => r.error?.details?.reason === 'LAST_ADMIN')).toBe(true);
    const left = p.docs('grants').filter((g) => g.orgId === community && g.role === 'admin');
    expect(left.length).toBeGreaterThanOrEqual(1);
  });

  test('an admin cannot revoke a peer admin or themselves (PERMISSION_DENIED), nor anything above (NOT_FOUND)', async () => {
    const community = await newCommunity();
    const a = await grant('admin', community);
    const b = await grant('admin', community);
    const staff = await grant('staff', community);
    const streetGrant = p.docs('grants').find((g) => g.openid === 'demo-street-admin')!;
    expect(await p.call(a.openid, 'users', 'revokeGrant', { id: b.id })).toMatchObject(refused('PERMISSION_DENIED'));
    expect(await p.call(a.openid, 'users', 'revokeGrant', { id: a.id })).toMatchObject(refused('PERMISSION_DENIED'));
    expect(await p.call(a.openid, 'users', 'revokeGrant', { id: streetGrant._id })).toMatchObject(refused('NOT_FOUND'));
    // Below their level they may: the staff of their own community.
    await p.ok(a.openid, 'users', 'revokeGrant', { id: staff.id });
    // From above, a peer can be revoked while another admin remains.
    await p.ok('streetAdmin', 'users', 'revokeGrant', { id: b.id });
    expect(p.docs('grants').some((g) => g._id === a.id)).toBe(true);
  });
});

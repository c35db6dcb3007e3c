import { fixtureAdmin, TestProject } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

const CARD = { name: '赵红梅', phone: '13908719999' };

async function gridInvite(grid: string): Promise<{ code: string }> {
  return p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'grid_worker', orgId: p.orgId(grid) });
}

describe('users.redeemInvite with the worker card residents see', () => {
  test('fills the grid’s card, keeping its hours, and residents of the grid see it on 首页', async () => {
    await p.ok('staff', 'orgs', 'updateContact', {
      id: p.orgId('zxq-g4'),
      contact: { name: '普建国', phone: '13908710004', hours: '周一至周五 9:00-17:00' },
    });
    const { code } = await gridInvite('zxq-g4');
    await p.ok('card-worker', 'users', 'redeemInvite', { code, card: { name: ' 赵红梅 ', phone: CARD.phone } });

    expect(p.org('zxq-g4').contact).toEqual({ ...CARD, hours: '周一至周五 9:00-17:00' });
    await p.ok('card-resident', 'users', 'setHome', { orgId: p.orgId('zxq-g4') });
    const home = await p.ok('card-resident', 'orgs', 'home');
    expect(home.grid).toEqual({ id: p.orgId('zxq-g4'), name: '第四网格（民航路片区）', worker: CARD });
    const log = p.docs('auditLogs').find((a) => a.action === 'grant.create' && a.actor === 'card-worker');
    expect(log?.details).toMatchObject({ role: 'grid_worker', card: true });
  });

  test('a new grid with no contact yet gets the card', async () => {
    const grid = await p.ok(fixtureAdmin(), 'orgs', 'create', {
      parentId: p.orgId('zxq'),
      name: '第九网格',
      level: 'grid',
    });
    const { code } = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'grid_worker', orgId: grid.id });
    await p.ok('new-grid-worker', 'users', 'redeemInvite', { code, card: CARD });
    expect((await p.ok('new-grid-worker', 'orgs', 'home', { orgId: grid.id })).grid.worker).toEqual(CARD);
  });

  test('the card is the worker’s choice: without one the grid keeps its card, and no private phone is copied', async () => {
    await p.ok('private-worker', 'users', 'updateProfile', { name: '钱多多', phone: '13700001111' });
    const before = p.org('zxq-g3').contact;
    const { code } = await gridInvite('zxq-g3');
    await p.ok('private-worker', 'users', 'redeemInvite', { code });
    expect(p.org('zxq-g3').contact).toEqual(before);
  });

  test('a bad phone is INVALID_ARGUMENT on card.phone, and the invite stays unused', async () => {
    const { code } = await gridInvite('zxq-g2');
    for (const card of [
      { name: CARD.name, phone: '1390871' },
      { name: CARD.name, phone: 13908719999 },
    ])
      expect(await p.call('bad-card', 'users', 'redeemInvite', { code, card })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', details: { fields: { 'card.phone': expect.any(String) } } },
      });
    expect(await p.call('bad-card', 'users', 'redeemInvite', { code, card: { phone: CARD.phone } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { 'card.name': expect.any(String) } } },
    });
    expect(p.docs('invites').find((i) => i.code === code)?.usedBy).toBeNull();
  });

  test('a card on a staff invite is refused before the invite is spent', async () => {
    const { code } = await p.ok(fixtureAdmin(), 'users', 'createInvite', { role: 'staff', orgId: p.orgId('zxq') });
    const before = p.org('zxq').contact;
    expect(await p.call('card-staff', 'users', 'redeemInvite', { code, card: CARD })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { card: expect.any(String) } } },
    });
    expect(p.org('zxq').contact).toEqual(before);
    expect(p.docs('grants').some((g) => g.openid === 'card-staff')).toBe(false);
    expect(p.docs('invites').find((i) => i.code === code)?.usedBy).toBeNull();
  });

  test('a used invite with a card is INVITE_USED and changes no card', async () => {
    const { code } = await gridInvite('zxq-g1');
    await p.ok('first-worker', 'users', 'redeemInvite', { code });
    const before = p.org('zxq-g1').contact;
    expect(await p.call('second-worker', 'users', 'redeemInvite', { code, card: CARD })).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', details: { reason: 'INVITE_USED' } },
    });
    expect(p.org('zxq-g1').contact).toEqual(before);
  });
});

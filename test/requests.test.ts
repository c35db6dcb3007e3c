import crypto from 'node:crypto';
import { TestProject, type Envelope } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** What the mini program does: upload to its own folder, then pass the fileID. */
async function upload(openid: string, name: string, body: Buffer): Promise<string> {
  const res = await fetch(`${p.cloud.url}/storage/client/requests/${openid}/${name}`, {
    method: 'PUT',
    headers: { 'x-wx-openid': openid },
    body,
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

/** A resident scans the grid code, as the request form does, and files. */
async function fileFromGridCode(who: string, extra: Record<string, unknown> = {}): Promise<Envelope> {
  const scanned = await p.ok(who, 'qr', 'resolve', { scene: p.org('zxq-g1').scene });
  return p.call(who, 'requests', 'create', {
    orgId: scanned.id,
    category: 'employment',
    description: '刚到昆明，想找一份餐饮方面的工作，需要培训吗？',
    contactName: '马丽',
    contactPhone: '13812345678',
    ...extra,
  });
}

const refused = (res: Envelope, code: string, reason?: string) =>
  expect(res).toMatchObject({ ok: false, error: { code, ...(reason ? { details: { reason } } : {}) } });

describe('the life of a request', () => {
  test('filed from a scanned grid code, seen by that grid’s worker and not by another grid’s, accepted, answered, resolved, rated', async () => {
    const created = await fileFromGridCode('resident');
    expect(created.ok).toBe(true);
    const req = created.data;
    expect(req).toMatchObject({
      status: 'submitted',
      orgId: p.orgId('zxq-g1'),
      category: 'employment',
      contactPhone: '138****5678',
      overdue: false,
      mine: true,
    });
    expect(new Date(req.dueAt).getTime()).toBeGreaterThan(Date.now() + 4 * 86400_000);

    const queue = await p.ok('gridWorker', 'requests', 'queue', { status: 'submitted' });
    expect(queue.items.map((r: { id: string }) => r.id)).toContain(req.id);
    const otherWorker = 'worker-of-g2';
    const invite = await p.ok('staff', 'users', 'createInvite', { role: 'grid_worker', orgId: p.orgId('zxq-g2') });
    await p.ok(otherWorker, 'users', 'redeemInvite', { code: invite.code });
    expect((await p.ok(otherWorker, 'requests', 'queue', {})).items.map((r: { id: string }) => r.id)).not.toContain(
      req.id,
    );
    refused(await p.call(otherWorker, 'requests', 'get', { id: req.id }), 'NOT_FOUND');
    refused(await p.call(otherWorker, 'requests', 'accept', { id: req.id }), 'NOT_FOUND');

    const accepted = await p.ok('gridWorker', 'requests', 'accept', { id: req.id });
    expect(accepted).toMatchObject({ status: 'accepted', assignee: { name: '李晓芬（网格员）', mine: true } });
    refused(await p.call('staff', 'requests', 'accept', { id: req.id }), 'FAILED_PRECONDITION', 'ALREADY_ACCEPTED');

    await p.ok('gridWorker', 'requests', 'reply', { id: req.id, text: '您好，社区下周二有餐饮技能培训，我帮您报名。' });
    const thread = await p.ok('resident', 'requests', 'reply', { id: req.id, text: '谢谢，我周二有空。' });
    expect(thread.messages.map((m: { from: string; mine: boolean }) => [m.from, m.mine])).toEqual([
      ['staff', false],
      ['requester', true],
    ]);
    expect(JSON.stringify(thread)).not.toContain('demo-grid-worker');

    refused(
      await p.call('resident', 'requests', 'rate', { id: req.id, score: 5 }),
      'FAILED_PRECONDITION',
      'NOT_RESOLVED',
    );
    const resolved = await p.ok('gridWorker', 'requests', 'resolve', {
      id: req.id,
      resolution: '已报名餐饮技能培训，并推荐到社区合作餐厅面试。',
    });
    expect(resolved.status).toBe('resolved');
    const rated = await p.ok('resident', 'requests', 'rate', { id: req.id, score: 5, comment: '很及时' });
    expect(rated).toMatchObject({ status: 'closed', rating: { score: 5, comment: '很及时' } });
    expect(rated.timeline.map((t: { type: string }) => t.type)).toEqual([
      'create',
      'accept',
      'reply',
      'reply',
      'resolve',
      'rate',
    ]);

    const outbox = (await (await fetch(`${p.cloud.url}/outbox`)).json()) as {
      messages: { touser: string; page: string; data: Record<string, { value: string }> }[];
    };
    const mine = outbox.messages.filter((m) => m.touser === 'demo-resident' && m.page.endsWith(`id=${req.id}`));
    expect(mine.map((m) => m.data.phrase2.value)).toEqual(['办理中', '办理中', '已办结']);
    expect(mine[0].data.thing1.value).toBe('就业创业');
  });

  test('a resident can withdraw before it is resolved, not after', async () => {
    const { data } = await fileFromGridCode('withdrawer');
    expect((await p.ok('withdrawer', 'requests', 'withdraw', { id: data.id })).status).toBe('withdrawn');
    refused(await p.call('withdrawer', 'requests', 'withdraw', { id: data.id }), 'FAILED_PRECONDITION', 'WITHDRAWN');
    refused(await p.call('gridWorker', 'requests', 'accept', { id: data.id }), 'FAILED_PRECONDITION', 'WITHDRAWN');
  });

  test('transfer to another city: the hop is kept and that community’s staff take it', async () => {
    const { data } = await fileFromGridCode('mover', {
      category: 'schooling',
      description: '孩子要随我去成都上学，需要办理转学手续。',
    });
    await p.ok('staff', 'requests', 'accept', { id: data.id });
    const moved = await p.ok('staff', 'requests', 'transfer', {
      id: data.id,
      toOrgId: p.orgId('ag'),
      reason: '家庭迁往成都天府新区',
    });
    expect(moved).toMatchObject({ status: 'submitted', orgId: p.orgId('ag'), orgName: '安公社区' });
    expect(moved.assignee).toBeUndefined();
    expect(moved.timeline.at(-1)).toMatchObject({
      type: 'transfer',
      note: '从第一网格（金色年华小区）转至安公社区：家庭迁往成都天府新区',
    });
    refused(await p.call('gridWorker', 'requests', 'get', { id: data.id }), 'NOT_FOUND');
    expect((await p.ok('chengduStaff', 'requests', 'queue', {})).items.map((r: { id: string }) => r.id)).toContain(
      data.id,
    );
    expect((await p.ok('chengduStaff', 'requests', 'accept', { id: data.id })).status).toBe('accepted');
    expect(
      (await p.ok('mover', 'requests', 'get', { id: data.id })).timeline.map((t: { type: string }) => t.type),
    ).toEqual(['create', 'accept', 'transfer', 'accept']);
  });

  test('a double-tapped submit creates one request', async () => {
    const clientToken = crypto.randomBytes(12).toString('hex');
    const [a, b] = await Promise.all([
      fileFromGridCode('double-tapper', { clientToken }),
      fileFromGridCode('double-tapper', { clientToken }),
    ]);
    expect(a.data.id).toBe(b.data.id);
    const again = await fileFromGridCode('double-tapper', { clientToken });
    expect(again.data.id).toBe(a.data.id);
    expect(p.docs('requests').filter((r) => r.requesterOpenid === 'double-tapper')).toHaveLength(1);
  });

  test('photos: the caller’s own uploads are accepted and checked', async () => {
    const own = await upload('photographer', 'leak.png', PNG_BYTES);
    const ok = await fileFromGridCode('photographer', { images: [own] });
    expect(ok.data.images).toEqual([own]);
    const someoneElses = await upload('demo-resident', 'mine.png', PNG_BYTES);
    const res = await fileFromGridCode('photographer', { images: [someoneElses] });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { 'images.0': expect.any(String) } } },
    });
    const notAnImage = await upload('photographer', 'fake.png', Buffer.from('not a png at all'));
    expect((await fileFromGridCode('photographer', { images: [notAnImage] })).error?.details?.fields).toHaveProperty([
      'images.0',
    ]);
  });
});

test('a requester who refused subscriptions still gets every change made', async () => {
  await fetch(`${p.cloud.url}/outbox/refuse`, {
    method: 'POST',
    body: JSON.stringify({ openid: 'no-messages-please' }),
  });
  const { data } = await fileFromGridCode('no-messages-please');
  expect((await p.ok('gridWorker', 'requests', 'accept', { id: data.id })).status).toBe('accepted');
  expect((await p.ok('gridWorker', 'requests', 'resolve', { id: data.id, resolution: '已处理' })).status).toBe(
    'resolved',
  );
});

describe('refusals', () => {
  let id: string;
  beforeAll(async () => {
    id = (await fileFromGridCode('owner-of-request')).data.id;
  });

  test('another resident cannot read or reply (NOT_FOUND)', async () => {
    refused(await p.call('resident', 'requests', 'get', { id }), 'NOT_FOUND');
    refused(await p.call('resident', 'requests', 'reply', { id, text: '我看看' }), 'NOT_FOUND');
  });

  test('resolving by someone outside the scope is refused', async () => {
    refused(await p.call('chengduStaff', 'requests', 'resolve', { id, resolution: '不是我的' }), 'NOT_FOUND');
  });

  test('a grid worker who did not accept it cannot resolve it, but staff in scope can', async () => {
    const { data } = await fileFromGridCode('owner-2');
    await p.ok('staff', 'requests', 'accept', { id: data.id });
    refused(
      await p.call('gridWorker', 'requests', 'resolve', { id: data.id, resolution: '好了' }),
      'PERMISSION_DENIED',
    );
    expect((await p.ok('streetAdmin', 'requests', 'resolve', { id: data.id, resolution: '已协调解决' })).status).toBe(
      'resolved',
    );
  });

  test('a 1001-character description and an unknown category are INVALID_ARGUMENT', async () => {
    const long = await fileFromGridCode('owner-3', { description: '长'.repeat(1001) });
    expect(long).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { description: expect.any(String) } } },
    });
    const unknown = await fileFromGridCode('owner-3', { category: 'lottery' });
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { category: expect.any(String) } } },
    });
  });

  test('risky text is refused by the content check', async () => {
    const res = await fileFromGridCode('owner-4', { description: '有人在楼下组织赌博' });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { description: expect.any(String) } } },
    });
  });

  test('more than the daily limit is RESOURCE_EXHAUSTED', async () => {
    for (let i = 0; i < 5; i++) expect((await fileFromGridCode('eager-resident')).ok).toBe(true);
    const sixth = await fileFromGridCode('eager-resident');
    expect(sixth).toMatchObject({ ok: false, error: { code: 'RESOURCE_EXHAUSTED' } });
    expect(p.docs('requests').filter((r) => r.requesterOpenid === 'eager-resident')).toHaveLength(5);
  });
});

describe('lists, counts and privacy', () => {
  test('my requests by status with counts for the tabs', async () => {
    const who = 'lister';
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await fileFromGridCode(who)).data.id);
    await p.ok(who, 'requests', 'withdraw', { id: ids[0] });
    const counts = await p.ok(who, 'requests', 'myCounts');
    expect(counts).toMatchObject({ submitted: 2, withdrawn: 1, accepted: 0, overdue: 0 });
    const first = await p.ok(who, 'requests', 'listMine', { limit: 2 });
    expect(first.items.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    const second = await p.ok(who, 'requests', 'listMine', { limit: 2, cursor: first.nextCursor });
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[0], status: 'withdrawn' })], nextCursor: null });
    expect((await p.ok(who, 'requests', 'listMine', { status: 'withdrawn' })).items).toHaveLength(1);
  });

  test('overdue requests are flagged and filtered', async () => {
    const { data } = await fileFromGridCode('late-one');
    const doc = p.docs('requests').find((r) => r._id === data.id)!;
    p.cloud.store.commit([
      { collection: 'requests', id: data.id, doc: { ...doc, dueAt: new Date(Date.now() - 3600_000) } },
    ]);
    const overdue = await p.ok('staff', 'requests', 'queue', { overdue: true });
    expect(overdue.items.find((r: { id: string }) => r.id === data.id)).toMatchObject({ overdue: true });
    expect(overdue.items.every((r: { overdue: boolean }) => r.overdue)).toBe(true);
    expect((await p.ok('staff', 'requests', 'counts', {})).overdue).toBeGreaterThanOrEqual(1);
  });

  test('the contact phone is sealed at rest, masked by default, and revealed only with a reason, audited', async () => {
    const { data } = await fileFromGridCode('private-person', { contactPhone: '13987654321' });
    expect(JSON.stringify(p.docs('requests'))).not.toContain('13987654321');
    refused(
      await p.call('gridWorker', 'requests', 'revealContact', { id: data.id, reason: '电话联系' }),
      'PERMISSION_DENIED',
    );
    await p.ok('gridWorker', 'requests', 'accept', { id: data.id });
    expect(await p.ok('gridWorker', 'requests', 'revealContact', { id: data.id, reason: '电话联系' })).toEqual({
      contactPhone: '13987654321',
    });
    expect(
      p
        .docs('auditLogs')
        .some((a) => a.action === 'request.revealContact' && a.targetId === data.id && a.reason === '电话联系'),
    ).toBe(true);
  });
});

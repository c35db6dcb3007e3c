/**
 * The message centre through /fn: a new request reaches its grid worker and its community's staff (nobody in another
 * community, nor the street above); the requester hears of an accept; each caller reads and marks only their own
 * messages; a repeated create (same clientToken) sends nothing twice.
 */
import { TestProject } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

interface Msg {
  id: string;
  type: string;
  title: string;
  body: string;
  link: string;
  read: boolean;
  at: string;
}

let seq = 0;
async function file(extra: Record<string, unknown> = {}): Promise<{ who: string; id: string }> {
  const who = `msg-resident-${++seq}`;
  const { id } = await p.ok(who, 'requests', 'create', {
    orgId: p.orgId('zxq-g1'),
    category: 'employment',
    description: '想找一份餐馆的工作，请帮忙介绍',
    ...extra,
  });
  return { who, id };
}

async function about(who: string, requestId: string): Promise<Msg[]> {
  const { items } = await p.ok(who, 'messages', 'list', { limit: 50 });
  return (items as Msg[]).filter((m) => m.link.endsWith(`id=${requestId}`));
}

test('a new request reaches the grid worker and the community staff, and nobody outside', async () => {
  const { id } = await file();
  for (const who of ['gridWorker', 'staff']) {
    const got = await about(who, id);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ type: 'request_new', read: false, link: `/pages/requests/detail/index?id=${id}` });
    expect(got[0].title).toContain('就业');
  }
  expect(await about('chengduStaff', id)).toEqual([]);
  expect(await about('streetAdmin', id)).toEqual([]);
  expect(await about('resident', id)).toEqual([]);
});

test('the same clientToken twice files one request and sends one message', async () => {
  const who = `msg-resident-token`;
  const input = {
    orgId: p.orgId('zxq-g1'),
    category: 'housing',
    description: '想了解公租房申请条件',
    clientToken: 'token-msg-0001',
  };
  const [a, b] = await Promise.all([p.ok(who, 'requests', 'create', input), p.ok(who, 'requests', 'create', input)]);
  expect(a.id).toBe(b.id);
  expect(await about('gridWorker', a.id)).toHaveLength(1);
});

test('accept and reply reach the requester; unread count, mark read, and nobody marks another’s messages', async () => {
  const { who, id } = await file();
  expect(await p.ok(who, 'messages', 'unreadCount', {})).toEqual({ count: 0 });
  await p.ok('gridWorker', 'requests', 'accept', { id });
  await p.ok('gridWorker', 'requests', 'reply', { id, text: '明天上午请来社区服务站' });
  const mine = await about(who, id);
  expect(mine.map((m) => m.type)).toEqual(['request_update', 'request_update']);
  expect(mine.map((m) => m.body).join(' ')).toContain('已受理');
  expect(await p.ok(who, 'messages', 'unreadCount', {})).toEqual({ count: 2 });

  // Someone else's message id changes nothing and says nothing about it.
  const [staffMessage] = await about('staff', id);
  expect(await p.ok(who, 'messages', 'markRead', { ids: [staffMessage.id] })).toEqual({ updated: 0 });
  expect((await about('staff', id))[0].read).toBe(false);
  expect(await p.ok('gridWorker', 'messages', 'markRead', { ids: [mine[0].id] })).toEqual({ updated: 0 });

  expect(await p.ok(who, 'messages', 'markRead', { ids: [mine[0].id] })).toEqual({ updated: 1 });
  expect(await p.ok(who, 'messages', 'unreadCount', {})).toEqual({ count: 1 });
  const unread = await p.ok(who, 'messages', 'list', { unreadOnly: true });
  expect(unread.items.map((m: Msg) => m.id)).toEqual([mine[1].id]);

  expect(await p.ok(who, 'messages', 'markRead', { all: true })).toEqual({ updated: 1 });
  expect(await p.ok(who, 'messages', 'unreadCount', {})).toEqual({ count: 0 });
  expect((await p.ok(who, 'messages', 'list', { unreadOnly: true })).items).toEqual([]);
});

test('lists page by cursor, newest first', async () => {
  const { who, id } = await file();
  await p.ok('gridWorker', 'requests', 'accept', { id });
  await p.ok('gridWorker', 'requests', 'reply', { id, text: '请带上身份证' });
  const first = await p.ok(who, 'messages', 'list', { limit: 1 });
  expect(first.items).toHaveLength(1);
  expect(first.nextCursor).toEqual(expect.any(String));
  const second = await p.ok(who, 'messages', 'list', { limit: 1, cursor: first.nextCursor });
  expect(second.items).toHaveLength(1);
  expect(second.items[0].id).not.toBe(first.items[0].id);
  expect(second.items[0].at <= first.items[0].at).toBe(true);
});

test('bad input names the field', async () => {
  const neither = await p.call('resident', 'messages', 'markRead', {});
  expect(neither).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', details: { fields: { ids: expect.any(String) } } },
  });
  const injected = await p.call('resident', 'messages', 'markRead', { ids: [{ $ne: '' }] });
  expect(injected).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  const notTrue = await p.call('resident', 'messages', 'markRead', { all: false });
  expect(notTrue).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', details: { fields: { all: expect.any(String) } } },
  });
});

/**
 * Staff languages and staff subscribe messages through /fn: a staff member lists the languages they speak in their
 * profile (from the one list, at most 5); their queue then offers the open requests asking for bilingual help in one
 * of them right after the escalated ones, across pages, nothing twice; a new request sends the subscribe message to
 * the front line of its grid and to nobody in another community, and a refusal never fails the request.
 */
import { fireTimer, setClockTo } from './helpers/clock';
import { TestProject, type Envelope } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

interface OutboxMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}
const outbox = async () =>
  ((await (await fetch(`${p.cloud.url}/outbox`)).json()) as { messages: OutboxMessage[] }).messages;

let seq = 0;
async function file(extra: Record<string, unknown> = {}): Promise<string> {
  const created = await p.ok(`lang-resident-${++seq}`, 'requests', 'create', {
    orgId: p.orgId('zxq-g1'),
    category: 'employment',
    description: '刚到昆明，想找一份工作',
    ...extra,
  });
  return created.id as string;
}

const invalidOn = (res: Envelope, field: string) =>
  expect(res).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', details: { fields: { [field]: expect.any(String) } } },
  });

test('profile languages: only from the list, at most 5, no repeats; shown by me; [] clears them', async () => {
  const who = 'lang-staff-profile';
  invalidOn(await p.call(who, 'users', 'updateProfile', { languages: ['英语'] }), 'languages.0');
  invalidOn(
    await p.call(who, 'users', 'updateProfile', {
      languages: ['维吾尔语', '藏语', '彝语', '蒙古语', '哈萨克语', '壮语'],
    }),
    'languages',
  );
  invalidOn(await p.call(who, 'users', 'updateProfile', { languages: ['藏语', '藏语'] }), 'languages');
  invalidOn(await p.call(who, 'users', 'updateProfile', { languages: '藏语' }), 'languages');
  expect(await p.ok(who, 'users', 'updateProfile', { languages: ['维吾尔语', '哈萨克语'] })).toEqual({
    languages: ['维吾尔语', '哈萨克语'],
  });
  expect((await p.ok(who, 'users', 'me')).profile).toEqual({ languages: ['维吾尔语', '哈萨克语'] });
  await p.ok(who, 'users', 'updateProfile', { name: '阿依' });
  expect((await p.ok(who, 'users', 'me')).profile).toEqual({ name: '阿依', languages: ['维吾尔语', '哈萨克语'] });
  expect(await p.ok(who, 'users', 'updateProfile', { languages: [] })).toEqual({ name: '阿依' });
});

test('a grid worker who speaks 维吾尔语 gets those requests first, across pages; others keep the plain order', async () => {
  const plainOld = await file();
  const uyghurOld = await file({ needsBilingual: true, language: '维吾尔语' });
  const tibetan = await file({ needsBilingual: true, language: '藏语' });
  const plainNew = await file();
  // Named the language without asking for help: not promoted.
  const noHelp = await file({ language: '维吾尔语' });
  const uyghurNew = await file({ needsBilingual: true, language: '维吾尔语' });
  const mine = [plainOld, uyghurOld, tibetan, plainNew, noHelp, uyghurNew];

  const walk = async (who: string, query: Record<string, unknown> = {}) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await p.ok(who, 'requests', 'queue', { ...query, limit: 2, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((r: { id: string }) => r.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('the queue never ended');
  };
  const order = (ids: string[]) => ids.filter((id) => mine.includes(id));

  const before = await walk('gridWorker');
  expect(order(before)).toEqual([...mine].reverse());

  await p.ok('gridWorker', 'users', 'updateProfile', { languages: ['维吾尔语'] });
  const after = await walk('gridWorker');
  expect(new Set(after).size).toBe(after.length);
  expect([...after].sort()).toEqual([...before].sort());
  expect(order(after)).toEqual([uyghurNew, uyghurOld, noHelp, plainNew, tibetan, plainOld]);

  // Once accepted it stays first (still open); once resolved it drops back into the plain order.
  await p.ok('gridWorker', 'requests', 'accept', { id: uyghurNew });
  await p.ok('gridWorker', 'requests', 'resolve', { id: uyghurNew, resolution: '已介绍到社区合作餐厅' });
  expect(order(await walk('gridWorker'))).toEqual([uyghurOld, uyghurNew, noHelp, plainNew, tibetan, plainOld]);
  // A status filter on a closed state: newest first, nothing promoted.
  expect(order(await walk('gridWorker', { status: 'resolved' }))).toEqual([uyghurNew]);
  await p.ok('gridWorker', 'users', 'updateProfile', { languages: [] });
});

test('the community staff see what climbed to them first, then their language, then the rest, one at a time', async () => {
  const overdue = await file();
  const due = Date.parse((await p.ok('staff', 'requests', 'get', { id: overdue })).dueAt);
  await setClockTo(p, new Date(due + 3_600_000));
  try {
    await fireTimer(p, 'requests', 'escalateOverdue');
  } finally {
    await setClockTo(p);
  }
  // Filed after the climb, so newer than it: only the queue's order puts them below it.
  const kazakh = await file({ needsBilingual: true, language: '哈萨克语' });
  const plain = await file();
  await p.ok('staff', 'users', 'updateProfile', { languages: ['哈萨克语'] });
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 200; i++) {
    const page = await p.ok('staff', 'requests', 'queue', { limit: 1, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((r: { id: string }) => r.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.filter((id) => [overdue, kazakh, plain].includes(id))).toEqual([overdue, kazakh, plain]);
  expect((await p.ok('staff', 'requests', 'get', { id: overdue })).escalatedLevel).toBe('community');
  const outboxed = (await outbox()).filter((m) => m.templateId === 'local-staff-overdue' && m.page.includes(overdue));
  expect(outboxed.map((m) => m.touser)).toContain('demo-staff');
  await p.ok('staff', 'users', 'updateProfile', { languages: [] });
});

test('a new request sends the staff subscribe message to its grid worker and community staff, nobody elsewhere', async () => {
  const id = await file({ needsBilingual: true, language: '维吾尔语', description: '孩子上学的事想咨询' });
  const told = (await outbox()).filter(
    (m) => m.templateId === 'local-staff-new-request' && m.page.includes(`id=${id}`),
  );
  const to = told.map((m) => m.touser);
  expect(to).toEqual(expect.arrayContaining(['demo-grid-worker', 'demo-staff']));
  expect(to).not.toContain('demo-chengdu-staff');
  expect(to).not.toContain(`lang-resident-${seq}`);
  expect(new Set(to).size).toBe(to.length);
  const forWorker = told.find((m) => m.touser === 'demo-grid-worker')!;
  expect(forWorker.page).toBe(`pages/requests/detail/index?id=${id}&from=queue`);
  expect(forWorker.data.thing1.value).toBe('就业创业');
  expect(forWorker.data.thing3.value).toContain('需维吾尔语帮助');
});

test('a grid worker who refused the subscription still gets the request and its in-app message', async () => {
  await fetch(`${p.cloud.url}/outbox/refuse`, { method: 'POST', body: JSON.stringify({ openid: 'demo-grid-worker' }) });
  const id = await file();
  const sent = (await outbox()).filter(
    (m) => m.templateId === 'local-staff-new-request' && m.page.includes(`id=${id}`),
  );
  expect(sent.map((m) => m.touser)).not.toContain('demo-grid-worker');
  expect(sent.map((m) => m.touser)).toContain('demo-staff');
  const { items } = await p.ok('gridWorker', 'messages', 'list', { limit: 50 });
  expect(items.filter((m: { link: string }) => m.link.endsWith(`id=${id}`))).toHaveLength(1);
});

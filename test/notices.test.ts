/**
 * Notices, policy outreach and guides through /fn: who sees what (home and ancestors, never another community),
 * pinned first, by kind; reading counted once per person; who may publish, edit, remove and see read counts; input
 * refused with its field named (long titles, unknown kinds, markup, foreign images).
 */
import { TestProject, type Envelope } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** What the publish page does: upload into the caller's own folder, then pass the fileID. */
async function upload(openid: string, name: string, folder = 'notices'): Promise<string> {
  const res = await fetch(`${p.cloud.url}/storage/client/${folder}/${openid}/${name}`, {
    method: 'PUT',
    headers: { 'x-wx-openid': openid },
    body: PNG_BYTES,
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

let seq = 0;
const body = (text = '请各位居民留意。') => [{ type: 'p', text }];

function publish(who: string, orgKey: string, fields: Record<string, unknown> = {}): Promise<Envelope> {
  return p.call(who, 'notices', 'create', {
    orgId: p.orgId(orgKey),
    kind: 'notice',
    title: `测试通知${++seq}`,
    body: body(),
    ...fields,
  });
}

async function published(who: string, orgKey: string, fields: Record<string, unknown> = {}): Promise<string> {
  const res = await publish(who, orgKey, fields);
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data.id as string;
}

async function listAll(who: string, data: Record<string, unknown> = {}): Promise<{ id: string; pinned: boolean }[]> {
  const items: { id: string; pinned: boolean }[] = [];
  let cursor: string | undefined;
  do {
    const page = await p.ok(who, 'notices', 'list', { ...data, limit: 5, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe('who sees what', () => {
  let own: string, street: string, other: string, chengdu: string;
  beforeAll(async () => {
    own = await published('staff', 'zxq');
    street = await published('streetAdmin', 'gs', { kind: 'policy' });
    other = await published('rootAdmin', 'yxl');
    chengdu = await published('chengduStaff', 'ag');
  });

  test("a resident sees their community's and its ancestors' notices, not another community's", async () => {
    const ids = (await listAll('resident')).map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining([own, street]));
    expect(ids).not.toContain(other);
    expect(ids).not.toContain(chengdu);
  });

  test('a grid resident sees the community and the street above their grid', async () => {
    const who = `grid-resident-${++seq}`;
    await p.ok(who, 'users', 'setHome', { orgId: p.orgId('zxq-g1') });
    const ids = (await listAll(who)).map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining([own, street]));
    expect(ids).not.toContain(other);
  });

  test('pinned first, then newest first; the demo has a pinned notice, a policy item and a guide', async () => {
    const pinned = await published('staff', 'zxq', { pinned: true, title: '置顶测试' });
    const newest = await published('staff', 'zxq');
    const items = await listAll('resident');
    const firstUnpinned = items.findIndex((n) => !n.pinned);
    expect(items.slice(firstUnpinned).every((n) => !n.pinned)).toBe(true);
    expect(items.findIndex((n) => n.id === pinned)).toBeLessThan(firstUnpinned);
    expect(items[firstUnpinned].id).toBe(newest);
    const all = (await p.ok('resident', 'notices', 'list', { limit: 50 })).items as { kind: string; title: string }[];
    expect(all.map((n) => n.kind)).toEqual(expect.arrayContaining(['notice', 'policy', 'guide']));
    expect(all.some((n) => n.title.includes('铸牢中华民族共同体意识'))).toBe(true);
  });

  test('filtered by kind', async () => {
    const policies = await listAll('resident', { kind: 'policy' });
    expect(policies.map((n) => n.id)).toContain(street);
    expect(policies.every((n) => (n as unknown as { kind: string }).kind === 'policy')).toBe(true);
    const guides = await listAll('resident', { kind: 'guide' });
    expect(guides.length).toBeGreaterThan(0);
    expect(guides.map((n) => n.id)).not.toContain(own);
  });

  test("staff list their whole subtree; another community's staff cannot", async () => {
    const ids = (await listAll('streetAdmin', { orgId: p.orgId('gs'), subtree: true })).map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining([own, street]));
    expect(ids).not.toContain(other);
    const res = await p.call('chengduStaff', 'notices', 'list', { orgId: p.orgId('gs'), subtree: true });
    expect(res.error?.code).toBe('NOT_FOUND');
    const resident = await p.call('resident', 'notices', 'list', { orgId: p.orgId('zxq'), subtree: true });
    expect(resident.error?.code).toBe('PERMISSION_DENIED');
  });

  test('a caller with no home is asked to choose one; a shared card names the org to show', async () => {
    const who = `newcomer-${++seq}`;
    expect((await p.call(who, 'notices', 'list', {})).error?.details?.reason).toBe('NO_HOME');
    const ids = (await listAll(who, { orgId: p.orgId('zxq') })).map((n) => n.id);
    expect(ids).toContain(own);
  });
});

describe('reading', () => {
  test('reading counts once per person, even with parallel double reads', async () => {
    const id = await published('staff', 'zxq');
    const reader = `reader-${++seq}`;
    const reads = await Promise.all(Array.from({ length: 6 }, () => p.call(reader, 'notices', 'get', { id })));
    expect(reads.every((r) => r.ok)).toBe(true);
    await p.ok('resident', 'notices', 'get', { id });
    await p.ok('resident', 'notices', 'get', { id });
    expect(await p.ok('staff', 'notices', 'readers', { id })).toEqual({ read: 2 });
    expect(p.docs('noticeReads').filter((r) => r.noticeId === id)).toHaveLength(2);
  });

  test('read counts are for staff in scope only', async () => {
    const id = await published('staff', 'zxq');
    const asResident = await p.ok('resident', 'notices', 'get', { id });
    expect(asResident.readCount).toBeUndefined();
    expect(asResident.can).toEqual({ update: false, remove: false, readers: false });
    expect((await p.call('resident', 'notices', 'readers', { id })).error?.code).toBe('PERMISSION_DENIED');
    expect((await p.call('chengduStaff', 'notices', 'readers', { id })).error?.code).toBe('PERMISSION_DENIED');
    expect((await p.call('gridWorker', 'notices', 'readers', { id })).error?.code).toBe('PERMISSION_DENIED');
    const asStaff = await p.ok('staff', 'notices', 'get', { id });
    expect(asStaff.can).toEqual({ update: true, remove: true, readers: true });
    expect(asStaff.readCount).toBe(2);
  });
});

describe('publishing', () => {
  test('residents and grid workers cannot publish', async () => {
    for (const who of ['resident', 'gridWorker']) {
      const res = await publish(who, 'zxq');
      expect(res.error?.code).toBe('PERMISSION_DENIED');
    }
  });

  test('staff cannot publish outside scope, and cannot tell an out-of-scope org from none', async () => {
    const outside = await publish('staff', 'yxl');
    const missing = await p.call('staff', 'notices', 'create', {
      orgId: 'no-such-org-0000',
      kind: 'notice',
      title: '测试',
      body: body(),
    });
    expect(outside.error?.code).toBe('NOT_FOUND');
    expect(missing.error).toEqual(outside.error);
    expect((await publish('staff', 'gs')).error?.code).toBe('NOT_FOUND'); // the street above is not theirs either
  });

  test('titles over 60 characters and unknown kinds are refused with the field named', async () => {
    const long = await publish('staff', 'zxq', { title: '长'.repeat(61) });
    expect(long.error?.code).toBe('INVALID_ARGUMENT');
    expect(long.error?.details?.fields).toHaveProperty('title');
    expect((await publish('staff', 'zxq', { title: '长'.repeat(60) })).ok).toBe(true);
    const kind = await publish('staff', 'zxq', { kind: 'announcement' });
    expect(kind.error?.details?.fields).toHaveProperty('kind');
    const tooLong = await publish('staff', 'zxq', {
      body: Array.from({ length: 3 }, () => ({ type: 'p', text: '字'.repeat(1800) })),
    });
    expect(tooLong.error?.details?.fields).toHaveProperty('body');
  });

  test('raw HTML is refused: a string body, markup in text, unknown block types, extra fields', async () => {
    const cases: [unknown, string][] = [
      ['<p>通知</p><script>alert(1)</script>', 'body'],
      [[{ type: 'p', text: '<img src=x onerror=alert(1)>' }], 'body.0.text'],
      [
        [
          { type: 'p', text: '正常' },
          { type: 'li', text: '</view><script>' },
        ],
        'body.1.text',
      ],
      [[{ type: 'html', text: '<b>粗体</b>' }], 'body.0.type'],
      [[{ type: 'p', text: '正文', style: 'color:red' }], 'body.0.style'],
    ];
    for (const [bad, field] of cases) {
      const res = await publish('staff', 'zxq', { body: bad });
      expect(res.error?.code).toBe('INVALID_ARGUMENT');
      expect(res.error?.details?.fields).toHaveProperty([field]);
    }
    expect((await publish('staff', 'zxq', { title: '<script>x</script>' })).error?.details?.fields).toHaveProperty(
      'title',
    );
    // Comparisons are text, not markup.
    expect((await publish('staff', 'zxq', { body: body('家庭收入 < 3000 元、人数 > 3 人可申请') })).ok).toBe(true);
  });

  test('the content check refuses risky text with the field named', async () => {
    const res = await publish('staff', 'zxq', {
      body: [
        { type: 'p', text: '正常内容' },
        { type: 'li', text: '代开发票' },
      ],
    });
    expect(res.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { fields: { body: expect.any(String) } } });
    expect((await publish('staff', 'zxq', { title: '博彩优惠' })).error?.details?.fields).toHaveProperty('title');
  });

  test("images must be the publisher's own uploads into notices/", async () => {
    const own = await upload('demo-staff', `own-${++seq}.png`);
    const ok = await publish('staff', 'zxq', { body: [...body(), { type: 'img', fileID: own }], images: [own + '-x'] });
    expect(ok.error?.details?.fields).toHaveProperty(['images.0']); // not uploaded at all
    const id = await published('staff', 'zxq', { body: [...body(), { type: 'img', fileID: own }] });
    expect((await p.ok('resident', 'notices', 'get', { id })).cover).toBe(own);

    const foreign = await upload('demo-street-admin', `theirs-${++seq}.png`);
    const res = await publish('staff', 'zxq', { body: [...body(), { type: 'img', fileID: foreign }] });
    expect(res.error?.details?.fields).toHaveProperty(['body.1.fileID']);
    const requestPhoto = await upload('demo-staff', `req-${++seq}.png`, 'requests');
    expect((await publish('staff', 'zxq', { images: [requestPhoto] })).error?.details?.fields).toHaveProperty([
      'images.0',
    ]);
  });
});

describe('editing and removing', () => {
  test('staff in scope edit; another staff keeps the images already there; others are refused', async () => {
    const photo = await upload('demo-staff', `edit-${++seq}.png`);
    const id = await published('staff', 'zxq', { images: [photo] });
    const edited = await p.ok('streetAdmin', 'notices', 'update', {
      id,
      title: '改过的标题',
      pinned: true,
      images: [photo],
    });
    expect(edited).toMatchObject({ title: '改过的标题', pinned: true, images: [photo] });
    expect((await listAll('resident'))[0].id).toBe(id);
    for (const who of ['resident', 'chengduStaff', 'gridWorker']) {
      expect((await p.call(who, 'notices', 'update', { id, title: '篡改' })).error?.code).toBe('PERMISSION_DENIED');
    }
    const kind = await p.call('staff', 'notices', 'update', { id, kind: 'blog' });
    expect(kind.error?.details?.fields).toHaveProperty('kind');
  });

  test('a removed notice disappears for everyone', async () => {
    const id = await published('staff', 'zxq');
    expect((await p.call('resident', 'notices', 'remove', { id })).error?.code).toBe('PERMISSION_DENIED');
    expect(await p.ok('staff', 'notices', 'remove', { id })).toEqual({ removed: true });
    expect((await listAll('resident')).map((n) => n.id)).not.toContain(id);
    for (const [who, action] of [
      ['resident', 'get'],
      ['staff', 'get'],
      ['staff', 'update'],
      ['staff', 'remove'],
      ['staff', 'readers'],
    ] as const) {
      const res = await p.call(who, 'notices', action, action === 'update' ? { id, title: '再改' } : { id });
      expect(res.error?.code).toBe('NOT_FOUND');
    }
    expect(p.docs('auditLogs').some((a) => a.action === 'notice.remove' && a.targetId === id)).toBe(true);
  });
});

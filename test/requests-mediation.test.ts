/**
 * The mediation ledger, language help and voice notes through /fn: only the owner (or staff in scope) records a
 * mediation request's entry, which the month's ledger of the org lists with its ethnic-dimension flag; the follow-up
 * lands in the grid worker's messages on its day, once. A request may ask for bilingual help in a listed language,
 * and carry a voice note that must be the caller's own upload and really audio.
 */
import { strFromU8, unzipSync } from 'fflate';
import { fireTimer, setClockTo, uploadAs } from './helpers/clock';
import { TestProject } from './helpers/project';

const DAY = 86_400_000;
let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());
afterEach(() => setClockTo(p));

/** The text of an exported workbook's XML parts (cells are in the shared strings). */
async function sheetText(tempUrl: string): Promise<string> {
  const res = await fetch(tempUrl);
  expect(res.status).toBe(200);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.entries(files)
    .filter(([name]) => name.startsWith('xl/'))
    .map(([, bytes]) => strFromU8(bytes))
    .join('\n');
}

const chinaDay = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);

let seq = 0;
async function file(category: string, extra: Record<string, unknown> = {}) {
  const who = `med-resident-${++seq}`;
  const created = await p.call(who, 'requests', 'create', {
    orgId: p.orgId('zxq-g1'),
    category,
    description: '邻居家装修噪音很大，沟通几次没有结果',
    ...extra,
  });
  return { who, created };
}

const entry = (followUpAt?: string) => ({
  parties: ['马某', '张某'],
  agreement: '双方同意装修时间调整为上午九点至下午六点',
  ethnicDimension: true,
  ...(followUpAt ? { followUpAt } : {}),
});

describe('mediation ledger', () => {
  test('the owner records it; the requester, another grid and another community may not; other categories have none', async () => {
    const { who, created } = await file('mediation');
    const id = created.data.id;
    await p.ok('gridWorker', 'requests', 'accept', { id });
    expect(await p.call(who, 'requests', 'mediation', { id, ...entry() })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(await p.call('chengduStaff', 'requests', 'mediation', { id, ...entry() })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const tomorrow = chinaDay(Date.now() + DAY);
    const view = await p.ok('gridWorker', 'requests', 'mediation', { id, ...entry(tomorrow) });
    expect(view.mediation).toMatchObject({ parties: ['马某', '张某'], ethnicDimension: true, followUpAt: tomorrow });
    expect(view.timeline.at(-1)).toMatchObject({ type: 'mediation' });
    expect((await p.ok(who, 'requests', 'get', { id })).can.mediation).toBe(false);

    const other = await file('employment');
    expect(await p.call('staff', 'requests', 'mediation', { id: other.created.data.id, ...entry() })).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', details: { reason: 'NOT_MEDIATION' } },
    });
    expect(await p.call('gridWorker', 'requests', 'mediation', { id, ...entry('2020-01-01') })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { followUpAt: expect.any(String) } } },
    });

    // The month's ledger: staff of the community and the street's admin; not the grid worker, not another city.
    const month = chinaDay(Date.now()).slice(0, 7);
    for (const [who2, orgKey] of [
      ['staff', 'zxq'],
      ['streetAdmin', 'gs'],
    ] as const) {
      const ledger = await p.ok(who2, 'requests', 'mediations', { orgId: p.orgId(orgKey), month });
      expect(ledger.items).toContainEqual(
        expect.objectContaining({ requestId: id, ethnicDimension: true, parties: ['马某', '张某'] }),
      );
    }
    expect((await p.ok('staff', 'requests', 'mediations', { orgId: p.orgId('zxq'), month: '2020-01' })).items).toEqual(
      [],
    );
    for (const who2 of ['gridWorker', 'chengduStaff', who]) {
      expect(await p.call(who2, 'requests', 'mediations', { orgId: p.orgId('zxq'), month })).toMatchObject({
        ok: false,
        error: { code: 'PERMISSION_DENIED' },
      });
    }

    // The month's ledger as Excel: the entry with its ethnic flag, for staff only; audited.
    const ledgerFile = await p.ok('staff', 'requests', 'exportMediations', { orgId: p.orgId('zxq'), month });
    expect(ledgerFile).toMatchObject({ fileID: expect.stringMatching(/\.xlsx$/), truncated: false });
    expect(ledgerFile.rows).toBeGreaterThanOrEqual(1);
    const sheet = await sheetText(ledgerFile.tempUrl);
    expect(sheet).toContain('是否涉及民族因素');
    expect(sheet).toMatch(/>是</); // the entry's ethnic flag
    expect(sheet).toContain(id);
    expect(sheet).toContain('马某、张某');
    expect(sheet).toContain('双方同意装修时间调整为上午九点至下午六点');
    for (const who2 of ['gridWorker', 'chengduStaff', who]) {
      expect(await p.call(who2, 'requests', 'exportMediations', { orgId: p.orgId('zxq'), month })).toMatchObject({
        ok: false,
        error: { code: 'PERMISSION_DENIED' },
      });
    }
    expect(p.docs('auditLogs').some((a) => a.action === 'mediation.export' && a.targetId === p.orgId('zxq'))).toBe(
      true,
    );

    // The follow-up: not today, then on its morning, once.
    const followUps = async () =>
      (await p.ok('gridWorker', 'messages', 'list', { limit: 50 })).items.filter(
        (m: { type: string; link: string }) => m.type === 'mediation_followup' && m.link.endsWith(id),
      );
    await fireTimer(p, 'requests', 'escalateOverdue');
    expect(await followUps()).toHaveLength(0);
    await setClockTo(p, new Date(`${tomorrow}T09:00:00+08:00`));
    await Promise.all([fireTimer(p, 'requests', 'escalateOverdue'), fireTimer(p, 'requests', 'escalateOverdue')]);
    await fireTimer(p, 'requests', 'escalateOverdue');
    expect(await followUps()).toHaveLength(1);
  });
});

describe('language help and voice notes', () => {
  test('needsBilingual and language are stored, shown, and marked in the queue', async () => {
    const { created } = await file('gov_service', { needsBilingual: true, language: '维吾尔语' });
    expect(created.data).toMatchObject({ needsBilingual: true, language: '维吾尔语' });
    const queue = await p.ok('gridWorker', 'requests', 'queue', { limit: 50 });
    expect(queue.items.find((r: { id: string }) => r.id === created.data.id)).toMatchObject({
      needsBilingual: true,
      language: '维吾尔语',
    });
    const bad = await file('gov_service', { language: 'klingon' });
    expect(bad.created).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { language: expect.any(String) } } },
    });
  });

  test('a voice note must be the caller’s own upload, audio, and at most 60 s', async () => {
    const who = 'voice-resident';
    const aac = Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc, 0x00, 0x00, 0x00]);
    const own = await uploadAs(p, who, 'requests', 'note.aac', aac);
    const created = await p.ok(who, 'requests', 'create', {
      orgId: p.orgId('zxq-g1'),
      category: 'consult',
      description: '（语音留言）',
      voice: own,
      voiceSeconds: 12.4,
    });
    expect(created.voice).toEqual({ fileID: own, seconds: 12 });
    expect((await p.ok('gridWorker', 'requests', 'get', { id: created.id })).voice).toEqual({
      fileID: own,
      seconds: 12,
    });

    const someoneElses = await uploadAs(p, 'demo-resident', 'requests', 'theirs.aac', aac);
    const notAudio = await uploadAs(p, who, 'requests', 'fake.aac', Buffer.from('not audio at all'));
    const image = await uploadAs(p, who, 'requests', 'photo.png', Buffer.from('89504e470d0a1a0a', 'hex'));
    for (const [voice, voiceSeconds, field] of [
      [someoneElses, 10, 'voice'],
      [notAudio, 10, 'voice'],
      [image, 10, 'voice'],
      [own, 61, 'voiceSeconds'],
      [own, undefined, 'voiceSeconds'],
    ] as const) {
      const res = await p.call(who, 'requests', 'create', {
        orgId: p.orgId('zxq-g1'),
        category: 'consult',
        description: '（语音留言）',
        voice,
        ...(voiceSeconds === undefined ? {} : { voiceSeconds }),
      });
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', details: { fields: { [field]: expect.any(String) } } },
      });
    }
  });
});

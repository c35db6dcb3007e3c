import { withCheckChar } from '../miniprogram/shared/idcard';
import { readSheet } from '../backend/imports/sheet';
import { ledgerFile, ledgerRows } from '../scripts/demo/ledger';
import { fixtureAdmin, TestProject, type Envelope } from './helpers/project';

/**
 * Ledger import through `/fn`: a spreadsheet is previewed (every bad row named, nothing written but the import
 * record), then committed exactly as `households.create` writes, once, resumably, and only into the caller's scope.
 */

let p: TestProject;
const G1_WORKER = 'demo-grid-worker';
const G2_WORKER = 'import-g2-worker';

beforeAll(async () => {
  p = await TestProject.start();
  const { code } = await p.ok(fixtureAdmin(), 'users', 'createInvite', {
    role: 'grid_worker',
    orgId: p.orgId('zxq-g2'),
  });
  await p.ok(G2_WORKER, 'users', 'redeemInvite', { code });
});
afterAll(() => p.stop());

/** What the mini program does: upload to `imports/<own openid>/` (the name escaped), then pass the fileID. */
async function upload(openid: string, name: string, body: Buffer): Promise<string> {
  const res = await fetch(`${p.cloud.url}/storage/client/imports/${openid}/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'x-wx-openid': openid },
    body,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { fileID: string }).fileID;
}

const count = (collection: string) => p.docs(collection).length;
const registry = () => JSON.stringify([p.docs('households'), p.docs('householdMembers'), p.docs('qrScenes')]);

/** A member's cells: 姓名 at 6, 性别 7, 民族 8, 身份证号 9, 手机号 10, 来本地时间 13. */
const COL = { name: 6, gender: 7, ethnicity: 8, idNumber: 9, phone: 10, arrivedAt: 13 };

function single(room: string, over: Partial<Record<keyof typeof COL, string>>, base: string[]): string[] {
  const row = [...base];
  row.splice(0, 4, '测试导入小区', '99', '1', room);
  row[5] = '户主';
  for (const [k, value] of Object.entries(over)) row[COL[k as keyof typeof COL]] = value;
  return row;
}

async function registerIn(grid: string, idNumber: string, room: string) {
  await p.ok(fixtureAdmin(), 'households', 'create', {
    gridId: p.orgId(grid),
    address: { estate: '已登记小区', building: '1', room },
    members: [{ name: '已登记', gender: 'male', ethnicity: '03', residency: 'floating', idNumber }],
  });
}

describe('a ledger of 80 good rows, 6 bad ones and duplicates', () => {
  const good = ledgerRows({ rows: 78, seed: 7, series: 11, estate: '春城花园' });
  const template = good[0];
  const inScopeId = withCheckChar('53011219850101123'.slice(0, 16) + '1');
  const outOfScopeId = withCheckChar('5301121986020245' + '1');
  const rows: string[][] = [
    ...good,
    // Already registered in the worker's own grid: reported as `existing`, still imported (and flagged).
    single('9001', { idNumber: inScopeId, gender: '男' }, template),
    // Registered only in another grid: to this worker it must look like a number registered nowhere.
    single('9002', { idNumber: outOfScopeId, gender: '男' }, template),
    single(
      '9101',
      { idNumber: template[COL.idNumber].slice(0, 17) + (template[COL.idNumber].endsWith('0') ? '1' : '0') },
      template,
    ),
    single('9102', { ethnicity: '火星族' }, template),
    single('9103', { phone: '1381234' }, template),
    single('9104', { name: '' }, template),
    single('9105', { gender: '未知' }, template),
    single('9106', { arrivedAt: '2019-02-30' }, template),
    // The first good row's person again, at another address: an in-file duplicate.
    single('9201', {}, template),
  ];
  const header = 1;
  const rowOf = (room: string) => header + 1 + rows.findIndex((r) => r[3] === room);
  let importId = '';
  let preview: Envelope['data'];

  beforeAll(async () => {
    await registerIn('zxq-g1', inScopeId, '1');
    await registerIn('zxq-g2', outOfScopeId, '2');
  });

  test('preview names exactly the bad rows with their field, finds the duplicates, and writes nothing else', async () => {
    const before = registry();
    const fileID = await upload(G1_WORKER, 'ledger.xlsx', ledgerFile(rows));
    preview = await p.ok(G1_WORKER, 'imports', 'preview', { gridId: p.orgId('zxq-g1'), fileID });
    importId = preview.importId;
    expect(preview.rows).toBe(87);
    expect(preview.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [rowOf('9101'), '身份证号'],
      [rowOf('9102'), '民族'],
      [rowOf('9103'), '手机号'],
      [rowOf('9104'), '姓名'],
      [rowOf('9105'), '性别'],
      [rowOf('9106'), '来本地时间'],
    ]);
    for (const e of preview.errors) expect(e.message).toEqual(expect.any(String));
    expect(preview.duplicates).toEqual([
      { row: rowOf('9001'), kind: 'existing' },
      { row: rowOf('9201'), kind: 'in_file' },
    ]);
    expect(preview.valid).toBe(80);
    const goodHouseholds = new Set(good.map((r) => r.slice(0, 4).join('|'))).size;
    expect(preview.households).toBe(goodHouseholds + 2);
    expect(registry()).toBe(before);
    expect(p.docs('imports').filter((d) => d._id === importId)).toHaveLength(1);
  });

  test('a grid worker of another grid can neither preview into this grid nor commit its import', async () => {
    const fileID = await upload(G2_WORKER, 'ledger.xlsx', ledgerFile(rows));
    const before = registry();
    expect(await p.call(G2_WORKER, 'imports', 'preview', { gridId: p.orgId('zxq-g1'), fileID })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(await p.call(G2_WORKER, 'imports', 'commit', { importId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // Nor does the other grid's worker hear of an import by reading the log of this grid.
    expect(await p.call(G2_WORKER, 'imports', 'list', { orgId: p.orgId('zxq-g1') })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(registry()).toBe(before);
  });

  test('a fileID in another user’s folder is NOT_FOUND, and so is one outside imports/', async () => {
    const theirs = await upload(G2_WORKER, 'theirs.xlsx', ledgerFile(rows.slice(0, 3)));
    for (const fileID of [theirs, theirs.replace(`/imports/${G2_WORKER}/`, `/imports/${G1_WORKER}/../${G2_WORKER}/`)]) {
      expect(await p.call(G1_WORKER, 'imports', 'preview', { gridId: p.orgId('zxq-g1'), fileID })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    }
  });

  test('commit writes exactly the good households, sealed, with door codes and duplicate flags; a repeat writes nothing', async () => {
    const [households, members] = [count('households'), count('householdMembers')];
    const res = await p.ok(G1_WORKER, 'imports', 'commit', { importId });
    expect(res).toEqual({ households: preview.households, members: 80, skipped: 7, remaining: 0 });
    expect(count('households')).toBe(households + preview.households);
    expect(count('householdMembers')).toBe(members + 80);

    const written = p
      .docs('households')
      .filter((h) => h.createdBy === G1_WORKER && (h.address as { estate?: string }).estate !== '已登记小区');
    const scenes = new Set(p.docs('qrScenes').map((s) => s._id));
    for (const h of written.slice(-preview.households)) {
      expect(h.gridId).toBe(p.orgId('zxq-g1'));
      expect(scenes.has(h.scene as string)).toBe(true);
    }
    // The people of the good rows are there, and no bad row's person is.
    const names = new Set(p.docs('householdMembers').map((m) => m.name));
    for (const r of good) expect(names.has(r[COL.name])).toBe(true);
    const rooms = written.map((h) => (h.address as { room: string }).room);
    for (const room of ['9101', '9102', '9103', '9104', '9105', '9106', '9201']) expect(rooms).not.toContain(room);
    // Sealed: no ID number or phone of the file anywhere in the database.
    const everything = JSON.stringify(p.cloud.store.collectionNames().map((n) => p.docs(n)));
    for (const r of rows) {
      if (r[COL.idNumber]) expect(everything).not.toContain(r[COL.idNumber]);
      if (r[COL.phone].length === 11) expect(everything).not.toContain(r[COL.phone]);
    }
    // The existing duplicate in scope is flagged, and the worker sees it through households.get as for any household.
    const flagged = written.find((h) => (h.address as { room: string }).room === '9001')!;
    expect(flagged.duplicate).toBe(true);
    const view = await p.ok(G1_WORKER, 'households', 'get', { id: flagged._id });
    expect(view.members[0].idNumber).not.toBe(inScopeId);

    const before = registry();
    expect(await p.ok(G1_WORKER, 'imports', 'commit', { importId })).toEqual(res);
    expect(registry()).toBe(before);
    // The uploaded ledger (plain ID numbers) is deleted once its households are written.
    expect(p.cloud.storage.record(p.docs('imports').find((d) => d._id === importId)!.fileID as string)).toBeUndefined();
    const log = await p.ok('demo-staff', 'imports', 'list', { orgId: p.orgId('zxq') });
    expect(log.items[0]).toMatchObject({
      id: importId,
      rows: 87,
      households: preview.households,
      members: 80,
      errors: 6,
    });
    expect(p.docs('auditLogs').some((a) => a.action === 'imports.commit' && a.targetId === importId)).toBe(true);
  });
});

test('a commit cut short (a tiny batch, then lost progress as after a crash) ends in the same state as one in a go', async () => {
  const base = ledgerRows({ rows: 30, seed: 3, series: 12 });
  const states: string[] = [];
  for (const estate of ['一次导入小区', '断点导入小区']) {
    const rows = base.map((r) => [estate, ...r.slice(1)]);
    const fileID = await upload(G1_WORKER, `resume-${states.length}.xlsx`, ledgerFile(rows));
    const { importId, households } = await p.ok(G1_WORKER, 'imports', 'preview', { gridId: p.orgId('zxq-g1'), fileID });
    if (estate === '断点导入小区') {
      const first = await p.ok(G1_WORKER, 'imports', 'commit', { importId, limit: 3 });
      expect(first).toMatchObject({ households: 3, remaining: households - 3 });
      await p.ok(G1_WORKER, 'imports', 'commit', { importId, limit: 2 });
      // A crash after the writes but before the progress was saved: the record says nothing was written.
      const doc = p.docs('imports').find((d) => d._id === importId)!;
      p.cloud.store.commit([
        {
          collection: 'imports',
          id: importId,
          doc: { ...doc, next: 0, households: 0, members: 0, status: 'previewed' },
        },
      ]);
    }
    expect(await p.ok(G1_WORKER, 'imports', 'commit', { importId })).toMatchObject({
      households,
      members: 30,
      remaining: 0,
    });
    // The registry the import made: each household's address (less the 小区), flags and sealed members.
    const made = p.docs('households').filter((h) => (h.address as { estate?: string }).estate === estate);
    expect(made).toHaveLength(households);
    states.push(
      JSON.stringify(
        made
          .map((h) => {
            const { estate: _estate, ...address } = h.address as Record<string, string>;
            const members = p
              .docs('householdMembers')
              .filter((m) => m.householdId === h._id)
              .map((m) => [m.name, m.relation, m.idNumberHash, m.phoneHash, m.ethnicity, m.residency].join('|'));
            return JSON.stringify([address, h.housing, h.tags, h.memberCount, Boolean(h.scene), members]);
          })
          .sort(),
      ),
    );
  }
  expect(states[1]).toBe(states[0]);
});

test('a ledger uploaded under a Chinese name with a space is previewed, logged by its name, committed and deleted', async () => {
  const rows = ledgerRows({ rows: 6, seed: 5, series: 13, estate: '中文文件名小区' });
  const fileID = await upload(G1_WORKER, '台账 2026.xlsx', ledgerFile(rows));
  expect(fileID).toBe(p.cloud.storage.fileIdOf(`imports/${G1_WORKER}/台账 2026.xlsx`));
  const preview = await p.ok(G1_WORKER, 'imports', 'preview', { gridId: p.orgId('zxq-g1'), fileID });
  expect(preview).toMatchObject({ rows: 6, valid: 6, errors: [] });
  const log = await p.ok(G1_WORKER, 'imports', 'list', { orgId: p.orgId('zxq-g1') });
  expect(log.items.find((i: { id: string }) => i.id === preview.importId)).toMatchObject({ file: '台账 2026.xlsx' });
  expect(await p.ok(G1_WORKER, 'imports', 'commit', { importId: preview.importId })).toMatchObject({
    members: 6,
    remaining: 0,
  });
  expect(p.cloud.storage.record(fileID)).toBeUndefined();
});

test('template: a spreadsheet whose first row is exactly the contract’s headers', async () => {
  const file = await p.ok(G1_WORKER, 'imports', 'template', {});
  const content = Buffer.from(await (await fetch(file.tempFileURL)).arrayBuffer());
  expect(readSheet(content, 17, 10)!.header.join(' ')).toBe(
    '小区 楼栋 单元 门牌 住房类型 与户主关系 姓名 性别 民族 身份证号 手机号 户籍类型 籍贯 来本地时间 职业 语言 标签',
  );
  expect(await p.call('demo-resident', 'imports', 'template', {})).toMatchObject({
    ok: false,
    error: { code: 'PERMISSION_DENIED' },
  });
});

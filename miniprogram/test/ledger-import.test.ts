import { beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PAGES, ROUTES } from '../shared/routes';
import { actAs, callAs, demoOrg, lastUrl, openLoaded, toasts, useLocalCloud, waitFor, wxMock } from './helpers';
import { ledgerBytes, sampleRows } from './support/ledger';

const OTHER_GRID = ['昆明市', '官渡区', '关上街道', '中心区社区', '第二网格（关上北路片区）'];
const WORKER = 'demo-grid-worker';
const ID_COLUMN = 9;

/** The next `wx.chooseMessageFile` hands the page this file (as picked from a chat); its bytes are `bytes`. */
function chooseFromChat(name: string, bytes: ArrayBuffer) {
  const choose = jest.fn(() =>
    Promise.resolve({ errMsg: 'chooseMessageFile:ok', tempFiles: [{ path: 'wxfile://tmp/ledger', name, size: 1 }] }),
  );
  (wx as unknown as { chooseMessageFile: unknown }).chooseMessageFile = choose;
  (wx as unknown as { getFileSystemManager: () => unknown }).getFileSystemManager = () => ({
    readFile: (opts: { success: (r: { data: ArrayBuffer }) => void }) =>
      setTimeout(() => opts.success({ data: bytes }), 0),
  });
  return choose;
}

/** The grid of the demo worker (their card on 我的网格). */
async function workerGrid(): Promise<string> {
  const me = await callAs(WORKER, 'users', 'me', {});
  return me.roles.find((r) => r.role === 'grid_worker')!.orgId;
}

describe('导入住户台账', () => {
  let rows: string[][];
  beforeAll(() => {
    rows = sampleRows();
  });
  beforeEach(() => {
    useLocalCloud();
    actAs(WORKER);
  });

  it('from 我的网格: template, a file from a chat, the preview with its bad row, commit, the result and the log', async () => {
    const gridId = await workerGrid();
    const workbench = await openLoaded(PAGES.gridWorkbench);
    await workbench.tap('.grid-import');
    expect(lastUrl('navigateTo')).toBe(ROUTES.ledgerImport(gridId));
    workbench.detach();

    const page = await openLoaded(PAGES.ledgerImport, { gridId });
    expect(page.data().status).toBe('ready');

    // The template: locally its link is copied (in WeChat it opens, to forward to a computer).
    await page.tap('.import-template');
    await waitFor(() => expect(wx.setClipboardData).toHaveBeenCalled());
    const link = (wxMock('setClipboardData').mock.calls[0][0] as { data: string }).data;
    expect(link).toMatch(/\.xlsx/);
    expect(toasts()).toContain('模板下载链接已复制');

    // The first 12 data rows of the sample, one ID number with a wrong check character.
    const ledger = rows.slice(0, 13).map((r) => [...r]);
    const bad = ledger[5];
    bad[ID_COLUMN] = bad[ID_COLUMN].slice(0, 17) + (bad[ID_COLUMN].endsWith('0') ? '1' : '0');
    const choose = chooseFromChat('中心区 台账 2026.xlsx', ledgerBytes(ledger));
    const before = (await callAs(WORKER, 'households', 'list', { gridId, limit: 50 })).items.length;

    await page.tap('.import-choose');
    await waitFor(() => expect(page.data().step).toBe('preview'));
    expect(choose.mock.calls[0]).toEqual([{ count: 1, type: 'file', extension: ['xlsx'] }]);
    const preview = page.data().preview as { rows: number; households: number; errorCount: number };
    expect(preview.rows).toBe(12);
    expect(preview.errorCount).toBe(1);
    expect(page.textOf('.import-problem')).toContain('第 6 行');
    expect(page.textOf('.import-problem')).toContain('身份证号');
    expect(page.text()).toContain('中心区 台账 2026.xlsx');
    // Nothing is written by the preview.
    expect((await callAs(WORKER, 'households', 'list', { gridId, limit: 50 })).items.length).toBe(before);

    await page.tap('.import-commit');
    await waitFor(() => expect(page.data().step).toBe('done'));
    const result = page.data().result as { households: number; members: number; skipped: number; remaining: number };
    expect(result.households).toBe(preview.households);
    expect(result.remaining).toBe(0);
    expect(result.skipped).toBeGreaterThanOrEqual(1);
    expect(page.textOf('.import-result')).toContain('导入完成');
    const after = (await callAs(WORKER, 'households', 'list', { gridId, limit: 50 })).items.length;
    expect(after - before).toBe(preview.households);

    await page.tap('.import-households');
    expect(lastUrl('navigateTo')).toBe(ROUTES.householdList(gridId));
    await page.tap('.import-log');
    expect(lastUrl('navigateTo')).toBe(ROUTES.importLog(gridId));
    page.detach();

    const log = await openLoaded(PAGES.importLog, { orgId: gridId });
    const [latest] = log.data().items as { statusLabel: string; households: number; errors: number; file: string }[];
    expect(latest).toMatchObject({ statusLabel: '已导入', households: preview.households, errors: 1 });
    expect(latest.file).toMatch(/^[A-Za-z0-9_-]+\.xlsx$/);
    expect(log.text()).toContain('1 处错误');
    log.detach();
  });

  it('a file that is not .xlsx is refused before upload; a worker of another grid cannot preview into this one', async () => {
    const gridId = await workerGrid();
    const page = await openLoaded(PAGES.ledgerImport, { gridId });
    chooseFromChat('台账.xls', ledgerBytes(rows.slice(0, 3)));
    await page.call('chooseFile');
    expect(toasts()).toContain('请选择 Excel 文件（.xlsx）');
    expect(page.data().step).toBe('choose');
    page.detach();

    const other = (await demoOrg(OTHER_GRID)).id;
    expect(other).not.toBe(gridId);
    const elsewhere = await openLoaded(PAGES.ledgerImport, { gridId: other });
    chooseFromChat('台账.xlsx', ledgerBytes(rows.slice(0, 3)));
    await elsewhere.call('chooseFile');
    expect(elsewhere.data().step).toBe('choose');
    expect(wxMock('showToast').mock.calls.length).toBeGreaterThan(1);
    elsewhere.detach();
  });
});

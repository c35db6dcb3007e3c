import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  actAs,
  callAs,
  change,
  demoOrg,
  lastUrl,
  openLoaded,
  tapOn,
  toasts,
  useLocalCloud,
  waitFor,
  wxMock,
} from './helpers';
import { PAGES } from '../shared/routes';

const G1 = ['昆明市', '官渡区', '关上街道', '中心区社区', '第一网格（金色年华小区）'];
const ZXQ = G1.slice(0, 4);
const STAFF = 'demo-staff';
const WORKER = 'demo-grid-worker';

beforeEach(() => useLocalCloud());

/** A mediation request filed in the first grid, accepted by its grid worker, its ledger entry recorded. */
async function recordedMediation(parties: string[]): Promise<string> {
  const created = await callAs('page-med-resident', 'requests', 'create', {
    orgId: (await demoOrg(G1)).id,
    category: 'mediation',
    description: '邻居家装修噪音很大，沟通几次没有结果',
  });
  await callAs(WORKER, 'requests', 'accept', { id: created.id });
  await callAs(WORKER, 'requests', 'mediation', {
    id: created.id,
    parties,
    agreement: '双方同意装修时间调整为上午九点至下午六点',
    ethnicDimension: true,
  });
  return created.id;
}

describe('mediation ledger page', () => {
  it('lists the month’s entries for staff, exports the month and opens an entry', async () => {
    const parties = ['马某', `张某${Date.now() % 10_000}`];
    const id = await recordedMediation(parties);
    actAs(STAFF);

    const queue = await openLoaded(PAGES.requestQueue);
    await queue.tap('.queue-mediations');
    expect(lastUrl('navigateTo')).toMatch(/^\/package-staff\/requests\/mediations\/index\?orgId=/);
    queue.detach();

    const zxq = (await demoOrg(ZXQ)).id;
    const page = await openLoaded(PAGES.mediations, { orgId: zxq });
    expect(page.textOf('.mediations-item')).toContain(parties.join('、'));
    expect(page.textOf('.mediations-item')).toContain('双方同意装修时间调整');
    expect(page.has('.mediations-ethnic')).toBe(true);

    await page.tap('.mediations-export');
    await waitFor(() => expect(toasts()).toContain('已导出，下载链接已复制'));
    const link = (wxMock('setClipboardData').mock.calls.slice(-1)[0][0] as { data: string }).data;
    expect(link).toMatch(/\.xlsx/);

    await page.call('openItem', tapOn({ id }));
    expect(lastUrl('navigateTo')).toBe(`/pages/requests/detail/index?id=${id}&from=queue`);

    // Another month has no entries: the empty state.
    await page.call('onMonthChange', change('2020-01'));
    await waitFor(() => expect(page.has('.mediations-empty')).toBe(true));
    page.detach();
  });

  it('tells a grid worker the ledger is not theirs', async () => {
    actAs(WORKER);
    const page = await openLoaded(PAGES.mediations, { orgId: (await demoOrg(ZXQ)).id });
    expect(page.has('.mediations-error')).toBe(true);
    page.detach();
  });
});

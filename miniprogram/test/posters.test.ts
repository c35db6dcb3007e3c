import { beforeEach, describe, expect, it } from '@jest/globals';
import { actAs, demoOrg, download, openPage, useLocalCloud, waitFor, wxMock, type PageHandle } from './helpers';
import { PAGES } from '../shared/routes';

const ZXQ = ['昆明市', '官渡区', '关上街道', '中心区社区'];
const G1 = [...ZXQ, '第一网格（金色年华小区）'];

/** Taps `selector` and answers the link the page copies in response. */
async function tapAndCopy(page: PageHandle, selector: string): Promise<string> {
  const copy = wxMock('setClipboardData');
  const before = copy.mock.calls.length;
  await page.tap(selector);
  await waitFor(() => expect(copy.mock.calls.length).toBe(before + 1));
  return (copy.mock.calls[before]?.[0] as { data: string }).data;
}

beforeEach(() => useLocalCloud());

describe('二维码海报 from the workbenches', () => {
  it('staff tap 打印社区二维码海报: the community’s poster is made, its link copied', async () => {
    actAs('demo-staff');
    const page = openPage(PAGES.staffWorkbench);
    await page.shown;
    expect(page.textOf('.staff-poster')).toContain('打印社区二维码海报');
    const link = await tapAndCopy(page, '.staff-poster');
    expect(link).toMatch(/\/posters\/.+\.html(\?|$)/);
    const html = await download(link);
    expect(html).toContain(`data-scene="${(await demoOrg(ZXQ)).scene}"`);
    expect(html).toContain('中心区社区');
    expect((wxMock('showModal').mock.calls.slice(-1)[0]?.[0] as { title: string }).title).toBe('已生成二维码海报');
    page.detach();
  });

  it('grid workers tap 打印网格二维码海报 for their grid', async () => {
    actAs('demo-grid-worker');
    const page = openPage(PAGES.gridWorkbench);
    await page.shown;
    const html = await download(await tapAndCopy(page, '.grid-poster'));
    expect(html).toContain(`data-scene="${(await demoOrg(G1)).scene}"`);
    page.detach();
  });
});

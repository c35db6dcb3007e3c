import { beforeEach, describe, expect, it } from '@jest/globals';
import { REQUEST_CATEGORIES } from '../shared/categories';
import { actAs, callAs, openPage, useClosedPort, useLocalCloud, waitFor } from './helpers';

const HOME = 'pages/home/index';

/** Ids of demo orgs, found through the same functions the app uses. */
async function findOrg(path: string[]): Promise<string> {
  let items = (await callAs('demo-resident', 'orgs', 'roots', {})).items;
  let id = '';
  for (const name of path) {
    const org = items.find((o) => o.name === name);
    if (!org) throw new Error(`no demo org ${name}`);
    id = org.id;
    if (name !== path[path.length - 1]) items = (await callAs('demo-resident', 'orgs', 'children', { id })).items;
  }
  return id;
}

describe('首页', () => {
  beforeEach(async () => {
    useLocalCloud();
    actAs('demo-resident');
    // Tests share this file's cloud: put the resident back in 中心区社区 (no grid chosen).
    await callAs('demo-resident', 'users', 'setHome', {
      orgId: await findOrg(['昆明市', '官渡区', '关上街道', '中心区社区']),
    });
  });

  it('shows the loading state, then the resident’s community, its services and stations', async () => {
    const page = openPage(HOME);
    expect(page.text()).toContain('正在加载社区信息');
    await page.shown;
    await waitFor(() => expect(page.data().status).toBe('ready'));

    const text = page.text();
    expect(text).toContain('中心区社区');
    expect(text).toContain('中心区社区便民服务热线：0871-67100001');
    for (const c of REQUEST_CATEGORIES) expect(text).toContain(c.label);
    expect(text).toContain('中心区社区政务服务大厅');
    expect(text).toContain('少数民族绿色通道');
    expect(text).toContain('中心区“一家亲”工作站');
    // The demo 百家宴 of the community, with its seats.
    expect(page.textOf('.home-events')).toContain('中心区社区民族团结百家宴');
    expect(page.textOf('.home-events')).toContain('余 92 个名额');
    // No grid chosen yet: the card offers to pick one instead of a worker.
    expect(text).toContain('选择你所在的网格');
    expect(page.has('.home-worker')).toBe(false);
    page.detach();
  });

  it('shows the grid worker of the resident’s grid, and the call button dials them', async () => {
    const grid = await findOrg(['昆明市', '官渡区', '关上街道', '中心区社区', '第一网格（金色年华小区）']);
    await callAs('demo-resident', 'users', 'setHome', { orgId: grid });

    const page = openPage(HOME);
    await page.shown;
    expect(page.textOf('.home-worker')).toContain('李春燕');
    expect(page.textOf('.home-worker')).toContain('第一网格（金色年华小区）');
    expect(page.textOf('.home-worker')).toContain('13908710001');

    await page.tap('.home-worker', '.worker__call');
    expect(wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13908710001' });
    page.detach();
  });

  it('shows an error with a retry when the cloud cannot be reached, and the retry recovers', async () => {
    useClosedPort();
    const page = openPage(HOME);
    await page.shown;
    expect(page.data().status).toBe('error');
    expect(page.text()).toContain('连不上本地云服务');
    expect(page.text()).toContain('重试');

    useLocalCloud();
    await page.tap('.home-error', '.state__button');
    await waitFor(() => expect(page.data().status).toBe('ready'));
    expect(page.text()).toContain('中心区社区');
    expect(page.has('.home-error')).toBe(false);
    page.detach();
  });

  it('shows an empty state for a community without stations and a grid without a worker card', async () => {
    await callAs('demo-resident', 'users', 'setHome', {
      orgId: await findOrg(['昆明市', '西山区', '永昌街道', '益康路社区']),
    });
    const page = openPage(HOME);
    await page.shown;
    expect(page.text()).toContain('益康路社区');
    expect(page.textOf('.home-no-stations')).toContain('本社区暂未登记服务站点');
    expect(page.text()).toContain('选择你所在的网格');
    page.detach();
  });

  it('asks a newcomer without a home community to choose one, and leads to the community picker', async () => {
    actAs('test-newcomer');
    const page = openPage(HOME);
    await page.shown;
    expect(page.data().status).toBe('nohome');
    expect(page.text()).toContain('还没有选择所在社区');
    expect(page.text()).toContain('扫描社区二维码');

    await page.tap('.home-nohome-state', '.state__button');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/switch-community/index' });
    page.detach();
  });

  it('opens the request form with the tapped service category, and links to 我的诉求', async () => {
    const page = openPage(HOME);
    await page.shown;
    await page.call('openCategory', { currentTarget: { dataset: { value: 'legal_aid' } } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/requests/new/index?category=legal_aid' });
    await page.tap('.home-my-requests');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/requests/mine/index' });
    page.detach();
  });
});

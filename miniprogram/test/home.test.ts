import { beforeEach, describe, expect, it } from '@jest/globals';
import { REQUEST_CATEGORIES } from '../shared/categories';
import { actAs, callAs, demoOrg, openPage, useClosedPort, useLocalCloud, waitFor } from './helpers';
import { PAGES, ROUTES } from '../shared/routes';

const HOME = PAGES.home;

describe('首页', () => {
  beforeEach(async () => {
    useLocalCloud();
    actAs('demo-resident');
    // Tests share this file's cloud: put the resident back in 中心区社区 (no grid chosen).
    await callAs('demo-resident', 'users', 'setHome', {
      orgId: (await demoOrg(['昆明市', '官渡区', '关上街道', '中心区社区'])).id,
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
    // 12 tiles (a shortened label for 国家通用语言培训) and 其他 under them.
    for (const c of REQUEST_CATEGORIES) expect(text).toContain('tile' in c ? c.tile : c.label);
    expect(page.textOf('.home-other')).toContain('反映其他问题');
    expect(page.textOf('.home-mainline')).toContain('铸牢中华民族共同体意识');
    expect(text).toContain('中心区社区政务服务大厅');
    expect(text).toContain('少数民族绿色通道');
    expect(text).toContain('“微电商+精准扶贫”技能培训基地');
    // The demo 百家宴 of the community, with its seats.
    expect(page.textOf('.home-events')).toContain('中心区社区民族团结百家宴');
    expect(page.textOf('.home-events')).toContain('余 92 个名额');
    // No grid chosen yet: the card offers to pick one instead of a worker.
    expect(text).toContain('选择你所在的网格');
    expect(page.has('.home-worker')).toBe(false);
    page.detach();
  });

  it('shows the grid worker of the resident’s grid, and the call button dials them', async () => {
    const grid = (await demoOrg(['昆明市', '官渡区', '关上街道', '中心区社区', '第一网格（金色年华小区）'])).id;
    await callAs('demo-resident', 'users', 'setHome', { orgId: grid });

    const page = openPage(HOME);
    await page.shown;
    expect(page.textOf('.home-worker')).toContain('李晓芬');
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
      orgId: (await demoOrg(['昆明市', '西山区', '永昌街道', '益康路社区'])).id,
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
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: ROUTES.switchCommunity() });
    page.detach();
  });

  it('opens the request form with the tapped service category, and links to 我的诉求', async () => {
    const page = openPage(HOME);
    await page.shown;
    await page.call('openCategory', { currentTarget: { dataset: { value: 'legal_aid' } } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: ROUTES.requestNew({ category: 'legal_aid' }) });
    await page.tap('.home-other');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: ROUTES.requestNew({ category: 'other' }) });
    await page.tap('.home-my-requests');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: ROUTES.myRequests() });
    page.detach();
  });
});

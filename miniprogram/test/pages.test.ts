import { beforeEach, describe, expect, it } from '@jest/globals';
import { actAs, callAs, demoOrg, openPage, toasts, useClosedPort, useLocalCloud, waitFor, wxMock } from './helpers';
import { PAGES, ROUTES } from '../shared/routes';

const ZXQ = ['昆明市', '官渡区', '关上街道', '中心区社区'];
/** A demo community with no events: the empty state of the 活动 tab. */
const YKL = ['昆明市', '西山区', '永昌街道', '益康路社区'];

async function actInQuietCommunity(): Promise<void> {
  actAs('quiet-resident');
  await callAs('quiet-resident', 'users', 'setHome', { orgId: (await demoOrg(YKL)).id });
}

beforeEach(() => {
  useLocalCloud();
});

describe('活动', () => {
  it('shows a proper empty state for the user’s community, with a way back home', async () => {
    await actInQuietCommunity();
    const page = openPage(PAGES.events);
    expect(page.text()).toContain('正在加载活动');
    await page.shown;
    expect(page.text()).toContain('益康路社区');
    expect(page.text()).toContain('暂无活动');
    expect(page.text()).toContain('下拉可以刷新');
    await page.tap('.events-home');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: ROUTES.home() });

    await page.call('onPullDownRefresh');
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
    page.detach();
  });

  it('shows an error with a retry', async () => {
    await actInQuietCommunity();
    useClosedPort();
    const page = openPage(PAGES.events);
    await page.shown;
    expect(page.textOf('.events-error')).toContain('连不上本地云服务');
    useLocalCloud();
    await page.tap('.events-error', '.state__button');
    await waitFor(() => expect(page.text()).toContain('暂无活动'));
    page.detach();
  });
});

describe('选择社区', () => {
  it('browses from the cities down to a grid and makes it the home', async () => {
    actAs('test-browser');
    const page = openPage(PAGES.switchCommunity);
    const picker = page.within('.switch-picker');
    await waitFor(() => expect(picker.data().status).toBe('ready'));
    expect(page.text()).toContain('昆明市');
    expect(page.text()).toContain('成都市');

    for (const name of ZXQ) {
      const index = (picker.data().items as { name: string }[]).findIndex((i) => i.name === name);
      await picker.call('openItem', { currentTarget: { dataset: { index } } });
    }
    expect(page.text()).toContain('全部地区/昆明市/官渡区/关上街道/中心区社区');
    expect(page.text()).toContain('选择「中心区社区」');
    expect(page.text()).toContain('第四网格（民航路片区）');

    const grid = (picker.data().items as { name: string }[]).findIndex((i) => i.name === '第四网格（民航路片区）');
    await picker.call('openItem', { currentTarget: { dataset: { index: grid } } });
    await waitFor(() => expect(wx.switchTab).toHaveBeenCalledWith({ url: ROUTES.home() }));
    expect(toasts()).toContain('已切换到第四网格（民航路片区）');
    const me = await callAs('test-browser', 'users', 'me', {});
    expect(me.home).toMatchObject({ communityName: '中心区社区', gridName: '第四网格（民航路片区）' });
    page.detach();
  });

  it('opens at an org given by ?orgId=, and a community without grids can be chosen as it is', async () => {
    actAs('test-browser-2');
    const street = (await demoOrg(['昆明市', '西山区', '永昌街道'])).id;
    const page = openPage(PAGES.switchCommunity, { orgId: street });
    const picker = page.within('.switch-picker');
    await waitFor(() => expect(picker.data().status).toBe('ready'));
    expect(page.text()).toContain('全部地区/昆明市/西山区/永昌街道');
    expect(page.text()).toContain('益康路社区');

    const index = (picker.data().items as { name: string }[]).findIndex((i) => i.name === '益康路社区');
    await picker.call('openItem', { currentTarget: { dataset: { index } } });
    expect(picker.textOf('.org-picker-empty')).toContain('这里还没有下级组织');
    expect(picker.textOf('.org-picker-empty')).toContain('可以直接选择这个社区');

    await picker.tap('.org-picker-current');
    await waitFor(() => expect(wx.switchTab).toHaveBeenCalledWith({ url: ROUTES.home() }));
    expect((await callAs('test-browser-2', 'users', 'me', {})).home?.communityName).toBe('益康路社区');

    // Back up the trail.
    await picker.call('goUp', { currentTarget: { dataset: { index: 0 } } });
    expect(page.text()).toContain('西山区');
    expect(page.text()).not.toContain('益康路社区');

    // Pull-to-refresh lists the same level again.
    await page.call('onPullDownRefresh');
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
    expect(page.text()).toContain('西山区');
    page.detach();
  });
});

describe('我的网格 (grid workers)', () => {
  it('shows the worker’s grid with its QR code', async () => {
    actAs('demo-grid-worker');
    const page = openPage(PAGES.gridWorkbench);
    await page.shown;
    expect(page.text()).toContain('第一网格（金色年华小区）');
    const qr = page.within('.grid-qr');
    await waitFor(() => expect(qr.data().status).toBe('ready'));
    expect(qr.data().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(qr.has('.qr-image')).toBe(true);
    const grid = (await demoOrg([...ZXQ, '第一网格（金色年华小区）'])).id;
    await page.tap('.grid-households');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: ROUTES.householdList(grid) });
    await page.tap('.grid-requests');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: ROUTES.requestQueue(grid) });
    page.detach();
  });

  it('tells a resident how to become a grid worker', async () => {
    actAs('demo-resident');
    const page = openPage(PAGES.gridWorkbench);
    await page.shown;
    expect(page.text()).toContain('你还不是网格员');
    await page.tap('.grid-empty', '.state__button');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: ROUTES.me() });
    page.detach();
  });
});

describe('社区管理 (staff and admins)', () => {
  it('lists the orgs of a staff member (invites only) and of an admin (invites and grants)', async () => {
    actAs('demo-staff');
    const staff = openPage(PAGES.staffWorkbench);
    await staff.shown;
    expect(staff.text()).toContain('中心区社区');
    expect(staff.text()).toContain('可以邀请网格员');
    expect(staff.has('.staff-grants')).toBe(false);
    await staff.tap('.staff-requests');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: ROUTES.requestQueue((await demoOrg(ZXQ)).id) });
    await staff.tap('.staff-events');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: ROUTES.eventManage((await demoOrg(ZXQ)).id) });
    staff.detach();

    actAs('demo-street-admin');
    const admin = openPage(PAGES.staffWorkbench);
    await admin.shown;
    expect(admin.text()).toContain('关上街道');
    expect(admin.has('.staff-grants')).toBe(true);
    admin.detach();

    actAs('demo-resident');
    const resident = openPage(PAGES.staffWorkbench);
    await resident.shown;
    expect(resident.text()).toContain('你还没有社区工作人员或管理员身份');
    resident.detach();
  });

  it('lets staff invite only grid workers, to a grid, and shows the invite’s code', async () => {
    actAs('demo-staff');
    const page = openPage(PAGES.invite, { orgId: (await demoOrg(ZXQ)).id });
    await waitFor(() => expect(page.data().status).toBe('ready'));
    expect(page.data().roles).toEqual([{ value: 'grid_worker', label: '网格员' }]);
    const targets = page.data().targets as { name: string }[];
    expect(targets.map((t) => t.name)).toEqual(
      expect.arrayContaining(['第一网格（金色年华小区）', '第四网格（民航路片区）']),
    );
    expect(targets.map((t) => t.name)).not.toContain('中心区社区');

    await page.tap('.invite-create');
    await waitFor(() => expect(page.data().result).toBeTruthy());
    expect(page.text()).toContain('邀请「网格员 · ');
    const qr = page.within('.invite-qr');
    await waitFor(() => expect(qr.data().status).toBe('ready'));
    expect(qr.data().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

    await page.tap('.invite-again');
    expect(page.data().result).toBeNull();
    page.detach();
  });

  it('lets an admin invite any role, bound to the right level', async () => {
    actAs('demo-street-admin');
    const page = openPage(PAGES.invite, { orgId: (await demoOrg(ZXQ.slice(0, 3))).id });
    await waitFor(() => expect(page.data().status).toBe('ready'));
    expect((page.data().roles as { value: string }[]).map((r) => r.value)).toEqual(['grid_worker', 'staff', 'admin']);
    // 关上街道 has no grids of its own: there is nothing to bind a grid worker to here.
    expect(page.text()).toContain('这里还没有网格');

    await page.call('pickRole', { currentTarget: { dataset: { value: 'staff' } } });
    expect((page.data().targets as { name: string }[]).map((t) => t.name)).toEqual(['关上街道', '中心区社区']);
    page.detach();
  });

  it('lists grants for an admin and revokes one after confirmation', async () => {
    const grid = (await demoOrg([...ZXQ, '第二网格（关上北路片区）'])).id;
    const invite = await callAs('demo-street-admin', 'users', 'createInvite', { role: 'grid_worker', orgId: grid });
    await callAs('test-new-worker', 'users', 'updateProfile', { name: '古丽' });
    await callAs('test-new-worker', 'users', 'redeemInvite', { code: invite.code });

    actAs('demo-street-admin');
    const page = openPage(PAGES.grants, { orgId: (await demoOrg(ZXQ.slice(0, 3))).id });
    await page.shown;
    expect(page.text()).toContain('关上街道 及下级组织的成员');
    expect(page.text()).toContain('罗晓芸');
    expect(page.text()).toContain('李晓芬');
    expect(page.text()).toContain('古丽');

    const index = (page.data().items as { name: string }[]).findIndex((g) => g.name === '古丽');
    await page.call('askRevoke', { currentTarget: { dataset: { index } } });
    const asked = wxMock('showModal').mock.calls[0][0] as { title: string; content: string };
    expect(asked.content).toContain('撤销后，古丽将不再是「网格员 · 第二网格（关上北路片区）」');
    expect(toasts()).toContain('已撤销');
    expect(page.comp.querySelectorAll('.grant').map((g) => g.dom?.textContent ?? '')).not.toContainEqual(
      expect.stringContaining('古丽'),
    );
    const me = await callAs('test-new-worker', 'users', 'me', {});
    expect(me.roles).toEqual([]);
    page.detach();
  });

  it('shows staff who are not admins an error with a retry instead of the grants', async () => {
    actAs('demo-staff');
    const page = openPage(PAGES.grants, { orgId: (await demoOrg(ZXQ)).id });
    await page.shown;
    expect(page.data().status).toBe('error');
    expect(page.has('.grants-error')).toBe(true);
    expect(wxMock('showToast').mock.calls).toHaveLength(0);
    page.detach();
  });
});

import { beforeEach, describe, expect, it } from '@jest/globals';
import { actAs, callAs, openPage, toasts, useClosedPort, useLocalCloud, waitFor, wxMock } from './helpers';

/** An org of the demo data by its path of names. */
async function orgId(path: string[]): Promise<string> {
  let items = (await callAs('demo-admin', 'orgs', 'roots', {})).items;
  for (let i = 0; ; i++) {
    const found = items.find((o) => o.name === path[i]);
    if (!found) throw new Error(`no demo org ${path[i]}`);
    if (i === path.length - 1) return found.id;
    items = (await callAs('demo-admin', 'orgs', 'children', { id: found.id })).items;
  }
}

const ZXQ = ['昆明市', '官渡区', '关上街道', '中心区社区'];
/** A demo community with no events: the empty state of the 活动 tab. */
const YKL = ['昆明市', '西山区', '永昌街道', '益康路社区'];

async function actInQuietCommunity(): Promise<void> {
  actAs('quiet-resident');
  await callAs('quiet-resident', 'users', 'setHome', { orgId: await orgId(YKL) });
}

beforeEach(() => {
  useLocalCloud();
});

describe('活动', () => {
  it('shows a proper empty state for the user’s community, with a way back home', async () => {
    await actInQuietCommunity();
    const page = openPage('pages/events/index');
    expect(page.text()).toContain('正在加载活动');
    await page.shown;
    expect(page.text()).toContain('益康路社区');
    expect(page.text()).toContain('暂无活动');
    expect(page.text()).toContain('下拉可以刷新');
    await page.tap('.events-home');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' });

    await page.call('onPullDownRefresh');
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
    page.detach();
  });

  it('shows an error with a retry', async () => {
    await actInQuietCommunity();
    useClosedPort();
    const page = openPage('pages/events/index');
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
    const page = openPage('pages/switch-community/index');
    await waitFor(() => expect(page.data().status).toBe('ready'));
    expect(page.text()).toContain('昆明市');
    expect(page.text()).toContain('成都市');

    for (const name of ZXQ) {
      const index = (page.data().items as { name: string }[]).findIndex((i) => i.name === name);
      await page.call('openItem', { currentTarget: { dataset: { index } } });
    }
    expect(page.text()).toContain('全部地区/昆明市/官渡区/关上街道/中心区社区');
    expect(page.text()).toContain('选择「中心区社区」');
    expect(page.text()).toContain('第四网格（民航路片区）');

    const grid = (page.data().items as { name: string }[]).findIndex((i) => i.name === '第四网格（民航路片区）');
    await page.call('openItem', { currentTarget: { dataset: { index: grid } } });
    expect(toasts()).toContain('已切换到第四网格（民航路片区）');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' });
    const me = await callAs('test-browser', 'users', 'me', {});
    expect(me.home).toMatchObject({ communityName: '中心区社区', gridName: '第四网格（民航路片区）' });
    page.detach();
  });

  it('opens at an org given by ?orgId=, and a community without grids can be chosen as it is', async () => {
    actAs('test-browser-2');
    const street = await orgId(['昆明市', '西山区', '永昌街道']);
    const page = openPage('pages/switch-community/index', { orgId: street });
    await waitFor(() => expect(page.data().status).toBe('ready'));
    expect(page.text()).toContain('全部地区/昆明市/西山区/永昌街道');
    expect(page.text()).toContain('益康路社区');

    const index = (page.data().items as { name: string }[]).findIndex((i) => i.name === '益康路社区');
    await page.call('openItem', { currentTarget: { dataset: { index } } });
    expect(page.textOf('.switch-empty')).toContain('这里还没有下级组织');
    expect(page.textOf('.switch-empty')).toContain('可以直接选择这个社区');

    await page.tap('.switch-choose-current');
    await waitFor(() => expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' }));
    expect((await callAs('test-browser-2', 'users', 'me', {})).home?.communityName).toBe('益康路社区');

    // Back up the trail.
    await page.call('goUp', { currentTarget: { dataset: { index: 0 } } });
    expect(page.text()).toContain('西山区');
    expect(page.text()).not.toContain('益康路社区');
    page.detach();
  });
});

describe('我的网格 (grid workers)', () => {
  it('shows the worker’s grid with its QR code', async () => {
    actAs('demo-grid-worker');
    const page = openPage('package-grid/pages/index/index');
    await page.shown;
    expect(page.text()).toContain('第一网格（金色年华小区）');
    await waitFor(() => expect((page.data().grids as { qrStatus: string }[])[0].qrStatus).toBe('ready'));
    const url = (page.data().grids as { qrUrl: string }[])[0].qrUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(page.comp.dom?.innerHTML).toContain('grid-card__image');
    page.detach();
  });

  it('tells a resident how to become a grid worker', async () => {
    actAs('demo-resident');
    const page = openPage('package-grid/pages/index/index');
    await page.shown;
    expect(page.text()).toContain('你还不是网格员');
    await page.tap('.grid-empty', '.state__button');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/me/index' });
    page.detach();
  });
});

describe('社区管理 (staff and admins)', () => {
  it('lists the orgs of a staff member (invites only) and of an admin (invites and grants)', async () => {
    actAs('demo-staff');
    const staff = openPage('package-staff/pages/index/index');
    await staff.shown;
    expect(staff.text()).toContain('中心区社区');
    expect(staff.text()).toContain('可以邀请网格员');
    expect(staff.has('.staff-grants')).toBe(false);
    staff.detach();

    actAs('demo-street-admin');
    const admin = openPage('package-staff/pages/index/index');
    await admin.shown;
    expect(admin.text()).toContain('关上街道');
    expect(admin.has('.staff-grants')).toBe(true);
    admin.detach();

    actAs('demo-resident');
    const resident = openPage('package-staff/pages/index/index');
    await resident.shown;
    expect(resident.text()).toContain('你还没有社区工作人员或管理员身份');
    resident.detach();
  });

  it('lets staff invite only grid workers, to a grid, and shows the invite’s code', async () => {
    actAs('demo-staff');
    const page = openPage('package-staff/pages/invite/index', { orgId: await orgId(ZXQ) });
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
    expect((page.data().result as { qrUrl: string }).qrUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

    await page.tap('.invite-again');
    expect(page.data().result).toBeNull();
    page.detach();
  });

  it('lets an admin invite any role, bound to the right level', async () => {
    actAs('demo-street-admin');
    const page = openPage('package-staff/pages/invite/index', { orgId: await orgId(ZXQ.slice(0, 3)) });
    await waitFor(() => expect(page.data().status).toBe('ready'));
    expect((page.data().roles as { value: string }[]).map((r) => r.value)).toEqual(['grid_worker', 'staff', 'admin']);
    // 关上街道 has no grids of its own: there is nothing to bind a grid worker to here.
    expect(page.text()).toContain('这里还没有网格');

    await page.call('pickRole', { currentTarget: { dataset: { value: 'staff' } } });
    expect((page.data().targets as { name: string }[]).map((t) => t.name)).toEqual(['关上街道', '中心区社区']);
    page.detach();
  });

  it('lists grants for an admin and revokes one after confirmation', async () => {
    const grid = await orgId([...ZXQ, '第二网格（关上北路片区）']);
    const invite = await callAs('demo-street-admin', 'users', 'createInvite', { role: 'grid_worker', orgId: grid });
    await callAs('test-new-worker', 'users', 'updateProfile', { name: '古丽' });
    await callAs('test-new-worker', 'users', 'redeemInvite', { code: invite.code });

    actAs('demo-street-admin');
    const page = openPage('package-staff/pages/grants/index', { orgId: await orgId(ZXQ.slice(0, 3)) });
    await page.shown;
    expect(page.text()).toContain('关上街道 及下级组织的成员');
    expect(page.text()).toContain('张慧');
    expect(page.text()).toContain('李春燕');
    expect(page.text()).toContain('古丽');

    const index = (page.data().items as { name: string }[]).findIndex((g) => g.name === '古丽');
    await page.call('askRevoke', { currentTarget: { dataset: { index } } });
    expect(page.text()).toContain('撤销后，古丽将不再是「网格员 · 第二网格（关上北路片区）」');
    await page.call('revoke');
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
    const page = openPage('package-staff/pages/grants/index', { orgId: await orgId(ZXQ) });
    await page.shown;
    expect(page.data().status).toBe('error');
    expect(page.has('.grants-error')).toBe(true);
    expect(wxMock('showToast').mock.calls).toHaveLength(0);
    page.detach();
  });
});

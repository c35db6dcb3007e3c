import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PAGES, ROUTES } from '../shared/routes';
import { validated } from '../utils/validate';
import { requestsSchemas } from '../shared/schemas/requests';
import {
  actAs,
  callAs,
  change,
  demoOrg,
  openLoaded,
  openPage,
  renderComponent,
  toasts,
  useClosedPort,
  useLocalCloud,
  waitFor,
} from './helpers';

/**
 * The shared pieces every page is built from, each through a real page or component: the paged list (behaviors/
 * paged-list.ts), the dialogs' promise API (components/reason-dialog, transfer-dialog), the session's `me`
 * (services/session.ts) and the large-font mode following WeChat's own font size.
 */

const ZXQ = ['昆明市', '官渡区', '关上街道', '中心区社区'];
const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toISOString();

let seq = 0;

/** A resident of 中心区社区 signed up for `count` trainings. */
async function residentWithSignups(count: number): Promise<string> {
  const openid = `test-blocks-${++seq}`;
  const orgId = (await demoOrg(ZXQ)).id;
  await callAs(openid, 'users', 'setHome', { orgId });
  for (let i = 0; i < count; i++) {
    const { id } = await callAs('demo-staff', 'events', 'create', {
      orgId,
      type: 'training',
      title: `国家通用语言培训 第 ${i + 1} 期`,
      location: { name: '中心区社区活动室' },
      startAt: inDays(10 + i),
      capacity: 30,
      dishRequired: false,
    });
    await callAs(openid, 'events', 'signup', {
      eventId: id,
      partySize: 1,
      contactName: '阿依古丽',
      contactPhone: '13812345678',
    });
  }
  return openid;
}

beforeEach(() => useLocalCloud());

describe('the paged list (我的报名)', () => {
  it('shows the empty state with its way forward', async () => {
    actAs(await residentWithSignups(0));
    const page = await openLoaded(PAGES.mySignups);
    expect(page.data()).toMatchObject({ status: 'ready', items: [], nextCursor: null });
    expect(page.textOf('.mine-empty')).toContain('你还没有报名过活动');
    await page.tap('.mine-empty', '.state__button');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: ROUTES.events() });
    page.detach();
  });

  it('shows an error with 重试, which loads the list', async () => {
    actAs(await residentWithSignups(1));
    useClosedPort();
    const page = await openLoaded(PAGES.mySignups);
    expect(page.data().status).toBe('error');
    expect(page.textOf('.mine-error')).toContain('连不上本地云服务');
    useLocalCloud();
    await page.tap('.mine-error', '.state__button');
    await waitFor(() => expect(page.data().status).toBe('ready'));
    expect(page.comp.querySelectorAll('.mine-item')).toHaveLength(1);
    page.detach();
  });

  it('loads the next page at the bottom; a failed one is told and can be tried again; a pull starts over', async () => {
    actAs(await residentWithSignups(21));
    const page = await openLoaded(PAGES.mySignups);
    expect(page.comp.querySelectorAll('.mine-item')).toHaveLength(20);
    expect(page.has('.mine-more')).toBe(true);

    useClosedPort();
    await page.call('onReachBottom');
    expect(toasts()).toContain('连不上本地云服务，请确认已运行 npm start 后重试');
    expect(page.data()).toMatchObject({ status: 'ready', loadingMore: false });
    expect(page.data().nextCursor).toBeTruthy();
    expect(page.comp.querySelectorAll('.mine-item')).toHaveLength(20);

    useLocalCloud();
    await page.tap('.mine-more');
    await waitFor(() => expect(page.comp.querySelectorAll('.mine-item')).toHaveLength(21));
    expect(page.data().nextCursor).toBeNull();
    expect(page.text()).toContain('没有更多了');
    const ids = (page.data().items as { signupId: string }[]).map((i) => i.signupId);
    expect(new Set(ids).size).toBe(21);

    await page.call('onPullDownRefresh');
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
    expect(page.comp.querySelectorAll('.mine-item')).toHaveLength(20);
    expect(page.data().status).toBe('ready');
    page.detach();
  });
});

describe('the dialogs’ promise API', () => {
  it('reason-dialog: a refusal stays in the dialog, a result closes it and resolves, closing resolves nothing', async () => {
    const dialog = renderComponent('components/reason-dialog/index');
    const submitted: string[] = [];
    const done = dialog.call('open', {
      title: '办结',
      confirmText: '办结',
      multiline: true,
      field: 'resolution',
      submit: async (text: string) => {
        submitted.push(text);
        return validated(requestsSchemas.resolve, { id: 'r1', resolution: text }).resolution;
      },
    });
    expect(dialog.data()).toMatchObject({ visible: true, title: '办结' });

    await dialog.call('submit');
    expect(dialog.textOf('.reason-error')).toBe('不能为空');
    expect(dialog.data().visible).toBe(true);

    await dialog.call('onInput', change('已联系就业服务站'));
    expect(dialog.has('.reason-error')).toBe(false);
    await dialog.call('submit');
    await expect(done).resolves.toBe('已联系就业服务站');
    expect(dialog.data().visible).toBe(false);
    expect(submitted).toEqual(['', '已联系就业服务站']);

    const closed = dialog.call('open', { title: '查看', confirmText: '查看', submit: async () => 'x' });
    await dialog.call('onVisibleChange', { detail: { visible: false } });
    await expect(closed).resolves.toBeUndefined();
    dialog.detach();
  });

  it('reason-dialog: `show` keeps the result on screen with a call button; undefined keeps it open', async () => {
    const dialog = renderComponent('components/reason-dialog/index');
    let backOut = true;
    const done = dialog.call('open', {
      title: '查看完整电话',
      confirmText: '查看',
      submit: async () => (backOut ? undefined : '13812345678'),
      show: (phone: string) => ({ text: phone, phone }),
    });
    await dialog.call('submit');
    expect(dialog.data()).toMatchObject({ visible: true, shown: '' });

    backOut = false;
    await dialog.call('submit');
    await expect(done).resolves.toBe('13812345678');
    expect(dialog.data().visible).toBe(true);
    expect(dialog.textOf('.reason-result')).toBe('13812345678');
    await dialog.tap('.reason-call');
    expect(wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13812345678' });
    dialog.detach();
  });

  it('transfer-dialog: asks for a target first, only a grid when `gridOnly`, then puts the label before the reason’s message', async () => {
    const dialog = renderComponent('components/transfer-dialog/index');
    const done = dialog.call('open', {
      title: '转到其他网格',
      gridOnly: true,
      chooseText: '请在下方选择转入的网格',
      placeholder: '原因',
      confirmText: '转移',
      submit: async (target: { id: string }, reason: string) =>
        validated(requestsSchemas.transfer, { id: 'r1', toOrgId: target.id, reason }),
    });
    await dialog.call('submit');
    expect(dialog.textOf('.transfer-error')).toBe('请在下方选择转入的网格');
    await dialog.call('onSelect', { detail: { id: 'c1', name: '中心区社区', level: 'community' } });
    expect(dialog.textOf('.transfer-error')).toBe('请选到网格一级');
    await dialog.call('onSelect', { detail: { id: 'g1', name: '第一网格', level: 'grid' } });
    expect(dialog.textOf('.transfer-target')).toContain('第一网格');
    await dialog.call('submit');
    expect(dialog.textOf('.transfer-error')).toBe('原因不能为空');
    await dialog.call('onReason', change('全家搬走'));
    await dialog.call('submit');
    await expect(done).resolves.toMatchObject({ toOrgId: 'g1', reason: '全家搬走' });
    dialog.detach();
  });
});

describe('the session’s me', () => {
  /** users.me calls that reached the local cloud so far. */
  function meCalls(spy: { mock: { calls: unknown[][] } }): number {
    return spy.mock.calls.filter((c) => {
      const opts = c[0] as { url: string; data?: { action?: string } };
      return opts.url.endsWith('/fn/users') && opts.data?.action === 'me';
    }).length;
  }

  it('is fetched once for the pages, again on pull-to-refresh on 我的, after a change and for another persona', async () => {
    const spy = jest.spyOn(wx, 'request');
    try {
      actAs(await residentWithSignups(0));
      const events = await openLoaded(PAGES.events);
      const form = await openLoaded(PAGES.requestNew);
      const me = await openLoaded(PAGES.me);
      expect(meCalls(spy)).toBe(1);

      await me.call('onPullDownRefresh');
      expect(meCalls(spy)).toBe(2);

      // Saving the profile changes it: the page shows the new name at once.
      await me.call('editProfile');
      await waitFor(() => expect((me.data().form as { visible: boolean }).visible).toBe(true));
      await me.call('onNameChange', change('古丽娜'));
      await me.call('saveProfile');
      expect(meCalls(spy)).toBe(3);
      expect(me.text()).toContain('古丽娜');

      actAs('demo-staff');
      await events.call('onShow');
      expect(events.data().manages).toBe(true);
      expect(meCalls(spy)).toBe(4);
      for (const page of [events, form, me]) page.detach();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('large fonts follow WeChat’s own font size', () => {
  it('turns large-font mode on when WeChat’s font is set large, whatever the switch says', async () => {
    const base = wx.getAppBaseInfo;
    (wx as unknown as { getAppBaseInfo: () => unknown }).getAppBaseInfo = () => ({
      ...base(),
      fontSizeScaleFactor: 1.3,
    });
    try {
      actAs('demo-resident');
      const me = openPage(PAGES.me);
      await me.shown;
      expect(me.data()).toMatchObject({ largeFont: true, largeFontSwitch: false, systemFontLarge: true });
      expect(me.comp.dom?.innerHTML).toContain('page--large');
      expect(me.textOf('.me-large-font')).toContain('微信字体已调大');
      me.detach();
    } finally {
      (wx as unknown as { getAppBaseInfo: unknown }).getAppBaseInfo = base;
    }
    const home = openPage(PAGES.home);
    await home.shown;
    expect(home.data().largeFont).toBe(false);
    home.detach();
  });

  it('follows WeChat’s 关怀模式 (23.8 px) on any page, and the page catches up when shown again after a change', async () => {
    const base = wx.getAppBaseInfo;
    const setting = { fontSizeSetting: 23.8 };
    (wx as unknown as { getAppBaseInfo: () => unknown }).getAppBaseInfo = () => ({ ...base(), ...setting });
    try {
      actAs('demo-resident');
      const events = openPage(PAGES.events);
      await events.shown;
      expect(events.data().largeFont).toBe(true);
      expect(events.comp.dom?.innerHTML).toContain('page--large');

      // Back to the standard size in WeChat's settings, then back in the app: the page follows.
      setting.fontSizeSetting = 17;
      await events.call('onShow');
      expect(events.data().largeFont).toBe(false);
      expect(events.comp.dom?.innerHTML).not.toContain('page--large');
      events.detach();
    } finally {
      (wx as unknown as { getAppBaseInfo: unknown }).getAppBaseInfo = base;
    }
  });
});

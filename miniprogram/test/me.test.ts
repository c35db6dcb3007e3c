import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  actAs,
  callAs,
  demoOrg,
  mockScanOnce,
  openPage,
  toasts,
  useClosedPort,
  useCloudMode,
  useLocalCloud,
  waitFor,
  wxMock,
} from './helpers';
import { PAGES, ROUTES } from '../shared/routes';

const ME = PAGES.me;

describe('我的', () => {
  beforeEach(() => {
    useLocalCloud();
  });

  it('shows a staff member’s name, roles and community, after a loading state', async () => {
    actAs('demo-staff');
    const page = openPage(ME);
    expect(page.text()).toContain('正在加载');
    await page.shown;
    expect(page.data().status).toBe('ready');
    const text = page.text();
    expect(text).toContain('罗晓芸');
    expect(text).toContain('未填写手机号');
    expect(page.textOf('.me-roles')).toContain('社区工作人员 · 中心区社区');
    expect(page.textOf('.me-community')).toContain('中心区社区');
    // Local mode: the persona switcher names who we act as.
    expect(page.textOf('.me-persona')).toContain('社区工作人员 · 罗晓芸');

    await page.tap('.me-role');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: ROUTES.staffWorkbench() });
    page.detach();
  });

  it('shows no roles for a resident', async () => {
    actAs('demo-resident');
    const page = openPage(ME);
    await page.shown;
    expect(page.text()).toContain('马秀芳');
    expect(page.has('.me-roles')).toBe(false);
    expect(page.text()).not.toContain('我的身份');
    expect(page.text()).not.toContain('社区工作人员 ·');
    page.detach();
  });

  it('in cloud mode calls wx.cloud as the WeChat user and offers no persona switcher', async () => {
    useCloudMode('demo-grid-worker');
    const page = openPage(ME);
    await page.shown;
    expect(page.text()).toContain('李晓芬');
    expect(page.textOf('.me-roles')).toContain('网格员 · 第一网格（金色年华小区）');
    expect(page.has('.me-persona')).toBe(false);
    expect(page.text()).not.toContain('演示身份');
    expect(wx.cloud.callFunction).toHaveBeenCalledWith({ name: 'users', data: { action: 'me' } });
    page.detach();
  });

  it('shows an error with a retry when the cloud is unreachable', async () => {
    actAs('demo-resident');
    useClosedPort();
    const page = openPage(ME);
    await page.shown;
    expect(page.data().status).toBe('error');
    expect(page.textOf('.me-error')).toContain('连不上本地云服务');
    // The persona switcher stays reachable, so a broken persona is never a dead end.
    expect(page.has('.me-persona')).toBe(true);

    useLocalCloud();
    await page.tap('.me-error', '.state__button');
    await waitFor(() => expect(page.data().status).toBe('ready'));
    expect(page.text()).toContain('马秀芳');
    page.detach();
  });

  it('redeems a grid worker invite by scanning it, with the card residents will see, after the user confirms', async () => {
    const grid = (await demoOrg(['昆明市', '官渡区', '关上街道', '中心区社区', '第二网格（关上北路片区）'])).id;
    const invite = await callAs('demo-staff', 'users', 'createInvite', { role: 'grid_worker', orgId: grid });
    await callAs('test-invitee', 'users', 'updateProfile', { name: '和丽萍', phone: '13800139999' });

    actAs('test-invitee');
    const page = openPage(ME);
    await page.shown;
    expect(page.has('.me-roles')).toBe(false);

    mockScanOnce(PAGES.me, invite.scene);
    await page.call('scanInvite');
    expect(page.data().invite).toMatchObject({ visible: true, usable: true, asksCard: true });
    expect(page.text()).toContain('邀请你成为「网格员 · 第二网格（关上北路片区）」');
    expect(page.textOf('.me-invite-card')).toContain('居民将看到的网格员名片');
    // The name comes from the profile; the private phone (masked in me) is never copied: the worker types one.
    expect(page.data().invite).toMatchObject({ cardName: '和丽萍', cardPhone: '' });

    await page.call('confirmInvite');
    expect(page.data().invite).toMatchObject({ visible: true, cardErrors: { 'card.phone': expect.any(String) } });
    await page.call('onCardPhoneChange', { detail: { value: '0871-67100002' } });
    await page.call('confirmInvite');
    expect(toasts()).toContain('你已成为网格员');
    expect(page.data().invite).toMatchObject({ visible: false });
    expect(page.textOf('.me-roles')).toContain('网格员 · 第二网格（关上北路片区）');
    await callAs('test-g2-resident', 'users', 'setHome', { orgId: grid });
    expect((await callAs('test-g2-resident', 'orgs', 'home', {})).grid?.worker).toEqual({
      name: '和丽萍',
      phone: '0871-67100002',
    });

    // The same code again: the dialog says it is used and offers nothing to accept.
    mockScanOnce(PAGES.me, invite.scene);
    await page.call('scanInvite');
    expect(page.data().invite).toMatchObject({ visible: true, usable: false, title: '邀请码已被使用' });
    page.detach();
  });

  it('asks for privacy consent before the profile form, validates it with the shared schema and saves it', async () => {
    actAs('test-profile');
    const page = openPage(ME);
    await page.shown;

    // Consent refused: no form.
    wxMock('requirePrivacyAuthorize').mockImplementationOnce((opts: unknown) => {
      (opts as { fail: (e: unknown) => void }).fail({
        errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized',
      });
    });
    await page.call('editProfile');
    expect((page.data().form as { visible: boolean }).visible).toBe(false);
    expect(toasts()).toContain('同意隐私保护指引后才能填写资料');

    await page.call('editProfile');
    await waitFor(() => expect((page.data().form as { visible: boolean }).visible).toBe(true));
    await page.call('onNameChange', { detail: { value: '阿依古丽' } });
    await page.call('onPhoneChange', { detail: { value: '1380013' } });
    await page.call('saveProfile');
    expect(page.text()).toContain('请输入 11 位手机号');

    await page.call('onPhoneChange', { detail: { value: '13800135678' } });
    await page.call('saveProfile');
    expect((page.data().form as { visible: boolean }).visible).toBe(false);
    expect(page.text()).toContain('阿依古丽');
    expect(page.text()).toContain('138****5678');
    expect(page.text()).not.toContain('13800135678');
    page.detach();
  });

  it('answers WeChat’s privacy check with the user’s choice', async () => {
    actAs('demo-resident');
    const page = openPage(ME);
    await page.shown;
    const handler = wxMock('onNeedPrivacyAuthorization').mock.calls.slice(-1)[0]?.[0] as (
      resolve: (r: unknown) => void,
    ) => void;
    const answers: unknown[] = [];
    handler((r) => answers.push(r));
    await waitFor(() => expect(page.text()).toContain('隐私保护提示'));
    const popup = page.comp.querySelector('.privacy-popup');
    expect(popup).toBeDefined();
    (popup!.instance.onAgree as () => void).call(popup!.instance);
    expect(answers).toEqual([{ event: 'exposureAuthorization' }, { event: 'agree', buttonId: 'privacy-agree' }]);
    page.detach();
  });

  it('switches to large fonts for every page', async () => {
    actAs('demo-resident');
    const page = openPage(ME);
    await page.shown;
    expect(page.comp.dom?.innerHTML).not.toContain('page--large');
    await page.call('toggleLargeFont', { detail: { value: true } });
    expect(page.data().largeFont).toBe(true);
    expect(page.comp.dom?.innerHTML).toContain('page--large');

    const home = openPage(PAGES.home);
    await home.shown;
    expect(home.data().largeFont).toBe(true);
    expect(home.comp.dom?.innerHTML).toContain('page--large');
    home.detach();
    page.detach();
  });

  it('lets one act as another demo persona in local mode', async () => {
    actAs('demo-resident');
    const page = openPage(ME);
    await page.shown;
    await page.tap('.me-persona');
    const options = page.comp.querySelectorAll('.me-persona-option');
    expect(options).toHaveLength(6);
    expect(page.text()).toContain('网格员 · 李晓芬（中心区社区第一网格）');

    await page.call('choosePersona', { currentTarget: { dataset: { openid: 'demo-grid-worker' } } });
    expect(wx.getStorageSync('persona')).toBe('demo-grid-worker');
    expect(wx.reLaunch).toHaveBeenCalledWith({ url: ROUTES.home() });
    page.detach();
  });
});

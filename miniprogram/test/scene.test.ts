import { beforeEach, describe, expect, it } from '@jest/globals';
import { sceneFromOptions, sceneFromScan } from '../services/scene';
import { actAs, callAs, demoOrg, openPage, toasts, useCloudMode, useLocalCloud, waitFor } from './helpers';
import { PAGES, ROUTES } from '../shared/routes';

const HOME = PAGES.home;
const ME = PAGES.me;

/** WeChat launching the mini program from a scanned code of `page`. */
function launchFromCode(page: string, scene: string): void {
  const app = getApp<IAppOption>() as unknown as { onLaunch(o: unknown): void; onShow(o: unknown): void };
  const options = { path: page, query: { scene: encodeURIComponent(scene) }, scene: 1047, referrerInfo: {} };
  app.onLaunch(options);
  app.onShow(options);
}

const ZXQ = ['昆明市', '官渡区', '关上街道', '中心区社区'];
const AG = ['成都市', '四川天府新区', '华阳街道', '安公社区'];

describe('scanned codes', () => {
  beforeEach(async () => {
    useLocalCloud();
    actAs('demo-resident');
    await callAs('demo-resident', 'users', 'setHome', { orgId: (await demoOrg(ZXQ)).id });
  });

  it('a community code scanned at launch lands on the home page of that community, and it sticks', async () => {
    const { scene } = await demoOrg(AG);
    launchFromCode(PAGES.home, scene);
    const page = openPage(HOME, { scene });
    await page.shown;
    await waitFor(() => expect(page.data().status).toBe('ready'));

    expect(page.text()).toContain('安公社区');
    expect(page.text()).toContain('安公社区民族工作服务站');
    expect(page.text()).not.toContain('中心区社区政务服务大厅');
    expect(toasts()).toContain('已进入安公社区');
    expect(wx.switchTab).not.toHaveBeenCalled();
    // users.setHome made it the resident's home: it is there on the next start too.
    const me = await callAs('demo-resident', 'users', 'me', {});
    expect(me.home?.communityName).toBe('安公社区');

    // The same launch options arriving again (App.onShow on returning to the app) are not handled twice.
    await page.call('onShow');
    expect(toasts().filter((t) => t === '已进入安公社区')).toHaveLength(1);
    page.detach();
  });

  it('a grid code lands on its community’s home page with that grid’s worker', async () => {
    const { scene } = await demoOrg([...AG, '安公社区第一网格']);
    launchFromCode(PAGES.home, scene);
    const page = openPage(HOME);
    await page.shown;
    expect(page.text()).toContain('安公社区');
    expect(page.textOf('.home-worker')).toContain('泽仁拉姆');
    expect(page.textOf('.home-worker')).toContain('13908280001');
    page.detach();
  });

  it('a street code opens the community picker at that street', async () => {
    const street = await demoOrg(['昆明市', '西山区', '永昌街道']);
    launchFromCode(PAGES.home, street.scene);
    const page = openPage(HOME);
    await page.shown;
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: ROUTES.switchCommunity(street.id) });
    // The home community did not change.
    expect(page.text()).toContain('中心区社区');
    page.detach();
  });

  it('an invite code scanned at launch lands on 我的 with the confirmation', async () => {
    const grid = await demoOrg([...ZXQ, '第三网格（世纪城片区）']);
    const invite = await callAs('demo-staff', 'users', 'createInvite', { role: 'grid_worker', orgId: grid.id });
    actAs('test-scanned-invitee');

    // The code's page is 我的, but WeChat may open the home page first (e.g. a cold start from history).
    launchFromCode(PAGES.home, invite.scene);
    const home = openPage(HOME);
    await home.shown;
    expect(wx.switchTab).toHaveBeenCalledWith({ url: ROUTES.me() });

    const me = openPage(ME);
    await me.shown;
    expect(me.data().invite).toMatchObject({ visible: true, usable: true });
    expect(me.text()).toContain('邀请你成为「网格员 · 第三网格（世纪城片区）」');
    // A grid worker's invite first asks for the card residents will see (me.test.ts covers the form itself).
    await me.call('onCardNameChange', { detail: { value: '王建华' } });
    await me.call('onCardPhoneChange', { detail: { value: '0871-67100003' } });
    await me.call('confirmInvite');
    expect(me.textOf('.me-roles')).toContain('网格员 · 第三网格（世纪城片区）');
    home.detach();
    me.detach();
  });

  it('an unknown code is reported and the home page carries on', async () => {
    launchFromCode(PAGES.home, 'no-such-scene-token');
    const page = openPage(HOME);
    await page.shown;
    expect(toasts()).toContain('二维码无效或已更换');
    expect(page.text()).toContain('中心区社区');
    page.detach();
  });

  it('in cloud mode the app connects to CloudBase on launch and scenes resolve through wx.cloud', async () => {
    useCloudMode('demo-chengdu-staff');
    const { scene } = await demoOrg([...ZXQ, '第二网格（关上北路片区）']);
    launchFromCode(PAGES.home, scene);
    expect(wx.cloud.init).toHaveBeenCalledWith({ traceUser: true });
    const page = openPage(HOME);
    await page.shown;
    expect(page.textOf('.home-worker')).toContain('王建华');
    expect(wx.cloud.callFunction).toHaveBeenCalledWith({ name: 'qr', data: { action: 'resolve', scene } });
    page.detach();
  });

  it('reads scenes from launch options, page options and scan results', () => {
    expect(sceneFromOptions({ query: { scene: 'abc_DEF-1' } })).toBe('abc_DEF-1');
    expect(sceneFromOptions({ query: { scene: 'a%2Db' } })).toBe('a-b');
    expect(sceneFromOptions({ scene: 'tok' })).toBe('tok');
    // App launch options carry WeChat's numeric entry scene, which is not ours.
    expect(sceneFromOptions({ query: {}, scene: 1047 })).toBeUndefined();
    expect(sceneFromScan({ path: `${PAGES.me}?scene=xyz123` })).toBe('xyz123');
    expect(sceneFromScan({ result: 'https://example.invalid/?a=1&scene=q%2Dr' })).toBe('q-r');
    expect(sceneFromScan({ result: 'hello' })).toBeUndefined();
  });
});

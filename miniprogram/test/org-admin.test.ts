import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PAGES, ROUTES } from '../shared/routes';
import { actAs, callAs, change, demoOrg, lastUrl, openLoaded, toasts, useLocalCloud, waitFor, wxMock } from './helpers';
import { sleep } from './support/simulate';

const ZXQ = ['昆明市', '官渡区', '关上街道', '中心区社区'];
const STREET_ADMIN = 'demo-street-admin';
const STAFF = 'demo-staff';

const lastModal = () =>
  (wxMock('showModal').mock.calls.slice(-1)[0]?.[0] ?? {}) as { title?: string; content?: string };

/** Names typed into the page's name dialog (新建 / 重命名), submitted one after the other. */
async function nameDialog(page: Awaited<ReturnType<typeof openLoaded>>, names: string[]): Promise<string[]> {
  const dialog = page.within('.orgs-name-dialog');
  const errors: string[] = [];
  for (const name of names) {
    await dialog.call('onInput', change(name));
    await dialog.call('submit');
    await sleep(20);
    errors.push(String(dialog.data().error ?? ''));
  }
  return errors;
}

describe('组织架构', () => {
  beforeEach(() => useLocalCloud());

  it('a street admin browses a community, adds a grid, renames it, and is refused archiving it with the reason', async () => {
    actAs(STREET_ADMIN);
    const zxq = await demoOrg(ZXQ);
    const page = await openLoaded(PAGES.orgAdmin, { orgId: zxq.id });
    expect(page.data().status).toBe('ready');
    expect(page.textOf('.orgs-name')).toBe('中心区社区');
    expect(page.text()).toContain('第一网格（金色年华小区）');
    expect(page.text()).toContain('中心区社区政务服务大厅');
    expect(page.text()).toContain('周一至周五 9:00-12:00，14:00-17:30');
    for (const tool of ['.orgs-rename', '.orgs-archive', '.orgs-add', '.orgs-add-station', '.orgs-invite'])
      expect(page.has(tool)).toBe(true);
    expect(page.has('.orgs-move')).toBe(false); // only grids move

    // 新建网格: an empty name stays in the dialog with the schema's message; a good one lists the grid.
    const adding = page.call('addChild');
    const errors = await nameDialog(page, ['', '第九网格（测试小区）']);
    expect(errors[0]).toBe('不能为空');
    await adding;
    expect(toasts()).toContain('已新建');
    const grid = (page.data().children as { id: string; name: string }[]).find(
      (o) => o.name === '第九网格（测试小区）',
    );
    expect(grid).toBeDefined();

    // Down to the new grid: rename it (a sibling's name is refused by the cloud, in the dialog).
    await page.call('openChild', { currentTarget: { dataset: { id: grid!.id } } });
    expect(lastUrl('navigateTo')).toBe(ROUTES.orgAdmin(grid!.id));
    const gridPage = await openLoaded(PAGES.orgAdmin, { orgId: grid!.id });
    expect(gridPage.has('.orgs-move')).toBe(true);
    expect(gridPage.has('.orgs-import')).toBe(true);
    const renaming = gridPage.call('rename');
    const renameErrors = await nameDialog(gridPage, ['第一网格（金色年华小区）', '第九网格（春城花园）']);
    expect(renameErrors[0]).toContain('已有名为');
    await renaming;
    expect(gridPage.textOf('.orgs-name')).toBe('第九网格（春城花园）');

    // An open request under the grid: archiving is confirmed, then refused with the reason in plain words.
    await callAs('demo-resident', 'requests', 'create', {
      orgId: grid!.id,
      category: 'consult',
      description: '想咨询一下居住证怎么办',
    });
    await gridPage.call('archive');
    expect(wxMock('showModal').mock.calls.length).toBe(2);
    expect(lastModal().title).toBe('暂时不能归档：还有未办结的诉求');
    expect(lastModal().content).toContain('1 件未办结的诉求');
    expect(gridPage.textOf('.orgs-refusal')).toContain('还有未办结的诉求');
    expect(gridPage.has('.orgs-archived')).toBe(false);
    gridPage.detach();
    page.detach();
  });

  it('archives a grid with nothing open: it shows as archived and leaves its community’s list', async () => {
    actAs(STREET_ADMIN);
    const zxq = await demoOrg(ZXQ);
    const { id } = await callAs(STREET_ADMIN, 'orgs', 'create', {
      parentId: zxq.id,
      name: '待归档网格',
      level: 'grid',
    });
    const page = await openLoaded(PAGES.orgAdmin, { orgId: id });
    await page.call('archive');
    expect(lastModal().title).toBe('归档「待归档网格」？');
    await waitFor(() => page.has('.orgs-archived'));
    expect(page.has('.orgs-archive')).toBe(false);
    expect(page.has('.orgs-import')).toBe(false);
    const community = await openLoaded(PAGES.orgAdmin, { orgId: zxq.id });
    expect(community.text()).not.toContain('待归档网格');
    page.detach();
    community.detach();
  });

  it('staff see the tree but only the contact card, stations and invites; the top lists the cities', async () => {
    actAs(STAFF);
    const page = await openLoaded(PAGES.orgAdmin, { orgId: (await demoOrg(ZXQ)).id });
    for (const tool of ['.orgs-rename', '.orgs-archive', '.orgs-add', '.orgs-move']) expect(page.has(tool)).toBe(false);
    for (const tool of ['.orgs-edit-contact', '.orgs-add-station', '.orgs-invite']) expect(page.has(tool)).toBe(true);
    await page.tap('.orgs-edit-contact');
    expect(lastUrl('navigateTo')).toBe(ROUTES.orgContact((await demoOrg(ZXQ)).id));
    page.detach();

    actAs('demo-admin');
    const top = await openLoaded(PAGES.orgAdmin);
    expect(top.text()).toContain('昆明市');
    expect(top.text()).toContain('新建市');
    top.detach();
  });

  it('the contact card keeps hotline, address and office hours; a bad value shows under its field', async () => {
    actAs(STAFF);
    const zxq = await demoOrg(ZXQ);
    const page = await openLoaded(PAGES.orgContact, { orgId: zxq.id });
    expect((page.data().form as { hours: string }).hours).toBe('周一至周五 9:00-12:00，14:00-17:30');
    const field = (name: string, value: string) => ({ detail: { value }, currentTarget: { dataset: { field: name } } });
    await page.call('onField', field('phone', '电话号码'));
    await page.call('save');
    expect((page.data().errors as Record<string, string>)['contact.phone']).toBe('请输入手机号或座机号');
    await page.call('onField', field('phone', '0871-67100009'));
    await page.call('onField', field('hours', '每天 8:30-18:00'));
    await page.call('save');
    expect(toasts()).toContain('已保存');
    const org = await callAs('demo-resident', 'orgs', 'get', { id: zxq.id });
    expect(org.contact).toMatchObject({ phone: '0871-67100009', hours: '每天 8:30-18:00' });
    page.detach();
  });
});

describe('服务站点 编辑', () => {
  beforeEach(() => {
    useLocalCloud();
    actAs(STAFF);
  });

  /** The map picker (WeChat's own page) answers this place. */
  function pickOnMap(place: { name: string; address: string; latitude: number; longitude: number }) {
    const chooseLocation = jest.fn((opts: WechatMiniprogram.ChooseLocationOption) => {
      setTimeout(() => opts.success?.({ errMsg: 'chooseLocation:ok', ...place } as never), 0);
    });
    (wx as unknown as { chooseLocation: unknown }).chooseLocation = chooseLocation;
    return chooseLocation;
  }

  it('creates a station placed on the map, then edits it', async () => {
    const zxq = await demoOrg(ZXQ);
    const page = await openLoaded(PAGES.stationEdit, { orgId: zxq.id });
    expect(page.data().status).toBe('ready');
    expect(page.textOf('.station-type')).toContain('政务服务大厅');

    // Without a place the form asks for one, under the map cell.
    await page.call('save');
    expect(page.textOf('.station-error-place')).toBe('请在地图上选择位置');

    const picker = pickOnMap({
      name: '关上北路“一家亲”工作站',
      address: '昆明市官渡区关上北路 8 号',
      latitude: 25.0123,
      longitude: 102.7456,
    });
    await page.tap('.station-map');
    await sleep(20);
    expect(picker).toHaveBeenCalledTimes(1);
    expect(page.textOf('.station-map')).toContain('25.0123, 102.7456');
    expect((page.data().form as { address: string }).address).toBe('昆明市官渡区关上北路 8 号');

    await page.call('onTypeConfirm', { detail: { value: ['yijiaqin'] } });
    const field = (name: string, value: string) => ({ detail: { value }, currentTarget: { dataset: { field: name } } });
    await page.call('onField', field('hours', '每天 9:00-20:00'));
    await page.call('onField', field('phone', '0871-67100010'));
    await page.call('onServices', { detail: { value: ['employment', 'language'] } });
    await page.call('onGreenChannel', { detail: { value: false } });
    await page.call('save');
    expect(toasts()).toContain('已新增');

    const stations = await callAs('demo-resident', 'orgs', 'stations', { orgId: zxq.id, limit: 50 });
    const created = stations.items.find((s) => s.name === '关上北路“一家亲”工作站')!;
    expect(created).toMatchObject({
      type: 'yijiaqin',
      latitude: 25.0123,
      longitude: 102.7456,
      hours: '每天 9:00-20:00',
      services: ['employment', 'language'],
      greenChannel: false,
    });

    const edit = await openLoaded(PAGES.stationEdit, { orgId: zxq.id, id: created.id });
    expect(edit.textOf('.station-type')).toContain('一家亲');
    expect(edit.textOf('.station-save')).toBe('保存');
    pickOnMap({ name: '', address: '', latitude: 25.02, longitude: 102.75 });
    await edit.tap('.station-map');
    await sleep(20);
    await edit.call('onField', field('hours', '周一至周六 9:00-18:00'));
    await edit.call('save');
    const after = (await callAs('demo-resident', 'orgs', 'stations', { orgId: zxq.id, limit: 50 })).items.find(
      (s) => s.id === created.id,
    );
    expect(after).toMatchObject({ latitude: 25.02, longitude: 102.75, hours: '周一至周六 9:00-18:00' });
    // The address typed before stays: an empty one from the map does not overwrite it.
    expect(after!.address).toBe('昆明市官渡区关上北路 8 号');
    page.detach();
    edit.detach();
  });

  it('a resident sees no save button', async () => {
    actAs('demo-resident');
    const page = await openLoaded(PAGES.stationEdit, { orgId: (await demoOrg(ZXQ)).id });
    expect(page.data().status).toBe('error');
    expect(page.has('.station-save')).toBe(false);
    page.detach();
  });
});

describe('邀请成员 from 组织架构', () => {
  beforeEach(() => useLocalCloud());

  it('opens the invite page for the org, whose code goes out as an image to forward or save', async () => {
    actAs(STAFF);
    const zxq = await demoOrg(ZXQ);
    const orgs = await openLoaded(PAGES.orgAdmin, { orgId: zxq.id });
    await orgs.tap('.orgs-invite');
    expect(lastUrl('navigateTo')).toBe(ROUTES.invite(zxq.id));
    orgs.detach();

    const page = await openLoaded(PAGES.invite, { orgId: zxq.id });
    await page.tap('.invite-create');
    await waitFor(() => expect(page.data().result).toBeTruthy());
    const qr = page.within('.invite-qr');
    await waitFor(() => expect(qr.data().status).toBe('ready'));
    const stub = wx as unknown as Record<string, unknown>;
    const download = jest.fn((opts: WechatMiniprogram.DownloadFileOption) =>
      setTimeout(() => opts.success?.({ statusCode: 200, tempFilePath: 'wxfile://tmp/invite.png' } as never), 0),
    );
    const shareMenu = jest.fn();
    stub.downloadFile = download;
    stub.showShareImageMenu = shareMenu;
    await page.tap('.invite-share');
    await waitFor(() => expect(shareMenu).toHaveBeenCalled());
    expect((download.mock.calls[0][0] as { url: string }).url).toBe(qr.data().url);
    expect(shareMenu.mock.calls[0][0]).toMatchObject({ path: 'wxfile://tmp/invite.png' });
    page.detach();
  });
});

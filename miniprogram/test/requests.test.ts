import { beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { RequestView } from '../shared/api';
import {
  actAs,
  callAs,
  change,
  demoOrg,
  lastUrl,
  openLoaded,
  openPage,
  queryOf,
  tapOn,
  toasts,
  useClosedPort,
  useCloudMode,
  useLocalCloud,
  waitFor,
  wxMock,
} from './helpers';
import { PAGES, ROUTES } from '../shared/routes';

const HOME = PAGES.home;
const NEW = PAGES.requestNew;
const MINE = PAGES.myRequests;
const DETAIL = PAGES.requestDetail;
const QUEUE = PAGES.requestQueue;

const ZXQ = ['昆明市', '官渡区', '关上街道', '中心区社区'];
const G1 = [...ZXQ, '第一网格（金色年华小区）'];
const G2 = [...ZXQ, '第二网格（关上北路片区）'];
const AG = ['成都市', '四川天府新区', '华阳街道', '安公社区'];

/** A 1×1 PNG's first bytes: enough for the function's signature check. */
const PNG = Uint8Array.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000'.match(/../g)!, (h) =>
  parseInt(h, 16),
);

/** A new resident (own daily limit, own lists) living in `home`, with a name on the profile. */
async function resident(openid: string, home: string[], name = '阿依古丽'): Promise<string> {
  await callAs(openid, 'users', 'updateProfile', { name });
  await callAs(openid, 'users', 'setHome', { orgId: (await demoOrg(home)).id });
  return openid;
}

async function fileRequest(openid: string, grid: string[], description: string): Promise<RequestView> {
  return callAs(openid, 'requests', 'create', {
    orgId: (await demoOrg(grid)).id,
    category: 'medical',
    description,
    contactPhone: '13812345678',
  });
}

/** The last confirmation asked (wx.showModal; the test double confirms it). */
const lastModal = () =>
  (wxMock('showModal').mock.calls.slice(-1)[0]?.[0] ?? {}) as { title?: string; content?: string };

/** wx.getFileSystemManager().readFile gives the PNG's bytes for any chosen path. */
function fakeFiles(): void {
  (wx as unknown as { getFileSystemManager: () => unknown }).getFileSystemManager = () => ({
    readFile: (opts: { success: (r: { data: ArrayBuffer }) => void }) =>
      setTimeout(() => opts.success({ data: PNG.slice().buffer }), 0),
  });
}

describe('service requests: the resident', () => {
  beforeAll(fakeFiles);
  beforeEach(() => useLocalCloud());

  it('files from a home category: category preselected, contact prefilled; it shows in 我的诉求 under 待受理', async () => {
    const me = await resident('test-filer', ZXQ);
    actAs(me);
    const home = await openLoaded(HOME);
    await home.call('openCategory', tapOn({ value: 'employment' }));
    const url = lastUrl('navigateTo');
    expect(url).toBe(ROUTES.requestNew({ category: 'employment' }));
    home.detach();

    const form = await openLoaded(NEW, queryOf(url));
    expect(form.textOf('.new-category')).toContain('就业创业');
    expect(form.text()).toContain('提交至：中心区社区');
    expect(form.data().contactName).toBe('阿依古丽');
    await form.call('onDescriptionChange', change('刚到昆明，想找一份餐饮方面的工作，需要培训吗？'));
    expect(form.textOf('.new-counter')).toBe('23/1000');
    await form.call('onContactPhoneChange', change('13812345678'));
    await form.tap('.new-submit');
    await waitFor(() => expect(wx.redirectTo).toHaveBeenCalled());
    expect(wx.requirePrivacyAuthorize).toHaveBeenCalled();
    expect(toasts()).toContain('已提交');
    const detailUrl = lastUrl('redirectTo');
    expect(detailUrl).toMatch(/^\/pages\/requests\/detail\/index\?id=\w+&created=1$/);
    form.detach();

    const detail = await openLoaded(DETAIL, queryOf(detailUrl));
    expect(detail.textOf('.detail-status')).toBe('待受理');
    expect(detail.textOf('.detail-description')).toContain('餐饮方面的工作');
    expect(detail.text()).toContain('阿依古丽 · 138****5678');
    expect(detail.textOf('.detail-timeline')).toContain('提交诉求');
    expect(detail.has('.detail-accept')).toBe(false);
    expect(detail.has('.detail-withdraw')).toBe(true);
    detail.detach();

    const mine = await openLoaded(MINE);
    expect(mine.data().status).toBe('ready');
    expect(mine.textOf('.mine-tabs')).toContain('待受理 1');
    expect(mine.textOf('.mine-item')).toContain('就业创业');
    expect(mine.textOf('.mine-item')).toContain('待受理');
    await mine.call('onTabChange', change('accepted'));
    await waitFor(() => expect(mine.data().status).toBe('ready'));
    expect(mine.has('.mine-item')).toBe(false);
    expect(mine.text()).toContain('没有这个状态的诉求');
    await mine.call('onTabChange', change('submitted'));
    await waitFor(() => expect(mine.has('.mine-item')).toBe(true));
    await mine.tap('.mine-item');
    expect(lastUrl('navigateTo')).toBe(detailUrl.replace('&created=1', ''));
    mine.detach();
  });

  it('a double-tapped submit, and a submit again after success, create one request', async () => {
    const me = await resident('test-double-tap', ZXQ);
    actAs(me);
    const form = await openLoaded(NEW, { category: 'medical' });
    await form.call('onDescriptionChange', change('老人需要陪同去医院复诊，子女在外地'));
    await Promise.all([form.call('submit'), form.call('submit')]);
    await form.call('submit');
    // The second tap found the button busy; the third (after success) was answered with the same request.
    expect(wx.redirectTo).toHaveBeenCalledTimes(2);
    const mine = await callAs(me, 'requests', 'listMine', {});
    expect(mine.items).toHaveLength(1);
    const ids = wxMock('redirectTo').mock.calls.map((c) => queryOf((c[0] as { url: string }).url).id);
    expect(new Set(ids)).toEqual(new Set([mine.items[0].id]));
    form.detach();
  });

  it('shows field errors under the fields: from the shared schema and from the cloud', async () => {
    const me = await resident('test-field-errors', ZXQ);
    actAs(me);
    const form = await openLoaded(NEW);
    await form.call('submit');
    expect(form.textOf('.new-error-category')).toBe('请选择诉求类别');
    expect(form.textOf('.new-error-description')).toBe('不能为空');
    expect(toasts()).toContain('请按提示修改后再提交');

    await form.call('onCategoryConfirm', change(['legal_aid']));
    expect(form.textOf('.new-category')).toContain('法律援助');
    expect(form.has('.new-error-category')).toBe(false);
    await form.call('onDescriptionChange', change('字'.repeat(1001)));
    expect(form.textOf('.new-counter')).toBe('1001/1000');
    await form.call('onContactPhoneChange', change('1381234'));
    await form.call('submit');
    expect(form.textOf('.new-error-description')).toBe('不能超过 1000 个字');
    expect(form.textOf('.new-contact-phone')).toContain('请输入 11 位手机号');

    // A photo the cloud refuses (not in the caller's folder): its message lands under the photos.
    await form.call('onDescriptionChange', change('房东不退押金，想咨询法律援助'));
    await form.call('onContactPhoneChange', change(''));
    (form.comp.instance as unknown as { setData(d: unknown): void }).setData({
      photos: [
        {
          url: 'wxfile://tmp/x.png',
          name: 'x.png',
          type: 'image',
          status: 'done',
          percent: 100,
          fileID: 'cloud://local.bucket/requests/someone-else/x.png',
        },
      ],
    });
    await form.call('submit');
    expect(form.textOf('.new-error-images')).toBe('只能使用本人上传的图片');

    // Without privacy consent nothing is sent.
    await form.call('onPhotoRemove', { detail: { index: 0 } });
    wxMock('requirePrivacyAuthorize').mockImplementationOnce((opts: unknown) => {
      (opts as { fail: (e: unknown) => void }).fail({
        errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized',
      });
    });
    await form.call('submit');
    expect(toasts()).toContain('同意隐私保护指引后才能提交');
    expect((await callAs(me, 'requests', 'listMine', {})).items).toHaveLength(0);
    form.detach();
  });

  it('shows the list’s loading, empty (with a way to file one) and error states', async () => {
    actAs('test-no-requests');
    const mine = openPage(MINE);
    expect(mine.textOf('.mine-loading')).toContain('正在加载');
    await mine.shown;
    expect(mine.textOf('.mine-empty')).toContain('你还没有提交过诉求');
    await mine.tap('.mine-empty', '.state__button');
    expect(lastUrl('navigateTo')).toBe(ROUTES.requestNew());
    mine.detach();

    useClosedPort();
    const broken = await openLoaded(MINE);
    expect(broken.textOf('.mine-error')).toContain('连不上本地云服务');
    useLocalCloud();
    await broken.tap('.mine-error', '.state__button');
    await waitFor(() => expect(broken.has('.mine-empty')).toBe(true));
    broken.detach();
  });

  it('reaches the form for the home grid from 首页 (我要反映问题) and 我的诉求 from 我的', async () => {
    const me = await resident('test-grid-home', G1);
    actAs(me);
    const home = await openLoaded(HOME);
    await home.tap('.home-report');
    expect(lastUrl('navigateTo')).toBe(ROUTES.requestNew());
    home.detach();
    const form = await openLoaded(NEW);
    expect(form.text()).toContain('提交至：第一网格（金色年华小区）');
    expect(form.textOf('.new-category')).toContain('请选择');
    form.detach();

    // Someone without a home community is asked to choose one first.
    actAs('test-homeless');
    const lost = await openLoaded(NEW);
    expect(lost.data().status).toBe('nohome');
    await lost.tap('.new-nohome', '.state__button');
    expect(lastUrl('navigateTo')).toBe(ROUTES.switchCommunity());
    lost.detach();

    actAs(me);
    const profile = await openLoaded(PAGES.me);
    await profile.tap('.me-requests');
    expect(lastUrl('navigateTo')).toBe(ROUTES.myRequests());
    profile.detach();
  });

  it('withdraws a request after confirming, and it moves to 已撤回', async () => {
    const me = await resident('test-withdraw', G1);
    const request = await fileRequest(me, G1, '想咨询孩子转学需要哪些材料');
    actAs(me);
    const detail = await openLoaded(DETAIL, { id: request.id });
    await detail.tap('.detail-withdraw');
    expect(lastModal()).toMatchObject({ title: '撤回诉求' });
    expect(lastModal().content).toContain('撤回后工作人员将不再办理这件诉求');
    await waitFor(() => expect(detail.textOf('.detail-status')).toBe('已撤回'));
    expect(detail.has('.detail-withdraw')).toBe(false);
    expect(detail.textOf('.detail-timeline')).toContain('撤回');
    detail.detach();

    const mine = await openLoaded(MINE, { status: 'withdrawn' });
    expect(mine.textOf('.mine-tabs')).toContain('已撤回 1');
    expect(mine.textOf('.mine-item')).toContain('已撤回');
    mine.detach();
  });

  it('tells someone else’s request apart from a missing one only by saying it cannot be shown', async () => {
    const request = await fileRequest(await resident('test-private', G1), G1, '楼道灯坏了');
    actAs('test-nosy');
    const detail = await openLoaded(DETAIL, { id: request.id });
    expect(detail.data().status).toBe('notfound');
    expect(detail.text()).toContain('诉求不存在，或不在你的管辖范围内');
    await detail.tap('.detail-notfound', '.state__button');
    expect(wx.navigateBack).toHaveBeenCalled();
    detail.detach();
  });
});

describe('service requests: filed from a grid code and handled by its grid worker', () => {
  beforeAll(fakeFiles);
  beforeEach(() => useLocalCloud());

  it('grid code → form with that grid and a photo → its worker (not another grid’s) accepts, replies, resolves → the resident rates', async () => {
    const g1 = await demoOrg(G1);
    const me = await resident('test-scanner', ZXQ, '马丽');
    actAs(me);
    const form = await openLoaded(NEW, { scene: g1.scene });
    expect(form.text()).toContain('提交至：第一网格（金色年华小区）');
    await form.call('onCategoryConfirm', change(['employment']));
    await form.call('onDescriptionChange', change('想参加餐饮技能培训，什么时候开班？'));
    await form.call('onContactPhoneChange', change('13812345678'));
    await form.call('onPhotosAdd', { detail: { files: [{ url: 'wxfile://tmp/menu.png', name: 'menu.png' }] } });
    const [photo] = form.data().photos as { status: string; percent: number; fileID: string }[];
    expect(photo).toMatchObject({ status: 'done', percent: 100 });
    expect(photo.fileID).toMatch(new RegExp(`^cloud://.+/requests/${me}/[\\w-]+\\.png$`));
    await form.call('submit');
    const id = queryOf(lastUrl('redirectTo')).id;
    expect(id).toBeTruthy();
    form.detach();

    // Another grid's worker: an empty queue that says what to do.
    const invite = await callAs('demo-staff', 'users', 'createInvite', {
      role: 'grid_worker',
      orgId: (await demoOrg(G2)).id,
    });
    await callAs('test-g2-worker', 'users', 'redeemInvite', { code: invite.code });
    actAs('test-g2-worker');
    const other = await openLoaded(QUEUE);
    expect(other.textOf('.queue-empty')).toContain('暂无待受理诉求');
    expect(other.textOf('.queue-empty')).toContain('居民扫描网格二维码');
    expect(other.textOf('.queue-empty')).toContain('查看网格二维码');
    other.detach();

    // The grid's worker sees it first in 待受理.
    actAs('demo-grid-worker');
    const queue = await openLoaded(QUEUE);
    expect(queue.textOf('.queue-org')).toContain('第一网格（金色年华小区）（网格员）');
    expect(queue.textOf('.queue-tabs')).toMatch(/待受理 \d+/);
    expect(queue.textOf('.queue-item')).toContain('就业创业');
    await queue.call('onCategoryConfirm', change(['legal_aid']));
    await waitFor(() => expect(queue.data().status).toBe('ready'));
    expect(queue.textOf('.queue-empty')).toContain('没有符合筛选条件的诉求');
    await queue.call('onCategoryConfirm', change(['employment']));
    await waitFor(() => expect(queue.has('.queue-item')).toBe(true));
    await queue.tap('.queue-item');
    const detailUrl = lastUrl('navigateTo');
    expect(queryOf(detailUrl)).toEqual({ id, from: 'queue' });
    queue.detach();

    const detail = await openLoaded(DETAIL, queryOf(detailUrl));
    expect(detail.text()).toContain('马丽 · 138****5678');
    expect(detail.has('.detail-withdraw')).toBe(false);
    // Locally photos are placeholders (no signed URLs for the client).
    expect(detail.text()).toContain('图片');
    await detail.tap('.detail-accept');
    expect(lastModal()).toMatchObject({ title: '受理诉求' });
    await waitFor(() => expect(detail.textOf('.detail-status')).toBe('办理中'));
    expect(detail.textOf('.detail-assignee')).toContain('李晓芬（网格员）');
    expect(detail.has('.detail-accept')).toBe(false);

    await detail.call('onReplyChange', change('您好，社区下周二有餐饮技能培训，我帮您报名。'));
    await detail.tap('.detail-reply-send');
    await waitFor(() => expect(detail.textOf('.detail-thread')).toContain('我帮您报名'));
    expect(detail.textOf('.detail-thread')).toContain('我 ·');

    // The full phone only with a reason, then a call.
    await detail.tap('.detail-reveal');
    const reveal = detail.within('.detail-reveal-dialog');
    await reveal.call('submit');
    expect(reveal.textOf('.reason-error')).toContain('至少 2 个字');
    await reveal.call('onInput', change('电话确认培训时间'));
    await reveal.call('submit');
    expect(reveal.textOf('.reason-result')).toBe('13812345678');
    await reveal.tap('.reason-call');
    expect(wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13812345678' });
    await reveal.call('close');

    await detail.tap('.detail-resolve');
    const resolve = detail.within('.detail-resolve-dialog');
    await resolve.call('submit');
    expect(resolve.textOf('.reason-error')).toBe('不能为空');
    await resolve.call('onInput', change('已报名 12 月 10 日餐饮技能培训班'));
    await resolve.call('submit');
    expect(lastModal()).toMatchObject({ title: '确认办结' });
    await waitFor(() => expect(detail.textOf('.detail-status')).toBe('已办结'));
    expect(resolve.data().visible).toBe(false);
    expect(detail.textOf('.detail-resolution')).toContain('餐饮技能培训班');
    expect(detail.has('.detail-resolve')).toBe(false);
    detail.detach();

    // The resident rates it.
    actAs(me);
    const mine = await openLoaded(DETAIL, { id });
    expect(mine.textOf('.detail-thread')).toContain('李晓芬（网格员）');
    await mine.call('submitRating');
    expect(mine.textOf('.detail-rate-error')).toBe('请选择 1-5 星');
    await mine.call('onRateChange', change(5));
    await mine.call('onRateCommentChange', change('网格员很热心'));
    await mine.tap('.detail-rate-submit');
    await waitFor(() => expect(mine.textOf('.detail-status')).toBe('已评价'));
    expect(mine.textOf('.detail-rating')).toContain('网格员很热心');
    expect(mine.has('.detail-rate')).toBe(false);
    const timeline = mine.textOf('.detail-timeline');
    for (const step of ['提交诉求', '受理（首问负责）', '留言', '办结', '评价']) expect(timeline).toContain(step);
    expect(timeline).toContain('5 星');
    mine.detach();
  });

  it('a second accept is told someone was first, and the page shows who', async () => {
    const request = await fileRequest(await resident('test-race', G1), G1, '家里老人行动不便，想申请助残服务');
    actAs('demo-staff');
    const detail = await openLoaded(DETAIL, { id: request.id, from: 'queue' });
    await callAs('demo-grid-worker', 'requests', 'accept', { id: request.id });
    await detail.call('askAccept');
    await waitFor(() => expect(toasts()).toContain('该诉求已被他人受理'));
    await waitFor(() => expect(detail.textOf('.detail-status')).toBe('办理中'));
    expect(detail.textOf('.detail-assignee')).toContain('李晓芬');
    detail.detach();
  });

  it('shows exactly the actions of the server’s `can`: scope and state decide, not roles held elsewhere', async () => {
    // A grid worker of 第二网格 files to 第一网格 and opens it as if from a queue: their own request, out of their
    // scope, so no 受理 (the page used to offer it to anyone with a role), only 撤回 while it is open.
    const invite = await callAs('demo-staff', 'users', 'createInvite', {
      role: 'grid_worker',
      orgId: (await demoOrg(G2)).id,
    });
    await callAs('test-can-g2', 'users', 'redeemInvite', { code: invite.code });
    const request = await fileRequest(await resident('test-can-g2', ZXQ), G1, '小区门口路灯不亮');
    actAs('test-can-g2');
    const own = await openLoaded(DETAIL, { id: request.id, from: 'queue' });
    expect(own.data().can).toEqual(request.can);
    expect(own.has('.detail-accept')).toBe(false);
    expect(own.has('.detail-reveal')).toBe(false);
    expect(own.has('.detail-withdraw')).toBe(true);
    own.detach();

    // Staff of 中心区社区 (in scope): 受理, 办结, 转办 and the full phone, no 撤回.
    actAs('demo-staff');
    const staff = await openLoaded(DETAIL, { id: request.id });
    for (const action of ['.detail-accept', '.detail-resolve', '.detail-transfer', '.detail-reveal'])
      expect(staff.has(action)).toBe(true);
    expect(staff.has('.detail-withdraw')).toBe(false);
    await staff.call('askAccept');
    await waitFor(() => expect(staff.has('.detail-accept')).toBe(false));
    expect(staff.has('.detail-resolve')).toBe(true);
    staff.detach();

    // Once resolved the requester may rate it and no longer withdraw it.
    await callAs('demo-staff', 'requests', 'resolve', { id: request.id, resolution: '已报修，路灯已更换' });
    actAs('test-can-g2');
    const resolved = await openLoaded(DETAIL, { id: request.id });
    expect(resolved.has('.detail-withdraw')).toBe(false);
    expect(resolved.has('.detail-rate')).toBe(true);
    resolved.detach();
  });

  it('staff transfer a request to another city’s community, whose staff then take it', async () => {
    const request = await fileRequest(await resident('test-mover', G1), G1, '下月搬到成都，社保怎么转？');
    const ag = await demoOrg(AG);
    actAs('demo-staff');
    const detail = await openLoaded(DETAIL, { id: request.id, from: 'queue' });
    await detail.tap('.detail-transfer');
    const transfer = detail.within('.detail-transfer-dialog');
    await transfer.call('submit');
    expect(transfer.textOf('.transfer-error')).toBe('请选择转办的社区或网格');

    // The picker browses from the cities down.
    const picker = transfer.within('.transfer-picker');
    await waitFor(() => expect(picker.comp.querySelectorAll('.org-picker-item').length).toBeGreaterThan(1));
    expect(picker.text()).toContain('成都市');
    await transfer.call('onSelect', { detail: { id: ag.id, name: '安公社区', level: 'community' } });
    await transfer.call('submit');
    expect(transfer.textOf('.transfer-error')).toContain('转办原因不能为空');
    await transfer.call('onReason', change('居民下月搬到成都安公社区'));
    await transfer.call('submit');
    expect(lastModal()).toMatchObject({ title: '确认转办' });
    expect(lastModal().content).toContain('转至「安公社区」后');
    // Out of 中心区社区's scope now.
    await waitFor(() => expect(detail.data().status).toBe('notfound'));
    detail.detach();

    actAs('demo-chengdu-staff');
    const queue = await openLoaded(QUEUE);
    expect(queue.textOf('.queue-item')).toContain('下月搬到成都');
    await queue.tap('.queue-item');
    const theirs = await openLoaded(DETAIL, queryOf(lastUrl('navigateTo')));
    expect(theirs.textOf('.detail-timeline')).toContain(
      '从第一网格（金色年华小区）转至安公社区：居民下月搬到成都安公社区',
    );
    await theirs.call('askAccept');
    await waitFor(() => expect(theirs.textOf('.detail-status')).toBe('办理中'));
    expect(theirs.textOf('.detail-assignee')).toContain('泽仁拉姆');
    theirs.detach();
  });

  it('pages through a long queue as the list reaches the bottom', async () => {
    const grid = [...AG, '安公社区第一网格'];
    for (let r = 0; r < 5; r++) {
      const who = await resident(`test-many-${r}`, grid);
      for (let i = 0; i < 5; i++) await fileRequest(who, grid, `第 ${r}-${i} 件：想了解社区的就医服务`);
    }
    actAs('demo-chengdu-staff');
    const queue = await openLoaded(QUEUE, { status: 'submitted' });
    expect(queue.comp.querySelectorAll('.queue-item')).toHaveLength(20);
    expect(queue.has('.queue-more')).toBe(true);
    await queue.call('onReachBottom');
    const ids = (queue.data().items as { id: string }[]).map((i) => i.id);
    expect(ids.length).toBeGreaterThanOrEqual(25);
    expect(new Set(ids).size).toBe(ids.length);
    expect(queue.data().nextCursor).toBeNull();
    expect(queue.text()).toContain('没有更多了');
    queue.detach();
  });

  it('the queue tells a resident how to get a role, and shows an error with a retry', async () => {
    actAs('demo-resident');
    const page = await openLoaded(QUEUE);
    expect(page.data().status).toBe('norole');
    expect(page.text()).toContain('你还没有网格员或社区工作人员身份');
    page.detach();

    actAs('demo-grid-worker');
    useClosedPort();
    const broken = await openLoaded(QUEUE);
    expect(broken.textOf('.queue-error')).toContain('连不上本地云服务');
    useLocalCloud();
    await broken.tap('.queue-error', '.state__button');
    await waitFor(() => expect(broken.data().status).toBe('ready'));
    broken.detach();
  });

  it('in cloud mode uploads photos with wx.cloud.uploadFile into the user’s own folder, with progress', async () => {
    const openid = 'test-cloud-photos';
    await resident(openid, G1);
    useCloudMode(openid);
    const progress: number[] = [];
    const cloud = wx.cloud as unknown as { uploadFile?: unknown };
    cloud.uploadFile = jest.fn((opts: { cloudPath: string; success: (r: { fileID: string }) => void }) => {
      const listeners: ((r: { progress: number }) => void)[] = [];
      setTimeout(() => {
        for (const p of [30, 100]) listeners.forEach((l) => l({ progress: p }));
        opts.success({ fileID: `cloud://env.bucket/${opts.cloudPath}` });
      }, 0);
      return { onProgressUpdate: (l: (r: { progress: number }) => void) => listeners.push(l) };
    });
    const form = await openLoaded(NEW, { category: 'housing' });
    const record = (form.comp.instance as unknown as { updatePhoto: (u: string, p: { percent?: number }) => void })
      .updatePhoto;
    (form.comp.instance as unknown as { updatePhoto: typeof record }).updatePhoto = function (url, patch) {
      if (patch.percent !== undefined) progress.push(patch.percent);
      record.call(this, url, patch);
    };
    await form.call('onPhotosAdd', { detail: { files: [{ url: 'wxfile://tmp/room.jpg' }] } });
    expect((form.data().photos as { status: string }[])[0].status).toBe('done');
    expect(progress[0]).toBe(30);
    expect(progress[progress.length - 1]).toBe(100);
    const call = (cloud.uploadFile as jest.Mock).mock.calls[0][0] as { cloudPath: string; filePath: string };
    expect(call.cloudPath).toMatch(new RegExp(`^requests/${openid}/[\\w-]+\\.jpg$`));
    expect(call.filePath).toBe('wxfile://tmp/room.jpg');
    delete cloud.uploadFile;
    form.detach();
  });
});

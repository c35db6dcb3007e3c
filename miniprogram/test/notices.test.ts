import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { uploadImage } from '../services/images';
import { PAGES, ROUTES } from '../shared/routes';
import { actAs, callAs, change, demoOrg, lastUrl, openLoaded, queryOf, tapOn, useLocalCloud, waitFor } from './helpers';

const LIST = PAGES.noticeList;
const DETAIL = PAGES.noticeDetail;
const EDIT = PAGES.noticeEdit;
const ZXQ = ['昆明市', '官渡区', '关上街道', '中心区社区'];
const YXL = ['昆明市', '西山区', '永昌街道', '永兴路社区'];

/** A 1×1 PNG's first bytes: enough for the function's signature check. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

function fakeFiles(): void {
  (wx as unknown as { getFileSystemManager: () => unknown }).getFileSystemManager = () => ({
    readFile: (opts: { success: (r: { data: ArrayBuffer }) => void }) =>
      setTimeout(() => opts.success({ data: PNG.slice().buffer }), 0),
  });
}

let seq = 0;

/** A resident of `home` nobody has seen before. */
async function resident(home = ZXQ): Promise<string> {
  const openid = `test-reader-${++seq}`;
  await callAs(openid, 'users', 'setHome', { orgId: (await demoOrg(home)).id });
  return openid;
}

async function publish(fields: Record<string, unknown> = {}): Promise<string> {
  const { id } = await callAs('demo-staff', 'notices', 'create', {
    orgId: (await demoOrg(ZXQ)).id,
    kind: 'notice',
    title: `页面测试通知${++seq}`,
    body: [{ type: 'p', text: '请各位居民留意。' }],
    ...fields,
  } as never);
  return id;
}

describe('notices: staff publish', () => {
  beforeAll(fakeFiles);
  beforeEach(() => useLocalCloud());

  it('社区管理 → 通知公告 → 发布: plain lines become blocks, a photo is uploaded to the own folder, the notice opens', async () => {
    const zxq = (await demoOrg(ZXQ)).id;
    actAs('demo-staff');
    const bench = await openLoaded(PAGES.staffWorkbench);
    expect(bench.text()).toContain('通知公告');
    await bench.call('goNotices', tapOn({ index: 0 }));
    const listUrl = lastUrl('navigateTo');
    expect(listUrl).toBe(ROUTES.noticeList({ orgId: zxq, manage: true }));
    bench.detach();

    const list = await openLoaded(LIST, queryOf(listUrl));
    expect(list.has('.notices-publish')).toBe(true);
    await list.call('goPublish');
    expect(lastUrl('navigateTo')).toBe(ROUTES.noticeEdit({ orgId: zxq }));
    list.detach();

    const form = await openLoaded(EDIT, { orgId: zxq });
    expect(form.textOf('.edit-org')).toContain('中心区社区');
    // Refused before sending: a title over 60 characters, markup in the text.
    await form.call('onTitle', change('长'.repeat(61)));
    await form.call('onText', change('<script>alert(1)</script>'));
    await form.call('submit');
    expect(form.textOf('.edit-error-title')).toContain('60');
    expect(form.textOf('.edit-error-body')).toContain('HTML');

    await form.call('onKind', change('policy'));
    await form.call('onTitle', change('铸牢中华民族共同体意识 · 页面测试'));
    await form.call(
      'onText',
      change('# 四个与共\n- 休戚与共、荣辱与共\n**像石榴籽一样紧紧抱在一起**\n欢迎参加社区宣讲。'),
    );
    await form.call('onPinned', change(true));
    await form.call('onPhotosAdd', { detail: { files: [{ url: 'wxfile://tmp/banner.png', name: 'banner.png' }] } });
    const [photo] = form.data().photos as { status: string; fileID: string }[];
    expect(photo.status).toBe('done');
    expect(photo.fileID).toMatch(/\/notices\/demo-staff\/[\w-]+\.png$/);
    await form.call('submit');
    const detailUrl = lastUrl('redirectTo');
    const id = queryOf(detailUrl).id;
    expect(detailUrl).toBe(ROUTES.noticeDetail(id));
    form.detach();

    const saved = await callAs('demo-staff', 'notices', 'get', { id });
    expect(saved).toMatchObject({
      kind: 'policy',
      pinned: true,
      images: [photo.fileID],
      body: [
        { type: 'h', text: '四个与共' },
        { type: 'li', text: '休戚与共、荣辱与共' },
        { type: 'p', text: '像石榴籽一样紧紧抱在一起', bold: true },
        { type: 'p', text: '欢迎参加社区宣讲。' },
      ],
    });

    // Editing keeps the photo and puts the text back as typed.
    const edit = await openLoaded(EDIT, { id });
    expect(edit.data().text).toBe('# 四个与共\n- 休戚与共、荣辱与共\n**像石榴籽一样紧紧抱在一起**\n欢迎参加社区宣讲。');
    await edit.call('onTitle', change('铸牢中华民族共同体意识 · 应知应会（修订）'));
    await edit.call('submit');
    edit.detach();
    const edited = await callAs('demo-resident', 'notices', 'get', { id });
    expect(edited).toMatchObject({ title: '铸牢中华民族共同体意识 · 应知应会（修订）', images: [photo.fileID] });
  });
});

describe('notices: residents list and read', () => {
  beforeEach(() => useLocalCloud());

  it('the list: the community’s and the street’s, pinned first, by kind tab; another community’s never', async () => {
    const pinned = await publish({ pinned: true, title: '置顶：社区停水通知' });
    const other = await callAs('demo-admin', 'notices', 'create', {
      orgId: (await demoOrg(YXL)).id,
      kind: 'notice',
      title: '永兴路社区的通知',
      body: [{ type: 'p', text: '别的社区。' }],
    });
    actAs(await resident());
    const list = await openLoaded(LIST);
    const items = list.data().items as { id: string; pinned: boolean; kind: string }[];
    expect(items[0].pinned).toBe(true);
    expect(items.map((n) => n.id)).toContain(pinned);
    expect(items.map((n) => n.id)).not.toContain(other.id);
    expect(list.text()).toContain('置顶');
    expect(list.text()).toContain('铸牢中华民族共同体意识 · 应知应会');

    await list.call('onTabChange', change('guide'));
    await waitFor(() => expect(list.data().status).toBe('ready'));
    const guides = list.data().items as { kind: string; title: string }[];
    expect(guides.length).toBeGreaterThan(0);
    expect(guides.every((n) => n.kind === 'guide')).toBe(true);
    expect(list.text()).toContain('新市民第一个月');
    await list.call('openItem', tapOn({ id: (list.data().items as { id: string }[])[0].id }));
    expect(lastUrl('navigateTo')).toMatch(/^\/package-notices\/detail\/index\?id=/);
    list.detach();
  });

  it('the detail renders blocks as text (never markup); staff in scope see the read count, residents do not', async () => {
    const id = await publish({
      title: '读者统计测试',
      body: [
        { type: 'h', text: '居住证' },
        { type: 'li', text: '带上身份证和租房合同' },
        { type: 'p', text: '收入 < 3000 元 & 人数 > 3 人', bold: true },
      ],
    });
    const reader = await resident();
    actAs(reader);
    const page = await openLoaded(DETAIL, { id });
    expect(page.textOf('.notice-title')).toBe('读者统计测试');
    expect(page.textOf('.notice-body')).toContain('居住证');
    expect(page.textOf('.notice-body')).toContain('带上身份证和租房合同');
    expect(page.textOf('.notice-body')).toContain('收入 < 3000 元 & 人数 > 3 人');
    expect(page.has('.notice-readers')).toBe(false);
    expect(page.has('.notice-edit')).toBe(false);
    page.detach();
    // Opening it again does not count twice.
    actAs(reader);
    (await openLoaded(DETAIL, { id })).detach();

    actAs('demo-staff');
    const staff = await openLoaded(DETAIL, { id });
    expect(staff.textOf('.notice-readers')).toContain('已有 2 人阅读');
    expect(staff.has('.notice-edit')).toBe(true);
    await staff.call('remove');
    staff.detach();
    actAs(reader);
    const gone = await openLoaded(DETAIL, { id });
    expect(gone.data().status).toBe('notfound');
    expect(gone.textOf('.notice-notfound')).toContain('已删除');
    gone.detach();
  });

  it('首页 shows the community’s pinned notice, 政策宣传 and the newcomer guide', async () => {
    const guide = (await callAs('demo-resident', 'notices', 'list', { kind: 'guide', limit: 1 })).items[0];
    actAs(await resident());
    const home = await openLoaded(PAGES.home);
    const outreach = home.within('.home-outreach');
    await waitFor(() => expect(outreach.has('.outreach-pinned')).toBe(true));
    expect(outreach.text()).toContain('置顶');
    expect(outreach.text()).toContain('政策宣传');
    expect(outreach.text()).toContain('新市民指南');
    await outreach.call('goPolicy');
    expect(lastUrl('navigateTo')).toBe(ROUTES.noticeList({ kind: 'policy' }));
    await outreach.call('goGuide');
    expect(lastUrl('navigateTo')).toBe(ROUTES.noticeDetail(guide.id));
    await outreach.call('openPinned');
    expect(lastUrl('navigateTo')).toMatch(/^\/package-notices\/detail\/index\?id=/);
    home.detach();
  });
});

describe('sharing', () => {
  beforeAll(fakeFiles);
  beforeEach(() => useLocalCloud());

  it('a notice or guide shares its title, first image and the sharer’s community; the card lands with that context', async () => {
    const zxq = (await demoOrg(ZXQ)).id;
    const guide = (await callAs('demo-resident', 'notices', 'list', { kind: 'guide', limit: 1 })).items[0];
    actAs('demo-resident');
    const page = await openLoaded(DETAIL, { id: guide.id });
    expect(await page.call('onShareAppMessage')).toEqual({
      title: `【办事指南】${guide.title}｜中心区社区`,
      path: `/${DETAIL}?id=${guide.id}&from=${zxq}`,
    });
    expect(await page.call('onShareTimeline')).toEqual({
      title: `【办事指南】${guide.title}｜中心区社区`,
      query: `id=${guide.id}&from=${zxq}`,
    });
    page.detach();

    // A notice with a photo shows it on the card.
    actAs('demo-staff');
    const cover = await uploadImage('notices', 'wxfile://tmp/cover.png', () => undefined);
    const withImage = await publish({ title: '带图的通知', images: [cover] });
    const imagePage = await openLoaded(DETAIL, { id: withImage });
    expect(await imagePage.call('onShareAppMessage')).toEqual({
      title: '【通知公告】带图的通知｜中心区社区',
      path: `/${DETAIL}?id=${withImage}&from=${zxq}`,
      imageUrl: cover,
    });
    imagePage.detach();

    // Someone in the group with no community yet opens the card: they land on it, in the sharer's community.
    const newcomer = `test-newcomer-${++seq}`;
    actAs(newcomer);
    const landed = await openLoaded(DETAIL, { id: guide.id, from: zxq });
    expect(landed.data().status).toBe('ready');
    expect((await callAs(newcomer, 'users', 'me', {})).home?.communityId).toBe(zxq);
    landed.detach();

    // Someone with a home keeps it.
    const elsewhere = await resident(YXL);
    actAs(elsewhere);
    (await openLoaded(DETAIL, { id: guide.id, from: zxq })).detach();
    expect((await callAs(elsewhere, 'users', 'me', {})).home?.communityName).toBe('永兴路社区');
  });

  it('the list shares its tab; a newcomer opening it sees the sharer’s community', async () => {
    const zxq = (await demoOrg(ZXQ)).id;
    actAs('demo-resident');
    const list = await openLoaded(LIST, { kind: 'policy' });
    expect(await list.call('onShareAppMessage')).toEqual({
      title: '社区政策宣传，一起来看看',
      path: `/${LIST}?kind=policy&from=${zxq}`,
    });
    expect(await list.call('onShareTimeline')).toEqual({
      title: '社区政策宣传，一起来看看',
      query: `kind=policy&from=${zxq}`,
    });
    list.detach();

    actAs(`test-newcomer-${++seq}`);
    const landed = await openLoaded(LIST, { kind: 'policy', from: zxq });
    expect(landed.data().status).toBe('ready');
    expect(landed.text()).toContain('铸牢中华民族共同体意识');
    landed.detach();
  });

  it('an event shares its title and host with the sharer’s community; its page has the review section', async () => {
    const zxq = (await demoOrg(ZXQ)).id;
    const event = (await callAs('demo-resident', 'events', 'list', {})).items[0];
    actAs('demo-resident');
    const page = await openLoaded(PAGES.eventDetail, { id: event.id });
    expect(await page.call('onShareAppMessage')).toEqual({
      title: `${event.title}｜${event.orgName}`,
      path: `/${PAGES.eventDetail}?id=${event.id}&from=${zxq}`,
    });
    expect(await page.call('onShareTimeline')).toEqual({
      title: `${event.title}｜${event.orgName}`,
      query: `id=${event.id}&from=${zxq}`,
    });
    // Not held yet: no review, and nothing to post.
    const review = page.within('.detail-review');
    await waitFor(() => expect(review.data().loaded).toBe(true));
    expect(review.has('.review-card')).toBe(false);
    expect(review.has('.review-write')).toBe(false);
    page.detach();

    actAs('demo-staff');
    const form = await openLoaded(PAGES.reviewEdit, { eventId: event.id });
    expect(form.textOf('.review-closed')).toContain('活动举办后');
    form.detach();
  });
});

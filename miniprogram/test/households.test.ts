import { beforeEach, describe, expect, it } from '@jest/globals';
import { openScene } from '../services/scene';
import { goToLanding } from '../utils/scene-routing';
import type { HouseholdListItem } from '../shared/api';
import { withCheckChar } from '../shared/idcard';
import {
  actAs,
  callAs,
  change,
  demoOrg,
  download,
  fieldChange,
  lastUrl,
  mockScanOnce,
  openLoaded,
  openPage,
  queryOf,
  tapOn,
  toasts,
  useClosedPort,
  useLocalCloud,
  waitFor,
  wxMock,
  type PageHandle,
} from './helpers';
import { PAGES, ROUTES } from '../shared/routes';

const GRIDS = PAGES.gridWorkbench;
const LIST = PAGES.householdList;
const FORM = PAGES.householdForm;
const MEMBER = PAGES.householdMember;
const DETAIL = PAGES.householdDetail;
const DOOR = PAGES.door;
const WORKER = 'demo-grid-worker';
const G1 = ['昆明市', '官渡区', '关上街道', '中心区社区', '第一网格（金色年华小区）'];

/** A demo household of grid 1 by building and room, as the grid worker sees it. */
async function demoHousehold(room: string, building = '3'): Promise<{ id: string; scene: string }> {
  const { items } = await callAs(WORKER, 'households', 'list', { gridId: (await demoOrg(G1)).id, limit: 50 });
  const h = items.find((i: HouseholdListItem) => i.address.room === room && i.address.building === building);
  if (!h) throw new Error(`no demo household ${room}`);
  return callAs(WORKER, 'households', 'get', { id: h.id });
}

/** The member sub-form at `selector` inside a page, to type into it as a user would. */
function memberForm(page: PageHandle, selector: string) {
  const comp = page.comp.querySelector(selector);
  if (!comp) throw new Error(`no member form ${selector}`);
  const call = (method: string, event: unknown) =>
    (comp.instance[method] as (e: unknown) => unknown).call(comp.instance, event);
  return {
    type: (name: string, value: string) => call('onField', fieldChange(name, value)),
    idNumber: (value: string) => call('onIdNumber', change(value)),
    gender: (value: string) => call('onGender', change(value)),
    residency: (value: string) => call('onResidency', change(value)),
    ethnicity: (code: string) => {
      call('openEthnicity', {});
      return call('onPickerConfirm', change([code]));
    },
  };
}

beforeEach(() => useLocalCloud());

describe('住户登记: the grid worker’s list', () => {
  it('opens from 我的网格 and lists the grid’s households by address with completeness and tags', async () => {
    actAs(WORKER);
    const grids = openPage(GRIDS);
    await grids.shown;
    await grids.call('goHouseholds', tapOn({ index: 0 }));
    const url = lastUrl('navigateTo');
    expect(url).toBe(`/${LIST}?gridId=${(await demoOrg(G1)).id}`);
    grids.detach();

    const list = await openLoaded(LIST, queryOf(url));
    expect(list.textOf('.list-grid')).toBe('第一网格（金色年华小区）');
    const text = list.text();
    expect(text).toContain('金色年华小区 3栋 2单元 301室');
    expect(text).toContain('马秀芳 等 3 人');
    expect(text).toContain('独居老人');
    expect(text.indexOf('3栋 2单元 301室')).toBeLessThan(text.indexOf('3栋 2单元 302室'));
    expect(list.has('.list-completeness')).toBe(true);

    await list.call('pickTag', tapOn({ value: 'dibao' }));
    await waitFor(() => expect(list.data().status).toBe('ready'));
    const tagged = list.data().items as { addressText: string; tags: string[] }[];
    expect(tagged.map((i) => i.addressText)).toEqual(['金色年华小区 5栋 1单元 602室', '金色年华小区 8栋 1单元 201室']);
    expect(tagged.every((i) => i.tags.includes('低保户'))).toBe(true);

    await list.call('pickTag', tapOn({ value: '' }));
    await list.call('onSearchChange', change('马秀'));
    await list.call('onSearch');
    await waitFor(() => expect(list.data().status).toBe('ready'));
    expect(list.textOf('.list-match')).toContain('查找到：马秀芳');
    await list.call('onSearchChange', change('无此人'));
    await list.call('onSearch');
    await waitFor(() => expect(list.has('.list-none')).toBe(true));
    expect(list.text()).toContain('没有找到符合条件的住户');

    await list.call('onSearchClear');
    await list.call('onPullDownRefresh');
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
    await list.call('open', tapOn({ id: 'abc' }));
    expect(lastUrl('navigateTo')).toBe(`/${DETAIL}?id=abc`);
    list.detach();
  });

  it('an empty grid says how to start, and registering opens the form', async () => {
    actAs('demo-staff');
    const gridId = (await demoOrg([...G1.slice(0, 4), '第四网格（民航路片区）'])).id;
    const list = await openLoaded(LIST, { gridId });
    expect(list.textOf('.list-empty')).toContain('第四网格（民航路片区）还没有登记住户');
    await list.tap('.list-empty', '.state__button');
    expect(lastUrl('navigateTo')).toBe(`/${FORM}?gridId=${gridId}`);
    list.detach();
  });

  it('shows an error with a retry', async () => {
    actAs(WORKER);
    const gridId = (await demoOrg(G1)).id;
    useClosedPort();
    const list = await openLoaded(LIST, { gridId });
    expect(list.textOf('.list-error')).toContain('连不上本地云服务');
    useLocalCloud();
    await list.tap('.list-error', '.state__button');
    await waitFor(() => expect(list.data().status).toBe('ready'));
    list.detach();
  });

  it('scanning a door code opens the household; printing makes one file of plates and copies its link', async () => {
    actAs(WORKER);
    const h = await demoHousehold('302');
    const list = await openLoaded(LIST, { gridId: (await demoOrg(G1)).id });
    mockScanOnce(PAGES.door, h.scene);
    await list.call('scanDoor');
    expect(lastUrl('navigateTo')).toBe(`/${DETAIL}?id=${h.id}`);

    await list.call('print');
    const copied = (wxMock('setClipboardData').mock.calls.slice(-1)[0]?.[0] as { data: string }).data;
    expect(copied).toMatch(/\/plates\/.+\.html(\?|$)/);
    const html = await download(copied);
    expect(html).toContain(`data-scene="${h.scene}"`);
    expect(html).toContain('金色年华小区 3栋 2单元 302室');
    expect((wxMock('showModal').mock.calls.slice(-1)[0]?.[0] as { title: string }).title).toMatch(
      /^已生成 \d+ 张门牌$/,
    );
    list.detach();
  });
});

describe('登记住户: the household form', () => {
  it('an ID number fills birth date and gender; messages show under each field; registering opens the record', async () => {
    actAs(WORKER);
    const gridId = (await demoOrg(G1)).id;
    const form = await openLoaded(FORM, { gridId });
    expect(form.text()).toContain('网格：第一网格（金色年华小区）');
    const m = memberForm(form, '.form-member-0');

    // Nothing entered: each message under its own field.
    await form.call('submit');
    expect(form.textOf('.form-building')).toContain('不能为空');
    expect(form.textOf('.form-member-0', '.member-name')).toContain('不能为空');
    expect(form.textOf('.form-member-0', '.member-error-ethnicity')).toBe('请按 GB/T 3304 选择民族');
    expect(form.textOf('.form-member-0', '.member-error-gender')).toBe('请选择性别');
    expect(toasts()).toContain('请按提示修改后再提交');

    const id = withCheckChar('53062119921203202');
    await m.idNumber(id.slice(0, 17) + (id[17] === '0' ? '1' : '0'));
    await form.call('onAddress', fieldChange('building', '9'));
    await form.call('onAddress', fieldChange('room', '901'));
    await m.type('name', '马小花');
    await m.ethnicity('03');
    await m.residency('floating');
    await m.gender('female');
    await form.call('submit');
    expect(form.textOf('.form-member-0', '.member-id')).toContain('身份证号校验位不正确，请核对');

    await m.idNumber(id);
    const draft = (form.data().members as { birthDate: string; gender: string; idHint: string }[])[0];
    expect(draft).toMatchObject({
      birthDate: '1992-12-03',
      gender: 'female',
      idHint: '已按身份证号填写出生日期和性别',
    });
    expect(form.textOf('.form-member-0', '.member-birth')).toContain('1992-12-03');
    expect(form.textOf('.form-member-0', '.member-ethnicity')).toContain('03 回族');

    await m.gender('male');
    await form.call('submit');
    expect(form.textOf('.form-member-0', '.member-error-gender')).toBe('性别与身份证号不符');
    await m.gender('female');
    await m.type('phone', '13912340001');
    await m.type('origin', '云南省昭通市');
    await form.call('addMember');
    await memberForm(form, '.form-member-1').type('name', '马小草');
    await form.call('removeMember', { detail: { index: 1 } });
    expect(form.data().members).toHaveLength(1);

    await form.call('submit');
    await waitFor(() => expect(wx.redirectTo).toHaveBeenCalled());
    expect(wx.requirePrivacyAuthorize).toHaveBeenCalled();
    const url = lastUrl('redirectTo');
    expect(url).toMatch(new RegExp(`^/${DETAIL}\\?id=\\w+&created=1$`));
    form.detach();

    const detail = await openLoaded(DETAIL, queryOf(url));
    expect(detail.has('.detail-created')).toBe(true);
    expect(detail.textOf('.detail-address')).toBe('9栋 901室');
    expect(detail.textOf('.detail-id')).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
    expect(detail.textOf('.detail-phone')).toBe('139****0001');
    expect(detail.text()).not.toContain(id);
    expect(detail.textOf('.detail-member')).toContain('女 · 回族 · 1992年生 · 流动人口（云南省昭通市）');
    expect(detail.textOf('.detail-missing')).toContain('住房类型');
    detail.detach();
  });
});

describe('住户详情', () => {
  it('reveals a full number only with a reason, and shows the masked one otherwise', async () => {
    actAs(WORKER);
    const h = await demoHousehold('302');
    const detail = await openLoaded(DETAIL, { id: h.id });
    expect(detail.textOf('.detail-id')).toMatch(/^530111\*{8}\d{3}[\dX]$/);
    expect(detail.textOf('.detail-tags')).toContain('独居老人');
    const memberId = (detail.data().members as { memberId: string }[])[0].memberId;

    // The dialog (components/reason-dialog) is opened with a promise; the test types into it as a user would.
    void detail.call('openReveal', tapOn({ id: memberId, field: 'idNumber' }));
    const reveal = detail.within('.detail-reveal-dialog');
    await reveal.call('submit');
    expect(reveal.textOf('.reason-error')).toContain('至少 2 个字');
    await reveal.call('onInput', change('协助办理高龄津贴'));
    await reveal.call('submit');
    await waitFor(() => expect(reveal.has('.reason-result')).toBe(true));
    expect(reveal.textOf('.reason-result')).toMatch(/^530111\d{11}[\dX]$/);
    expect(reveal.has('.reason-call')).toBe(false);
    await reveal.call('close');

    void detail.call('openReveal', tapOn({ id: memberId, field: 'phone' }));
    await reveal.call('onInput', change('电话预约上门'));
    await reveal.call('submit');
    await waitFor(() => expect(reveal.textOf('.reason-result')).toBe('13708710021'));
    await reveal.tap('.reason-call');
    expect(wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13708710021' });
    detail.detach();
  });

  it('marks a record complete only when nothing is missing, in the list and on the record', async () => {
    actAs(WORKER);
    const list = await openLoaded(LIST, { gridId: (await demoOrg(G1)).id });
    const items = list.data().items as { addressText: string; completeness: number; completenessStatus: string }[];
    const of = (room: string) => items.find((i) => i.addressText.endsWith(room))!;
    // 301 misses one fact (the child's ID number): a high score, but no ✓.
    expect(of('301室').completeness).toBeGreaterThan(90);
    expect(of('301室').completenessStatus).toBe('warning');
    expect(of('302室')).toMatchObject({ completeness: 100, completenessStatus: 'success' });
    list.detach();

    const incomplete = await openLoaded(DETAIL, { id: (await demoHousehold('301')).id });
    expect(incomplete.data().header).toMatchObject({ status: 'warning' });
    expect(incomplete.textOf('.detail-missing')).toBe('待补充：马小雨：身份证号');
    incomplete.detach();
    const complete = await openLoaded(DETAIL, { id: (await demoHousehold('302')).id });
    expect(complete.data().header).toMatchObject({ status: 'success' });
    expect(complete.has('.detail-missing')).toBe(false);
    complete.detach();
  });

  it('keeps 走访登记 at hand and the other household actions in 更多操作', async () => {
    actAs(WORKER);
    const detail = await openLoaded(DETAIL, { id: (await demoHousehold('302')).id });
    expect(detail.textOf('.detail-visit-main')).toBe('走访登记');
    void detail.tap('.detail-visit-main');
    const form = detail.within('.detail-visit-form');
    await waitFor(() => expect(form.data().visible).toBe(true));
    expect(form.data().openRequest).toBe(false);
    await form.call('close');

    await detail.tap('.detail-more');
    expect(detail.data().moreVisible).toBe(true);
    const labels = (detail.data().moreActions as { label: string }[]).map((a) => a.label);
    expect(labels).toEqual(['为该户代为提交诉求', '门牌二维码', '修改地址和标签', '转到其他网格', '整户迁出']);
    await detail.call('onMore', { detail: { index: labels.indexOf('门牌二维码') } });
    expect(detail.data()).toMatchObject({ moreVisible: false, qrVisible: true });
    await detail.call('closeQr');

    void detail.call('onMore', { detail: { index: labels.indexOf('整户迁出') } });
    const move = detail.within('.detail-move-dialog');
    await waitFor(() => expect(move.text()).toContain('整户迁出'));
    await move.call('close');
    await detail.call('onMore', { detail: { index: labels.indexOf('修改地址和标签') } });
    expect(lastUrl('navigateTo')).toBe(ROUTES.householdEdit(detail.data().id as string));
    detail.detach();
  });

  it('logs a visit that opens a request on the household’s behalf, tied to the household', async () => {
    actAs(WORKER);
    const h = await demoHousehold('302');
    const detail = await openLoaded(DETAIL, { id: h.id });
    expect(detail.textOf('.detail-visit-item')).toContain('独居老人每周探访');

    void detail.call('onMore', { detail: { index: 0 } });
    const form = detail.within('.detail-visit-form');
    await form.call('save');
    expect(form.textOf('.visit-error-category')).toBe('请选择诉求类别');
    await form.call('openCategory');
    await form.call('onPicked', change(['medical']));
    await form.call('openMemberPicker');
    await form.call('onPicked', change([(detail.data().activeMembers as { value: string }[])[0].value]));
    await form.call('onField', fieldChange('description', '老人需要陪同去医院复诊，子女在外地'));
    await form.call('onField', fieldChange('notes', '上门探访，老人血压偏高'));
    await form.call('save');
    await waitFor(() => expect(toasts()).toContain('已记录，诉求已提交'));
    expect(form.data().visible).toBe(false);
    const visit = (detail.data().visits as { notes: string; requestId: string }[])[0];
    expect(visit.notes).toBe('上门探访，老人血压偏高');
    expect(detail.has('.detail-visit-request')).toBe(true);

    const request = await callAs(WORKER, 'requests', 'get', { id: visit.requestId });
    expect(request).toMatchObject({
      householdId: h.id,
      category: 'medical',
      contactName: '普建华',
      status: 'submitted',
    });
    await detail.call('openRequest', tapOn({ id: visit.requestId }));
    expect(lastUrl('navigateTo')).toBe(ROUTES.requestDetail(visit.requestId));
    detail.detach();
  });

  it('edits a member on its own page; blank ID and phone keep the sealed values', async () => {
    actAs(WORKER);
    const h = await demoHousehold('302');
    const memberId = (await callAs(WORKER, 'households', 'get', { id: h.id })).members[0].memberId;
    const page = await openLoaded(MEMBER, { id: h.id, memberId });
    expect((page.data().member as { maskedIdNumber: string }).maskedIdNumber).toMatch(/^530111\*+/);
    await memberForm(page, '.member-page-form').type('occupation', '退休教师');
    await page.call('submit');
    await waitFor(() => expect(wx.navigateBack).toHaveBeenCalled());
    const after = await callAs(WORKER, 'households', 'get', { id: h.id });
    expect(after.members[0]).toMatchObject({
      occupation: '退休教师',
      idNumber: expect.stringMatching(/^530111/),
      phone: '137****0021',
    });
    page.detach();
  });

  it('moves a member out for a reason', async () => {
    actAs(WORKER);
    const created = await callAs(WORKER, 'households', 'create', {
      gridId: (await demoOrg(G1)).id,
      address: { building: '12', room: '1201' },
      members: [
        { name: '留守者', gender: 'female', ethnicity: '07', residency: 'registered' },
        { name: '外出者', gender: 'male', ethnicity: '07', residency: 'registered' },
      ],
    });
    const detail = await openLoaded(DETAIL, { id: created.id });
    void detail.call('openMoveOut', tapOn({ id: created.members[1].memberId }));
    const move = detail.within('.detail-move-dialog');
    await move.call('submit');
    expect(move.textOf('.reason-error')).toContain('不能为空');
    await move.call('onInput', change('外出打工'));
    await move.call('submit');
    await waitFor(() => expect(toasts()).toContain('已迁出'));
    expect(detail.text()).toContain('迁出：外出打工');
    detail.detach();
  });
  it('offers each action only where the server’s `can` allows it: a moved-out record is read-only, 查看 stays', async () => {
    actAs(WORKER);
    const created = await callAs(WORKER, 'households', 'create', {
      gridId: (await demoOrg(G1)).id,
      address: { building: '12', room: '1202' },
      members: [
        {
          name: '搬走者',
          gender: 'female',
          ethnicity: '07',
          residency: 'registered',
          idNumber: withCheckChar('53062119921203202'),
        },
      ],
    });
    const count = (page: PageHandle, selector: string) => page.comp.querySelectorAll(selector).length;
    const active = await openLoaded(DETAIL, { id: created.id });
    for (const action of ['.detail-add-member', '.detail-edit-member', '.detail-claim', '.detail-reveal-id'])
      expect(active.has(action)).toBe(true);
    expect(active.has('.detail-reveal-phone')).toBe(false);
    active.detach();

    const moved = await callAs(WORKER, 'households', 'moveOut', { id: created.id, reason: '全家回老家' });
    expect(moved.can).toMatchObject({ update: false, addMember: false, addVisit: false, rotateCode: false });
    const detail = await openLoaded(DETAIL, { id: created.id });
    expect(detail.data().can).toEqual(moved.can);
    expect(detail.data().moreActions).toEqual([]);
    for (const action of ['.detail-add-member', '.detail-visit', '.detail-more', '.detail-visit-main', '.detail-claim'])
      expect(detail.has(action)).toBe(false);
    expect(count(detail, '.detail-edit-member') + count(detail, '.detail-move-member')).toBe(0);
    // The numbers of a moved-out record can still be revealed (audited), as the server allows.
    expect(detail.has('.detail-reveal-id')).toBe(true);
    detail.detach();

    const edit = await openLoaded(MEMBER, { id: created.id, memberId: created.members[0].memberId });
    expect(edit.has('.member-submit')).toBe(false);
    expect(edit.textOf('.member-not-allowed')).toContain('不能修改');
    edit.detach();
  });
});

describe('门牌: scanning a door', () => {
  it('a resident scanning a neighbour’s door sees the address and the grid worker, and nobody who lives there', async () => {
    actAs('demo-resident');
    const h = await demoHousehold('302');
    const door = await openLoaded(DOOR, { scene: h.scene });
    expect(door.data().shows).toBe('public');
    expect(door.textOf('.door-address')).toBe('金色年华小区 3栋 2单元 302室');
    expect(door.textOf('.door-public-worker')).toContain('李晓芬');
    expect(door.text()).not.toContain('普建华');
    expect(door.text()).not.toContain('530111');
    await door.call('fileRequest');
    expect(lastUrl('navigateTo')).toBe(ROUTES.requestNew({ orgId: (await demoOrg(G1)).id }));
    door.detach();
  });

  it('a member who claimed their record sees their household card at their own door', async () => {
    actAs('demo-resident');
    const h = await demoHousehold('301');
    const door = await openLoaded(DOOR, { scene: h.scene });
    expect(door.data().shows).toBe('card');
    expect(door.textOf('.door-card-address')).toBe('金色年华小区 3栋 2单元 301室');
    expect(door.textOf('.door-me-id')).toMatch(/^530621\*{8}/);
    expect(door.textOf('.door-members')).toContain('马建国');
    expect(door.textOf('.door-members')).not.toMatch(/\d{6}/);
    door.detach();

    const mine = await openLoaded(DOOR);
    expect(mine.textOf('.door-card-address')).toBe('金色年华小区 3栋 2单元 301室');
    mine.detach();
  });

  it('the grid worker scanning a door of their grid goes on to the record', async () => {
    actAs(WORKER);
    const h = await demoHousehold('302');
    const door = openPage(DOOR, { scene: h.scene });
    await door.shown;
    await waitFor(() => expect(wx.redirectTo).toHaveBeenCalledWith({ url: `/${DETAIL}?id=${h.id}` }));
    door.detach();
  });

  it('a resident claims their record with the grid worker’s code, after which the door shows their card', async () => {
    const h = await demoHousehold('101', '5');
    actAs(WORKER);
    const detail = await openLoaded(DETAIL, { id: h.id });
    const yan = (detail.data().members as { memberId: string; name: string }[]).find((m) => m.name === '岩温')!;
    await detail.call('openClaim', tapOn({ id: yan.memberId }));
    const code = (detail.data().claim as { code: string }).code;
    expect(detail.textOf('.detail-claim-code')).toBe(code);
    detail.detach();

    actAs('test-yan-wen');
    const door = await openLoaded(DOOR, { scene: h.scene });
    expect(door.data().shows).toBe('public');
    await door.tap('.door-start-claim');
    await door.call('onCode', change('WRONG'));
    await door.call('claim');
    expect(door.textOf('.door-code')).toContain('认领码为 8 位字母或数字');
    await door.call('onCode', change('ABCDEFGH'));
    await door.call('claim');
    await waitFor(() => expect(door.textOf('.door-code')).toContain('认领码无效'));
    await door.call('onCode', change(code.toLowerCase()));
    await door.call('claim');
    await waitFor(() => expect(door.data().shows).toBe('card'));
    expect(toasts()).toContain('认领成功');
    expect(door.text()).toContain('岩温（本人）');
    door.detach();
  });

  it('a door code scanned anywhere else opens the door page', async () => {
    actAs('demo-resident');
    const h = await demoHousehold('302');
    const landing = await openScene(h.scene);
    expect(landing).toEqual({ kind: 'door', scene: h.scene });
    goToLanding(landing, 'home');
    expect(lastUrl('navigateTo')).toBe(`/${DOOR}?scene=${h.scene}`);
  });
});

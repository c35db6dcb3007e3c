import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { SUBSCRIBE_TEMPLATES } from '../config/templates';
import {
  actAs,
  callAs,
  change,
  fieldChange,
  lastUrl,
  mockScanOnce,
  openLoaded,
  openPage,
  queryOf,
  toasts,
  useClosedPort,
  useLocalCloud,
  waitFor,
  wxMock,
} from './helpers';
import { PAGES } from '../shared/routes';

const LIST = PAGES.events;
const DETAIL = PAGES.eventDetail;
const MINE = PAGES.mySignups;
const MANAGE = PAGES.eventManage;
const EDIT = PAGES.eventEdit;
const ROSTER = PAGES.eventRoster;
const CHECKIN = PAGES.eventCheckin;

const STAFF = 'demo-staff';

const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toISOString();

let seq = 0;

/** A resident of 中心区社区 nobody has seen before (own sign-ups, own limits). */
async function resident(name = '阿依古丽'): Promise<string> {
  const openid = `test-family-${++seq}`;
  const zxq = (await callAs('demo-resident', 'users', 'me', {})).home!.communityId;
  await callAs(openid, 'users', 'updateProfile', { name, phone: '13812345678' });
  await callAs(openid, 'users', 'setHome', { orgId: zxq });
  return openid;
}

/** An event of 中心区社区 created by its staff. */
async function event(fields: Record<string, unknown> = {}): Promise<string> {
  const zxq = (await callAs('demo-resident', 'users', 'me', {})).home!.communityId;
  const { id } = await callAs(STAFF, 'events', 'create', {
    orgId: zxq,
    type: 'banquet',
    title: `民族团结百家宴 ${++seq}`,
    location: { name: '中心区社区文化广场', latitude: 24.99, longitude: 102.74 },
    startAt: inDays(10),
    signupDeadline: inDays(8),
    capacity: 30,
    ...fields,
  } as never);
  return id;
}

describe('events: residents', () => {
  beforeEach(() => useLocalCloud());

  it('活动 lists upcoming events with the type, seats left and deadline; an event opens its page', async () => {
    const id = await event({ title: '中秋情意浓', type: 'festival', capacity: 40 });
    actAs(await resident());
    const page = openPage(LIST);
    expect(page.has('.events-loading')).toBe(true);
    await page.shown;
    await waitFor(() => expect(page.data().status).toBe('ready'));
    const item = page.data().items as { id: string; title: string }[];
    const index = item.findIndex((e) => e.id === id);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(page.text()).toContain('中秋情意浓');
    expect(page.text()).toContain('节庆活动');
    expect(page.text()).toContain('余 40 个名额');
    expect(page.text()).toContain('截止报名');
    expect(page.has('.events-manage')).toBe(false);
    await page.call('openItem', { currentTarget: { dataset: { id } } });
    expect(lastUrl('navigateTo')).toBe(`/${DETAIL}?id=${id}`);
    page.detach();
  });

  it('without a home it asks for a community; an outage shows an error with 重试', async () => {
    actAs(`test-homeless-${++seq}`);
    const lost = await openLoaded(LIST);
    expect(lost.data().status).toBe('nohome');
    expect(lost.text()).toContain('先选择你所在的社区');
    lost.detach();

    // A resident with a home whose session has not fetched anything yet.
    actAs(await resident());
    useClosedPort();
    const broken = await openLoaded(LIST);
    expect(broken.data().status).toBe('error');
    useLocalCloud();
    await broken.tap('.events-error', '.state__button');
    await waitFor(() => expect(broken.data().status).toBe('ready'));
    broken.detach();
  });

  it('signs the family up with a dish: stepper, cuisine, 清真 switch; then shows the ticket and the dish board', async () => {
    const id = await event();
    const me = await resident('马丽');
    actAs(me);
    const detail = await openLoaded(DETAIL, { id });
    expect(detail.text()).toContain('百家宴');
    expect(detail.text()).toContain('余 30 个名额');
    expect(detail.data().form).toMatchObject({ contactName: '马丽', partySize: 1 });
    expect(detail.text()).toContain('还没有登记菜品');

    // A 百家宴 asks for a dish: nothing is sent without one.
    await detail.tap('.detail-submit');
    expect(detail.text()).toContain('本活动请每户登记一道菜');
    expect((await callAs(me, 'events', 'get', { id })).mySignup).toBeNull();

    await detail.call('onPartySize', change(3));
    await detail.call('onField', fieldChange('dishName', '清真牛肉冷片'));
    await detail.call('pickCuisine', { currentTarget: { dataset: { value: '回族清真菜' } } });
    await detail.call('onHalal', change(true));
    await detail.call('onDietary', change(['halal']));
    await detail.tap('.detail-submit');
    await waitFor(() => expect(detail.has('.detail-ticket')).toBe(true));
    expect(wx.requirePrivacyAuthorize).toHaveBeenCalled();
    expect(toasts()).toContain('报名成功');
    expect(detail.textOf('.detail-ticket')).toContain('已报名');
    expect(detail.textOf('.detail-ticket')).toContain('3 人');
    expect(detail.textOf('.detail-ticket')).toContain('138****5678');
    expect(detail.textOf('.detail-ticket')).toContain('清真牛肉冷片');
    const ticket = detail.within('.detail-qr');
    await waitFor(() => expect(ticket.data().status).toBe('ready'));
    expect(ticket.has('.qr-image')).toBe(true);
    expect(detail.textOf('.detail-dish-summary')).toBe('1 道菜 · 1 种民族风味 · 1 道清真');
    expect(detail.textOf('.detail-dishes')).toContain('马*');
    expect(detail.has('.detail-form')).toBe(false);
    detail.detach();

    const mine = await openLoaded(MINE);
    expect(mine.textOf('.mine-item')).toContain('已报名');
    expect(mine.textOf('.mine-item')).toContain('带菜：清真牛肉冷片');
    mine.detach();
  });

  it('a full event offers the waitlist and says the place in the queue; cancelling gives the seat back', async () => {
    const id = await event({ type: 'training', title: '国家通用语言培训', capacity: 2, maxPartySize: 2 });
    const first = await resident();
    await callAs(first, 'events', 'signup', { eventId: id, partySize: 2, contactName: '阿依古丽' });
    const me = await resident('李春花');
    actAs(me);
    const detail = await openLoaded(DETAIL, { id });
    expect(detail.textOf('.detail-submit')).toBe('加入候补');
    await detail.tap('.detail-submit');
    await waitFor(() => expect(detail.has('.detail-ticket')).toBe(true));
    expect(detail.textOf('.detail-ticket')).toContain('候补第 1 位');
    expect(detail.has('.detail-qr')).toBe(false);

    actAs(first);
    const theirs = await openLoaded(DETAIL, { id });
    await theirs.tap('.detail-cancel');
    await waitFor(() => expect(theirs.has('.detail-form')).toBe(true));
    expect(wx.showModal).toHaveBeenCalled();
    expect(toasts()).toContain('已取消报名');
    theirs.detach();

    actAs(me);
    await detail.call('load');
    expect(detail.textOf('.detail-ticket')).toContain('已报名');
    detail.detach();
  });

  it('asks for the reminder and change messages from the sign-up tap, and signs up even when refused', async () => {
    const id = await event({ type: 'festival', title: '古尔邦节联欢' });
    actAs(await resident());
    const ask = jest.fn((opts: { fail?: (e: unknown) => void }) =>
      opts.fail?.({ errMsg: 'requestSubscribeMessage:fail' }),
    );
    (wx as unknown as { requestSubscribeMessage: unknown }).requestSubscribeMessage = ask;
    Object.assign(SUBSCRIBE_TEMPLATES, { eventReminder: 'tpl-reminder', eventChanged: 'tpl-changed' });
    try {
      const detail = await openLoaded(DETAIL, { id });
      await detail.tap('.detail-submit');
      await waitFor(() => expect(detail.has('.detail-ticket')).toBe(true));
      expect(ask).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tpl-reminder', 'tpl-changed'] }));
      detail.detach();
    } finally {
      Object.assign(SUBSCRIBE_TEMPLATES, { eventReminder: '', eventChanged: '' });
    }
  });

  it('我的报名 without sign-ups leads to the events', async () => {
    actAs(await resident());
    const mine = await openLoaded(MINE);
    expect(mine.text()).toContain('你还没有报名过活动');
    await mine.tap('.mine-empty', '.state__button');
    expect(wx.switchTab).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/${LIST}` }));
    mine.detach();
  });

  it('an event code opens the event; the family’s own check-in code opens its sign-up', async () => {
    const id = await event();
    const { scene } = await callAs(STAFF, 'events', 'get', { id });
    const me = await resident();
    actAs(me);
    const viaCode = await openLoaded(DETAIL, { scene });
    expect(viaCode.data().id).toBe(id);
    viaCode.detach();

    const { checkinCode } = await callAs(me, 'events', 'signup', {
      eventId: id,
      partySize: 2,
      contactName: '阿依古丽',
      dish: { name: '手抓饭', cuisine: '维吾尔族菜', halal: true },
    });
    const ticket = await openLoaded(DETAIL, { scene: checkinCode });
    expect(ticket.data().id).toBe(id);
    expect(ticket.textOf('.detail-code')).toContain(checkinCode);
    ticket.detach();

    // Staff scanning the same code with WeChat's camera land on the check-in screen with it.
    actAs(STAFF);
    const atDoor = openPage(DETAIL, { scene: checkinCode });
    await atDoor.shown;
    await waitFor(() => expect(wx.redirectTo).toHaveBeenCalled());
    expect(lastUrl('redirectTo')).toBe(`/${CHECKIN}?id=${id}&code=${encodeURIComponent(checkinCode)}`);
    atDoor.detach();
  });
});

describe('events: staff', () => {
  beforeEach(() => {
    useLocalCloud();
    actAs(STAFF);
  });

  it('publishes an event with the date-time picker; it shows in 活动管理 and opens with the staff tools', async () => {
    const zxq = (await callAs('demo-resident', 'users', 'me', {})).home!.communityId;
    const manage = await openLoaded(MANAGE);
    expect(manage.data().orgId).toBe(zxq);
    await manage.tap('.manage-create');
    const editUrl = lastUrl('navigateTo');
    expect(editUrl).toBe(`/${EDIT}?orgId=${zxq}`);
    manage.detach();

    const edit = await openLoaded(EDIT, queryOf(editUrl));
    expect(edit.text()).toContain('主办：中心区社区');
    await edit.call('save');
    expect(edit.text()).toContain('不能为空');
    await edit.call('onTypeConfirm', change(['street_feast']));
    await edit.call('onField', fieldChange('title', '关兴路长街宴'));
    await edit.call('onField', fieldChange('locationName', '关兴路'));
    await edit.call('openTime', { currentTarget: { dataset: { field: 'startAt' } } });
    const start = new Date(Date.now() + 20 * 86400_000);
    const day = `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}`;
    await edit.call('onTimeConfirm', change(`${day} 11:00`));
    await edit.call('onTimeConfirm', change(''));
    await edit.call('openTime', { currentTarget: { dataset: { field: 'endAt' } } });
    await edit.call('onTimeConfirm', change(`${day} 14:00`));
    await edit.call('openTime', { currentTarget: { dataset: { field: 'signupDeadline' } } });
    await edit.call('onTimeConfirm', change(`${day} 09:00`));
    await edit.call('onField', fieldChange('capacity', '200'));
    await edit.call('save');
    await waitFor(() => expect(wx.redirectTo).toHaveBeenCalled());
    const detailUrl = lastUrl('redirectTo');
    const { id } = queryOf(detailUrl);
    const created = await callAs(STAFF, 'events', 'get', { id });
    expect(created).toMatchObject({ type: 'street_feast', title: '关兴路长街宴', capacity: 200, dishRequired: true });
    expect(created.startAt).toBe(`${day}T11:00:00+08:00`);
    edit.detach();

    const detail = await openLoaded(DETAIL, { id });
    expect(detail.has('.detail-roster')).toBe(true);
    await detail.tap('.detail-checkin');
    expect(lastUrl('navigateTo')).toBe(`/${CHECKIN}?id=${id}`);
    detail.detach();
  });

  it('edits an event and cancels it with a reason', async () => {
    const id = await event({ title: '腊八节共饮腊八粥', type: 'festival' });
    const edit = await openLoaded(EDIT, { id });
    expect(edit.data().form).toMatchObject({ title: '腊八节共饮腊八粥', capacity: '30' });
    await edit.call('onField', fieldChange('capacity', '50'));
    await edit.call('save');
    await waitFor(() => expect(wx.navigateBack).toHaveBeenCalled());
    expect((await callAs(STAFF, 'events', 'get', { id })).capacity).toBe(50);
    // 取消活动 asks for the reason the families are told (components/reason-dialog).
    const cancelled = edit.call('cancelEvent');
    const reason = edit.within('.edit-cancel-dialog');
    await reason.call('submit');
    expect(reason.textOf('.reason-error')).toBe('请填写取消原因');
    await reason.call('onInput', change('场地维修'));
    await reason.call('submit');
    await cancelled;
    expect(toasts()).toContain('活动已取消');
    expect(await callAs(STAFF, 'events', 'get', { id })).toMatchObject({
      status: 'cancelled',
      cancelReason: '场地维修',
    });
    expect(edit.has('.edit-save')).toBe(false);
    edit.detach();
  });

  it('the roster: counts, masked phones, tabs, export (the link is copied locally)', async () => {
    const id = await event({ capacity: 5 });
    for (const [size, dish] of [
      [3, '油香'],
      [2, '彝家坨坨肉'],
      [2, '大理乳扇'],
    ] as const) {
      await callAs(await resident(), 'events', 'signup', {
        eventId: id,
        partySize: size,
        contactName: '测试家庭',
        contactPhone: '13900001111',
        dish: { name: dish, cuisine: '民族菜', halal: dish === '油香' },
        dietary: dish === '油香' ? ['halal'] : [],
      });
    }
    const roster = await openLoaded(ROSTER, { id });
    expect(roster.textOf('.roster-counts')).toContain('5/5');
    expect(roster.textOf('.roster-counts')).toContain('清真餐 1 户');
    expect(roster.text()).toContain('139****1111');
    expect(roster.text()).not.toContain('13900001111');
    expect((roster.data().items as unknown[]).length).toBe(3);
    await roster.call('onTabChange', change('waitlisted'));
    await waitFor(() => expect(roster.data().status).toBe('ready'));
    expect((roster.data().items as unknown[]).length).toBe(1);
    await roster.tap('.roster-export');
    await waitFor(() => expect(toasts()).toContain('已导出，下载链接已复制'));
    const copied = (wxMock('setClipboardData').mock.calls.slice(-1)[0][0] as { data: string }).data;
    expect(copied).toMatch(/\.xlsx/);
    roster.detach();
  });

  it('scan-to-check-in: a scan checks the family in, a second scan says so, another event’s code is refused', async () => {
    const id = await event();
    const other = await event();
    const family = await resident('普建国');
    const { checkinCode } = await callAs(family, 'events', 'signup', {
      eventId: id,
      partySize: 4,
      contactName: '普建国',
      dish: { name: '坨坨肉', cuisine: '彝族菜' },
    });
    const elsewhere = await callAs(await resident(), 'events', 'signup', {
      eventId: other,
      partySize: 1,
      contactName: '杨金凤',
      dish: { name: '乳扇' },
    });
    const page = await openLoaded(CHECKIN, { id });
    expect(page.textOf('.checkin-tally')).toContain('0 / 4 人');

    mockScanOnce(DETAIL, checkinCode);
    await page.tap('.checkin-scan');
    await waitFor(() => expect(page.has('.checkin-outcome')).toBe(true));
    expect(page.textOf('.checkin-outcome')).toContain('普建国 签到成功');
    expect(page.textOf('.checkin-tally')).toContain('4 / 4 人');

    mockScanOnce(DETAIL, checkinCode);
    await page.tap('.checkin-scan');
    await waitFor(() => expect(page.textOf('.checkin-outcome')).toContain('已签到过'));

    await page.call('onCode', change(elsewhere.checkinCode));
    await page.call('submitCode');
    expect(page.textOf('.checkin-outcome')).toContain('签到未成功');
    expect(page.textOf('.checkin-outcome')).toContain('该签到码不属于本活动');
    expect(page.textOf('.checkin-tally')).toContain('4 / 4 人');
    page.detach();
  });

  it('shows each tool as the event’s `can` says: a cancelled event keeps its roster, nothing that changes it', async () => {
    const id = await event({ title: '古尔邦节联欢' });
    const family = await resident('马建国');
    const { checkinCode } = await callAs(family, 'events', 'signup', {
      eventId: id,
      partySize: 2,
      contactName: '马建国',
      dish: { name: '油香' },
    });
    actAs(family);
    const theirs = await openLoaded(DETAIL, { id });
    expect(theirs.has('.detail-manage')).toBe(false);
    expect(theirs.has('.detail-cancel')).toBe(true);
    theirs.detach();
    // Checked in: the family can no longer leave it.
    await callAs(STAFF, 'events', 'checkin', { eventId: id, checkinCode });
    const checkedIn = await openLoaded(DETAIL, { id });
    expect(checkedIn.has('.detail-cancel')).toBe(false);
    checkedIn.detach();

    await callAs(STAFF, 'events', 'cancel', { id, reason: '天气原因' });
    actAs(STAFF);
    const detail = await openLoaded(DETAIL, { id });
    expect(detail.has('.detail-roster')).toBe(true);
    expect(detail.has('.detail-edit')).toBe(false);
    expect(detail.has('.detail-checkin')).toBe(false);
    detail.detach();
    const roster = await openLoaded(ROSTER, { id });
    expect(roster.has('.roster-export')).toBe(true);
    expect(roster.has('.roster-checkin')).toBe(false);
    expect(roster.has('.roster-remind')).toBe(false);
    roster.detach();
    const edit = await openLoaded(EDIT, { id });
    expect(edit.has('.edit-cancelled')).toBe(true);
    expect(edit.has('.edit-save')).toBe(false);
    expect(edit.has('.edit-cancel')).toBe(false);
    edit.detach();
    const checkin = await openLoaded(CHECKIN, { id });
    expect(checkin.data().status).toBe('error');
    expect(checkin.text()).toContain('活动已取消，不能签到');
    checkin.detach();
  });

  it('a resident cannot open the check-in screen', async () => {
    const id = await event();
    actAs(await resident());
    const page = await openLoaded(CHECKIN, { id });
    expect(page.data().status).toBe('error');
    expect(page.text()).toContain('只有该活动的社区工作人员可以签到');
    page.detach();
  });
});

import { beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PAGES, ROUTES } from '../shared/routes';
import {
  actAs,
  callAs,
  change,
  demoOrg,
  lastUrl,
  openLoaded,
  queryOf,
  tapOn,
  toasts,
  useLocalCloud,
  waitFor,
} from './helpers';

const WORKER = 'demo-grid-worker';
const STAFF = 'demo-staff';
const COMMUNITY = ['昆明市', '官渡区', '关上街道', '中心区社区'];
const G1 = [...COMMUNITY, '第一网格（金色年华小区）'];

let room = 900;
/** A household of grid 1 registered by the grid worker; returns its id and its head's member id. */
async function household(head: string): Promise<{ id: string; headId: string }> {
  const h = await callAs(WORKER, 'households', 'create', {
    gridId: (await demoOrg(G1)).id,
    address: { estate: '页面测试小区', building: '6', room: String(++room) },
    members: [
      {
        name: head,
        gender: 'female',
        ethnicity: '03',
        residency: 'floating',
        phone: `1390000${String(room).padStart(4, '0')}`,
      },
    ],
  });
  return { id: h.id, headId: h.members[0].memberId };
}

describe('结对认亲', () => {
  const resident = 'page-pair-resident';
  let ma: { id: string; headId: string };
  let he: { id: string; headId: string };
  let pairId = '';

  beforeAll(async () => {
    useLocalCloud();
    ma = await household('马海燕');
    he = await household('何春兰');
    const { code } = await callAs(WORKER, 'households', 'claimCode', { id: ma.id, memberId: ma.headId });
    await callAs(resident, 'households', 'claim', { code });
  });

  beforeEach(() => useLocalCloud());

  it('a grid worker picks two households of the grid and pairs them', async () => {
    actAs(WORKER);
    const gridId = (await demoOrg(G1)).id;
    const page = await openLoaded(PAGES.pairNew, { orgId: gridId });
    expect(page.data().grids).toEqual([{ id: gridId, name: G1[4] }]);
    await page.call('onQuery', change('马海'));
    await page.call('search');
    await waitFor(() => expect((page.data().results as { id: string }[]).map((r) => r.id)).toEqual([ma.id]));
    await page.call('pick', tapOn({ id: ma.id }));
    await page.call('onQuery', change('何春'));
    await page.call('search');
    await waitFor(() => expect((page.data().results as { id: string }[]).map((r) => r.id)).toEqual([he.id]));
    await page.call('pick', tapOn({ id: he.id }));
    expect(page.textOf('.new-picked')).toContain('已选家庭（2/2）');
    await page.call('onNote', change('新到的马家和老住户何家'));
    await page.call('submit');
    const url = lastUrl('redirectTo');
    pairId = queryOf(url).id;
    expect(url).toBe(ROUTES.pairDetail(pairId));
    page.detach();

    const list = await openLoaded(PAGES.pairList, { orgId: gridId });
    expect(list.textOf('.pairs-item')).toContain('马家（马海燕） · 何家（何春兰）');
    await list.call('open', tapOn({ id: pairId }));
    expect(lastUrl('navigateTo')).toBe(ROUTES.pairDetail(pairId));
    list.detach();
  });

  it('the worker logs an activity and ends the pair with a reason; the buttons follow `can`', async () => {
    actAs(WORKER);
    const detail = await openLoaded(PAGES.pairDetail, { id: pairId });
    expect(detail.text()).toContain('户主 马海燕');
    expect(detail.has('.pair-end')).toBe(true);
    await detail.call('logActivity');
    expect(detail.textOf('.pair-log__error')).toContain('不能为空');
    await detail.call('onNote', change('一起包饺子，帮马家办居住证'));
    await detail.call('logActivity');
    await waitFor(() => expect(detail.textOf('.pair-activity')).toContain('一起包饺子'));

    void detail.call('end');
    const dialog = detail.within('.pair-end-dialog');
    await waitFor(() => expect(dialog.text()).toContain('结束结对'));
    await dialog.call('onInput', change('何家搬走了'));
    await dialog.call('submit');
    await waitFor(() => expect(toasts()).toContain('已结束'));
    expect(detail.text()).toContain('结束原因：何家搬走了');
    expect(detail.has('.pair-log')).toBe(false);
    expect(detail.has('.pair-end')).toBe(false);
    detail.detach();
  });

  it('我的结对: the resident sees the other family as 何家 and the log, nothing of their names or phones', async () => {
    actAs(resident);
    const list = await openLoaded(PAGES.pairList);
    expect(list.textOf('.pairs-item')).toContain('马家 · 何家');
    const detail = await openLoaded(PAGES.pairDetail, { id: pairId });
    const text = detail.text();
    expect(text).toContain('马家（我家）');
    expect(text).toContain('一起包饺子');
    expect(text).not.toMatch(/何春兰|马海燕|1390000|页面测试小区|何家搬走了/);
    expect(detail.has('.pair-end')).toBe(false);
    list.detach();
    detail.detach();

    actAs('page-unpaired-resident');
    const none = await openLoaded(PAGES.pairList);
    expect(none.has('.pairs-none')).toBe(true);
    none.detach();
  });
});

describe('志愿服务队 and 我的志愿时长', () => {
  const volunteer = 'page-volunteer';
  let teamId = '';

  beforeAll(async () => {
    useLocalCloud();
    await callAs(volunteer, 'users', 'setHome', { orgId: (await demoOrg(COMMUNITY)).id });
    await callAs(volunteer, 'users', 'updateProfile', { name: '白志愿' });
  });

  beforeEach(() => useLocalCloud());

  it('staff create a team from the list; a resident joins it on its page', async () => {
    actAs(STAFF);
    const orgId = (await demoOrg(COMMUNITY)).id;
    const list = await openLoaded(PAGES.teamList, { orgId });
    await list.call('onName', change('页面测试志愿队'));
    await list.call('create');
    const url = lastUrl('navigateTo');
    teamId = queryOf(url).id;
    expect(url).toBe(ROUTES.teamDetail(teamId));
    list.detach();

    actAs(volunteer);
    const mine = await openLoaded(PAGES.teamList);
    expect(mine.has('.teams-create')).toBe(false);
    expect(mine.text()).toContain('页面测试志愿队');
    mine.detach();
    const page = await openLoaded(PAGES.teamDetail, { id: teamId });
    expect(page.has('.team-log')).toBe(false);
    await page.tap('.team-join');
    await waitFor(() => expect(page.has('.team-leave')).toBe(true));
    expect(page.has('.team-join')).toBe(false);
    expect(page.textOf('.team-head')).toContain('1 名队员');
    page.detach();
  });

  it('staff log hours for the volunteer; the volunteer as lead cannot choose themself', async () => {
    actAs(STAFF);
    const page = await openLoaded(PAGES.teamDetail, { id: teamId });
    const targets = page.data().targets as { memberId: string; label: string }[];
    expect(targets.map((t) => t.label)).toEqual(['白志愿', '其他志愿者（填写姓名）']);
    await page.call('onField', { ...change('12.5'), currentTarget: { dataset: { field: 'hours' } } });
    await page.call('onField', { ...change('陪伴老人'), currentTarget: { dataset: { field: 'note' } } });
    await page.call('logHours');
    expect(page.textOf('.team-log__hours-error')).toContain('最多 12 小时');
    await page.call('onField', { ...change('2.5'), currentTarget: { dataset: { field: 'hours' } } });
    await page.call('logHours');
    await waitFor(() => expect(page.textOf('.team-recent')).toContain('白志愿 · 2.5 小时'));
    expect(page.textOf('.team-total')).toBe('2.5 小时');
    await page.call('makeLead', tapOn({ id: targets[0].memberId }));
    await waitFor(() => expect(page.textOf('.team-members')).toContain('队长'));
    page.detach();

    actAs(volunteer);
    const lead = await openLoaded(PAGES.teamDetail, { id: teamId });
    expect(lead.has('.team-log')).toBe(true);
    expect((lead.data().targets as { label: string }[]).map((t) => t.label)).toEqual(['其他志愿者（填写姓名）']);
    lead.detach();
  });

  it('我的志愿时长 shows the total and the team; the certificate is saved to the album', async () => {
    actAs(volunteer);
    const page = await openLoaded(PAGES.myHours);
    expect(page.textOf('.hours-total')).toContain('2.5 小时');
    expect(page.textOf('.hours-team')).toContain('页面测试志愿队');
    await page.tap('.hours-certificate');
    expect(lastUrl('navigateTo')).toBe(ROUTES.volunteerCertificate());
    page.detach();

    const w = wx as unknown as Record<string, unknown>;
    const toFile = jest.fn((opts: { success(res: unknown): void }) =>
      opts.success({ tempFilePath: 'wxfile://cert.png' }),
    );
    const save = jest.fn((opts: { success(res: unknown): void }) => opts.success({}));
    w.canvasToTempFilePath = toFile;
    w.saveImageToPhotosAlbum = save;
    const cert = await openLoaded(PAGES.volunteerCertificate, { teamId });
    expect(cert.data().certificate).toMatchObject({ name: '白志愿', team: '页面测试志愿队', hours: '2.5 小时' });
    expect(cert.textOf('.certificate-text')).toContain('白志愿');
    await cert.tap('.certificate-save');
    await waitFor(() => expect(toasts()).toContain('已保存到相册'));
    expect(save.mock.calls[0][0]).toMatchObject({ filePath: 'wxfile://cert.png' });
    cert.detach();

    actAs('page-no-hours');
    const none = await openLoaded(PAGES.myHours);
    expect(none.has('.hours-empty')).toBe(true);
    none.detach();
  });
});

import { beforeEach, describe, expect, it } from '@jest/globals';
import { PAGES, ROUTES } from '../shared/routes';
import { actAs, callAs, demoOrg, lastUrl, openLoaded, useLocalCloud, wxMock } from './helpers';

const STATIONS = PAGES.stations;
const HALL = '中心区社区政务服务大厅';
const TRAINING = '“微电商+精准扶贫”技能培训基地';
/** About 1.1 km north of the 政务服务大厅, farther from the training base. */
const NORTH_OF_HALL = { latitude: 25.0035, longitude: 102.7442 };

/** The next `wx.getLocation` answers this position (the default refuses). */
function allowLocationOnce(position: { latitude: number; longitude: number }): void {
  wxMock('getLocation').mockImplementationOnce((opts) => {
    setTimeout(() => (opts as WechatMiniprogram.GetLocationOption).success?.({ ...position } as never), 0);
  });
}

async function street(): Promise<string> {
  return (await demoOrg(['昆明市', '官渡区', '关上街道'])).id;
}

describe('服务站点', () => {
  beforeEach(async () => {
    useLocalCloud();
    actAs('demo-resident');
    wx.removeStorageSync('locationAllowed');
    await callAs('demo-resident', 'users', 'setHome', {
      orgId: (await demoOrg(['昆明市', '官渡区', '关上街道', '中心区社区'])).id,
    });
  });

  it('lists the street’s stations nearest first with their distance once location is allowed', async () => {
    allowLocationOnce(NORTH_OF_HALL);
    const page = await openLoaded(STATIONS);
    expect(page.data().status).toBe('ready');

    const names = (page.data().items as { name: string }[]).map((s) => s.name);
    // By name the training base (its name opens with a quote) comes first: the position reorders them.
    expect(names).toEqual([HALL, TRAINING]);
    const measured = await callAs('demo-resident', 'orgs', 'stations', { orgId: await street(), ...NORTH_OF_HALL });
    const [hall, training] = measured.items.map((s) => s.distanceM as number);
    expect(hall).toBeGreaterThan(1000);
    expect(hall).toBeLessThan(training);
    expect(page.textOf('.stations-item')).toContain(`${(hall / 1000).toFixed(1)} 公里`);
    expect(page.text()).toContain(`${(training / 1000).toFixed(1)} 公里`);
    expect(page.text()).toContain('少数民族绿色通道');
    expect(page.text()).toContain('开放时间');
    expect(page.has('.stations-allow')).toBe(false);
    page.detach();
  });

  it('lists by name with the hint when location is refused, and the hint asks again', async () => {
    const page = await openLoaded(STATIONS);
    expect(page.data().status).toBe('ready');
    expect(page.textOf('.stations-allow')).toContain('允许定位后按距离排序');
    expect((page.data().items as { name: string }[]).map((s) => s.name)).toEqual([TRAINING, HALL]);
    expect(page.text()).not.toMatch(/\d 米|公里/);

    allowLocationOnce(NORTH_OF_HALL);
    await page.call('allowLocation');
    expect(page.has('.stations-allow')).toBe(false);
    expect(page.textOf('.stations-distance')).toMatch(/公里/);
    page.detach();
  });

  it('导航 opens the station’s place, 电话 dials it, and the map shows a marker per station', async () => {
    allowLocationOnce(NORTH_OF_HALL);
    const page = await openLoaded(STATIONS);
    const [hall] = (await callAs('demo-resident', 'orgs', 'stations', { orgId: await street(), ...NORTH_OF_HALL }))
      .items;

    await page.tap('.stations-navigate');
    expect(wxMock('openLocation').mock.calls.slice(-1)[0][0]).toMatchObject({
      latitude: hall.latitude,
      longitude: hall.longitude,
      name: HALL,
    });
    await page.tap('.stations-call');
    expect(wx.makePhoneCall).toHaveBeenLastCalledWith({ phoneNumber: hall.phone });

    await page.tap('.stations-map-tab');
    expect(page.has('.stations-map')).toBe(true);
    expect((page.data().markers as unknown[]).length).toBe(2);
    await page.call('selectMarker', { detail: { markerId: 1 } });
    expect(page.textOf('.stations-selected')).toContain(TRAINING);
    await page.call('navigateSelected');
    expect(wxMock('openLocation').mock.calls.slice(-1)[0][0]).toMatchObject({ name: TRAINING });
    page.detach();
  });

  it('首页 shows the nearest stations once location was allowed, and 查看全部 opens the list', async () => {
    wx.setStorageSync('locationAllowed', true);
    allowLocationOnce(NORTH_OF_HALL);
    const page = await openLoaded(PAGES.home);
    expect(page.data().status).toBe('ready');
    const shown = page.data().stations as { name: string; distanceText: string }[];
    // The community's own list is by name ([TRAINING, HALL]); the nearest put the hall first.
    expect(shown.map((s) => s.name)).toEqual([HALL, TRAINING]);
    expect(shown[0].distanceText).toMatch(/公里$/);

    await page.tap('.home-all-stations');
    expect(lastUrl('navigateTo')).toBe(ROUTES.stations());
    page.detach();
  });
});

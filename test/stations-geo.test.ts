/**
 * orgs.stations with a position: nearest first with the distance in metres, from one geoNear query over the
 * stations' 2dsphere index; without one, by name as before. Stations are stored with a GeoJSON location.
 */
import { DEMO_STATIONS } from '../scripts/demo/data';
import { TestProject, type Envelope } from './helpers/project';

let p: TestProject;
const logs: string[] = [];
beforeAll(async () => {
  p = await TestProject.start({ log: (line) => logs.push(line) });
});
afterAll(() => p.stop());

interface Item {
  id: string;
  name: string;
  latitude: number;
  longitude: number;
  distanceM?: number;
  distanceKm?: number;
}

/** 盛高大城, 西山区: a few hundred metres from the 融荣与共 centre, kilometres from 关上 in 官渡区. */
const SHENGGAO = { latitude: 25.028, longitude: 102.692 };

/** Great-circle metres on MongoDB's sphere (radius 6378.1 km), computed here independently of the product. */
function metres(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return 2 * 6378100 * Math.asin(Math.sqrt(h));
}

async function allPages(data: Record<string, unknown>, limit: number): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await p.ok('resident', 'orgs', 'stations', { ...data, limit, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const kunmingStations = DEMO_STATIONS.filter((s) => s.org !== 'ag' && s.org !== 'ag-g1');

test('with a position: every station of the subtree, nearest first, with its distance in metres', async () => {
  const items = await allPages({ orgId: p.orgId('km'), ...SHENGGAO }, 50);
  expect(items.map((s) => s.name).sort()).toEqual(kunmingStations.map((s) => s.name).sort());
  expect(items[0].name).toBe('盛高大城“融荣与共”实践中心');
  expect(items[0].distanceM).toBeLessThan(50);
  for (const [i, s] of items.entries()) {
    expect(s.distanceM).toBe(Math.round(metres(SHENGGAO, s)));
    expect(s.distanceKm).toBe(Math.round(s.distanceM! / 10) / 100);
    if (i > 0) expect(s.distanceM).toBeGreaterThanOrEqual(items[i - 1].distanceM!);
  }
  // 关上 (官渡区) is about 7 km east of 盛高大城.
  const guanshang = items.find((s) => s.name === '中心区社区政务服务大厅')!;
  expect(guanshang.distanceM).toBeGreaterThan(5000);
  expect(guanshang.distanceM).toBeLessThan(9000);
});

test('pages of any size put together give the same order', async () => {
  const whole = await allPages({ orgId: p.orgId('km'), ...SHENGGAO }, 50);
  const byTwo = await allPages({ orgId: p.orgId('km'), ...SHENGGAO }, 2);
  expect(byTwo.map((s) => s.id)).toEqual(whole.map((s) => s.id));
});

test('a page is one database read besides loading the org: the geoNear aggregate', async () => {
  logs.length = 0;
  const page = await p.ok('resident', 'orgs', 'stations', { orgId: p.orgId('gs'), ...SHENGGAO, limit: 2 });
  expect(page.items).toHaveLength(2);
  const line = logs.find((l) => l.includes('action=stations'));
  expect(line).toMatch(/ db=2 /);
});

test('only the subtree: Chengdu’s stations never show for a Kunming community, however near the caller is', async () => {
  const chengdu = DEMO_STATIONS.find((s) => s.org === 'ag')!;
  const items = await allPages({ orgId: p.orgId('zxq'), latitude: chengdu.latitude, longitude: chengdu.longitude }, 50);
  expect(items.length).toBeGreaterThan(0);
  expect(items.some((s) => s.name === chengdu.name)).toBe(false);
  expect(items[0].distanceM).toBeGreaterThan(500_000);
});

test('without a position: by name, as before, with no distance', async () => {
  const items = await allPages({ orgId: p.orgId('km') }, 3);
  const names = kunmingStations.map((s) => s.name).sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
  expect(items.map((s) => s.name)).toEqual(names);
  expect(items.every((s) => s.distanceM === undefined && s.distanceKm === undefined)).toBe(true);
});

test('a station is stored with a GeoJSON point; created and moved, it is found at its new place', async () => {
  const created = await p.ok('staff', 'orgs', 'createStation', {
    orgId: p.orgId('zxq'),
    type: 'yijiaqin',
    name: '测试“一家亲”工作站',
    address: '关上北路 18 号',
    latitude: 24.98,
    longitude: 102.75,
    hours: '每天 9:00-20:00',
    services: ['consult'],
    phone: '0871-67100011',
    greenChannel: false,
  });
  expect(created).toMatchObject({ latitude: 24.98, longitude: 102.75 });
  const stored = p.docs('stations').find((s) => s._id === created.id)!;
  expect(stored.location).toEqual({ type: 'Point', coordinates: [102.75, 24.98] });

  const here = { latitude: 24.98, longitude: 102.75 };
  const [first] = (await p.ok('resident', 'orgs', 'stations', { orgId: p.orgId('zxq'), ...here, limit: 1 })).items;
  expect(first).toMatchObject({ id: created.id, distanceM: 0, distanceKm: 0 });

  const moved = await p.ok('staff', 'orgs', 'updateStation', { id: created.id, latitude: 25.5 });
  expect(moved).toMatchObject({ latitude: 25.5, longitude: 102.75 });
  expect(p.docs('stations').find((s) => s._id === created.id)!.location).toEqual({
    type: 'Point',
    coordinates: [102.75, 25.5],
  });
  const after = (await p.ok('resident', 'orgs', 'stations', { orgId: p.orgId('zxq'), ...here, limit: 50 })).items;
  expect(after[after.length - 1]).toMatchObject({ id: created.id });
  expect(after[after.length - 1].distanceM).toBe(Math.round(metres(here, { latitude: 25.5, longitude: 102.75 })));
});

test('a station stored in the old { latitude, longitude } shape still reads, and its next update migrates it', async () => {
  const staffStation = p.docs('stations').find((s) => s.name === '中心区社区政务服务大厅')!;
  const legacy = {
    ...staffStation,
    _id: 'legacy-station',
    name: '旧数据站点',
    location: { latitude: 25.0, longitude: 102.7 },
  };
  // Written straight into the store, as data from before the 2dsphere index would be (the index refuses this shape).
  p.cloud.store.commit([{ collection: 'stations', id: 'legacy-station', doc: legacy }]);
  const byName = await allPages({ orgId: p.orgId('zxq') }, 50);
  expect(byName.find((s) => s.id === 'legacy-station')).toMatchObject({ latitude: 25.0, longitude: 102.7 });
  const nearby = await allPages({ orgId: p.orgId('zxq'), ...SHENGGAO }, 50);
  expect(nearby.some((s) => s.id === 'legacy-station')).toBe(false);

  await p.ok('staff', 'orgs', 'updateStation', { id: 'legacy-station', hours: '每天 9:00-18:00' });
  expect(p.docs('stations').find((s) => s._id === 'legacy-station')!.location).toEqual({
    type: 'Point',
    coordinates: [102.7, 25.0],
  });
  const migrated = await allPages({ orgId: p.orgId('zxq'), ...SHENGGAO }, 50);
  expect(migrated.find((s) => s.id === 'legacy-station')?.distanceM).toBe(
    Math.round(metres(SHENGGAO, { latitude: 25.0, longitude: 102.7 })),
  );
});

test('bad input is refused with the field named, not an internal error', async () => {
  const bad = async (data: Record<string, unknown>): Promise<Envelope> =>
    p.call('resident', 'orgs', 'stations', { orgId: p.orgId('km'), ...data });
  expect(await bad({ ...SHENGGAO, cursor: 'abc' })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', details: { fields: { cursor: expect.any(String) } } },
  });
  expect(await bad({ latitude: 95, longitude: 102.7 })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', details: { fields: { latitude: expect.any(String) } } },
  });
  expect(await bad({ latitude: 25, longitude: 181 })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', details: { fields: { longitude: expect.any(String) } } },
  });
});

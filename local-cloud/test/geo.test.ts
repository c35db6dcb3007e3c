/**
 * Geo queries through the unmodified wx-server-sdk: db.Geo values, _.geoNear / geoWithin / geoIntersects, the
 * aggregate geoNear stage, and CloudBase's errors when the geo index (2dsphere) is missing.
 */
import type { CollectionSpec } from '../src/store';
import { loadSdk, rejectionOf, startTestCloud, type Loose, type TestCloud } from './helpers';

let t: TestCloud;
let db: Loose;
let _: Loose;
let Geo: Loose;

const COLLECTIONS: CollectionSpec[] = [
  { name: 'attractions', indexes: [{ name: 'location_2dsphere', keys: { location: '2dsphere' } }] },
  { name: 'shapes', indexes: [{ name: 'area_2dsphere', keys: { area: '2dsphere' } }] },
  { name: 'equator', indexes: [{ name: 'at_2dsphere', keys: { at: '2dsphere' } }] },
  {
    name: 'commuters',
    indexes: [
      { name: 'home_2dsphere', keys: { home: '2dsphere' } },
      { name: 'work_2dsphere', keys: { work: '2dsphere' } },
    ],
  },
  { name: 'plain', indexes: [{ name: 'location_1', keys: { location: 1 } }] },
];

/** The records of CloudBase's own Aggregate.geoNear example. */
const ATTRACTIONS = [
  { _id: 'geoNear.0', city: 'Guangzhou', docType: 'geoNear', location: [113.30593, 23.1361155], name: 'Canton Tower' },
  {
    _id: 'geoNear.1',
    city: 'Guangzhou',
    docType: 'geoNear',
    location: [113.306789, 23.1564721],
    name: 'Baiyun Mountain',
  },
  {
    _id: 'geoNear.2',
    city: 'Beijing',
    docType: 'geoNear',
    location: [116.3949659, 39.9163447],
    name: 'The Palace Museum',
  },
  { _id: 'geoNear.3', city: 'Beijing', docType: 'geoNear', location: [116.2328567, 40.242373], name: 'Great Wall' },
];
/** The example's query point, in Haizhu district: Canton Tower is ~4.4 km away, Baiyun Mountain ~6.6 km. */
const HAIZHU = [113.3089506, 23.0968251];
/** One degree of a great circle on MongoDB's sphere (radius 6378.1 km), in metres. */
const DEGREE_M = (6378.1 * 1000 * Math.PI) / 180;

const square = (x0: number, y0: number, x1: number, y1: number) =>
  Geo.Polygon([
    Geo.LineString([Geo.Point(x0, y0), Geo.Point(x1, y0), Geo.Point(x1, y1), Geo.Point(x0, y1), Geo.Point(x0, y0)]),
  ]);
const line = (...points: number[][]) => Geo.LineString(points.map(([x, y]) => Geo.Point(x, y)));
const json = (value: unknown) => JSON.parse(JSON.stringify(value));

beforeAll(async () => {
  t = await startTestCloud({ collections: COLLECTIONS });
  const sdk = loadSdk(t.url);
  db = sdk.database();
  _ = db.command;
  Geo = db.Geo;
  for (const a of ATTRACTIONS) {
    await db.collection('attractions').add({ data: { ...a, location: Geo.Point(a.location[0], a.location[1]) } });
  }
  const shapes = {
    point: Geo.Point(1, 1),
    line: line([0, 5], [5, 5]),
    polygon: square(10, 10, 12, 12),
    multiPoint: Geo.MultiPoint([Geo.Point(20, 20), Geo.Point(21, 21)]),
    multiLine: Geo.MultiLineString([line([30, 30], [31, 31]), line([30, 35], [31, 35])]),
    multiPolygon: Geo.MultiPolygon([square(40, 40, 41, 41), square(44, 40, 45, 41)]),
  };
  for (const [_id, area] of Object.entries(shapes)) await db.collection('shapes').add({ data: { _id, area } });
  for (const lng of [0, 1, 2]) await db.collection('equator').add({ data: { _id: `e${lng}`, at: Geo.Point(lng, 0) } });
  await db.collection('commuters').add({ data: { _id: 'c1', home: Geo.Point(0, 0), work: Geo.Point(0, 1) } });
  await db.collection('plain').add({ data: { _id: 'p1', location: Geo.Point(0, 0) } });
});
afterAll(() => t.close());

async function ids(collection: string, query: unknown, build = (q: Loose) => q): Promise<string[]> {
  const res = await build(db.collection(collection).where(query)).get();
  return res.data.map((d: { _id: string }) => d._id);
}

async function end(pipeline: unknown): Promise<Loose[]> {
  const res = await (pipeline as { end(): Promise<{ list: Loose[]; errMsg: string }> }).end();
  expect(res.errMsg).toBe('collection.aggregate:ok');
  return res.list;
}

describe('db.Geo values', () => {
  test('are stored as GeoJSON and read back as db.Geo objects', async () => {
    const { data } = await db.collection('shapes').doc('polygon').get();
    expect(data.area.constructor.name).toBe('Polygon');
    expect(json(data.area)).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [10, 10],
          [12, 10],
          [12, 12],
          [10, 12],
          [10, 10],
        ],
      ],
    });
    const stored = t.cloud.store.collection('attractions').docs.get('geoNear.0')!;
    expect(stored.location).toEqual({ type: 'Point', coordinates: [113.30593, 23.1361155] });
    const { data: tower } = await db.collection('attractions').doc('geoNear.0').get();
    expect([tower.location.longitude, tower.location.latitude]).toEqual([113.30593, 23.1361155]);
  });

  test('a geo-indexed field refuses what is not a geometry (-502001 "Can\'t extract geo keys"), on add and update', async () => {
    const outOfBounds = await rejectionOf(db.collection('attractions').add({ data: { location: [200, 10] } }));
    expect(outOfBounds.errCode).toBe(-502001);
    expect(outOfBounds.errMsg).toMatch(
      /Can't extract geo keys.*longitude\/latitude is out of bounds, lng: 200 lat: 10/,
    );
    // The shape `{ latitude, longitude }` reads as a legacy pair, longitude first: latitude 102.7 is out of bounds.
    const latFirst = await rejectionOf(
      db.collection('attractions').add({ data: { location: { latitude: 25, longitude: 102.7 } } }),
    );
    expect(latFirst.errMsg).toMatch(/Can't extract geo keys/);
    const open = await rejectionOf(
      db.collection('shapes').add({
        data: {
          area: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 1],
              ],
            ],
          },
        },
      }),
    );
    expect(open.errMsg).toMatch(/Can't extract geo keys.*Loop is not closed/);
    const update = await rejectionOf(
      db
        .collection('attractions')
        .doc('geoNear.0')
        .update({ data: { location: 'Canton Tower' } }),
    );
    expect(update.errMsg).toMatch(/Can't extract geo keys/);
    expect(json((await db.collection('attractions').doc('geoNear.0').get()).data.location).coordinates).toEqual([
      113.30593, 23.1361155,
    ]);
    // The index is sparse: no location at all is fine.
    const { _id } = await db.collection('attractions').add({ data: { name: 'somewhere', city: 'Kashgar' } });
    await db.collection('attractions').doc(_id).remove();
  });
});

describe('_.geoNear (where → $nearSphere)', () => {
  const near = (options: Record<string, unknown> = {}) =>
    _.geoNear({ geometry: Geo.Point(HAIZHU[0], HAIZHU[1]), ...options });

  test('answers every located record nearest first', async () => {
    expect(await ids('attractions', { location: near() })).toEqual([
      'geoNear.0',
      'geoNear.1',
      'geoNear.2',
      'geoNear.3',
    ]);
  });

  test('maxDistance and minDistance are metres', async () => {
    expect(await ids('attractions', { location: near({ maxDistance: 5000 }) })).toEqual(['geoNear.0']);
    expect(await ids('attractions', { location: near({ maxDistance: 10000 }) })).toEqual(['geoNear.0', 'geoNear.1']);
    expect(await ids('attractions', { location: near({ minDistance: 5000, maxDistance: 10000 }) })).toEqual([
      'geoNear.1',
    ]);
    expect(await ids('attractions', { location: near({ minDistance: 1_000_000 }) })).toEqual([
      'geoNear.2',
      'geoNear.3',
    ]);
  });

  test('combines with other conditions, pages with skip/limit and projects with field()', async () => {
    expect(await ids('attractions', { city: 'Beijing', location: near() })).toEqual(['geoNear.2', 'geoNear.3']);
    expect(await ids('attractions', { location: near() }, (q) => q.skip(1).limit(2))).toEqual([
      'geoNear.1',
      'geoNear.2',
    ]);
    const { data } = await db
      .collection('attractions')
      .where({ location: near() })
      .field({ name: true })
      .limit(1)
      .get();
    expect(data).toEqual([{ _id: 'geoNear.0', name: 'Canton Tower' }]);
  });

  test('an orderBy wins over the distance order, as in MongoDB', async () => {
    const byName = await ids('attractions', { location: near({ maxDistance: 10000 }) }, (q) =>
      q.orderBy('name', 'asc'),
    );
    expect(byName).toEqual(['geoNear.1', 'geoNear.0']);
  });

  test('distances are great-circle metres on MongoDB’s sphere', async () => {
    const from = _.geoNear({ geometry: Geo.Point(0, 0), minDistance: DEGREE_M - 1, maxDistance: DEGREE_M + 1 });
    expect(await ids('equator', { at: from })).toEqual(['e1']);
  });

  test('measures to the nearest point of a line or polygon (0 inside it)', async () => {
    const inside = _.geoNear({ geometry: Geo.Point(11, 11), maxDistance: 0 });
    expect(await ids('shapes', { area: inside })).toEqual(['polygon']);
    const nearLine = _.geoNear({ geometry: Geo.Point(2.5, 6), maxDistance: DEGREE_M + 1 });
    expect(await ids('shapes', { area: nearLine })).toEqual(['line']);
  });

  test('drives update and remove too', async () => {
    await db.collection('equator').add({ data: { _id: 'e9', at: Geo.Point(9, 0) } });
    const res = await db
      .collection('equator')
      .where({ at: _.geoNear({ geometry: Geo.Point(9, 0), maxDistance: 10 }) })
      .update({ data: { tagged: true } });
    expect(res.stats.updated).toBe(1);
    expect(t.cloud.store.collection('equator').docs.get('e9')!.tagged).toBe(true);
    const removed = await db
      .collection('equator')
      .where({ at: _.geoNear({ geometry: Geo.Point(9, 0), maxDistance: 10 }) })
      .remove();
    expect(removed.stats.removed).toBe(1);
    expect(t.cloud.store.collection('equator').docs.has('e9')).toBe(false);
  });
});

describe('_.geoWithin', () => {
  test('a Polygon: what lies inside it', async () => {
    const guangzhou = _.geoWithin({ geometry: square(113, 23, 114, 24) });
    expect((await ids('attractions', { location: guangzhou })).sort()).toEqual(['geoNear.0', 'geoNear.1']);
  });

  test('a MultiPolygon: what lies inside any of its polygons', async () => {
    const palace = square(116.39, 39.91, 116.4, 39.92);
    const region = _.geoWithin({ geometry: Geo.MultiPolygon([square(113, 23, 114, 24), palace]) });
    expect((await ids('attractions', { location: region })).sort()).toEqual(['geoNear.0', 'geoNear.1', 'geoNear.2']);
  });

  test('lines and polygons count only when wholly inside', async () => {
    const region = _.geoWithin({ geometry: square(-1, -1, 11, 13) });
    expect((await ids('shapes', { area: region })).sort()).toEqual(['line', 'point']);
    const wider = _.geoWithin({ geometry: square(-1, -1, 13, 13) });
    expect((await ids('shapes', { area: wider })).sort()).toEqual(['line', 'point', 'polygon']);
    const multi = _.geoWithin({ geometry: square(29, 29, 32, 36) });
    expect(await ids('shapes', { area: multi })).toEqual(['multiLine']);
  });

  test('centerSphere: a circle of a radius in radians, its centre as [lng, lat] or a Point', async () => {
    const within = (km: number) => _.geoWithin({ centerSphere: [HAIZHU, km / 6378.1] });
    expect(await ids('attractions', { location: within(5) })).toEqual(['geoNear.0']);
    expect((await ids('attractions', { location: within(10) })).sort()).toEqual(['geoNear.0', 'geoNear.1']);
    const byPoint = _.geoWithin({ centerSphere: [Geo.Point(HAIZHU[0], HAIZHU[1]), 10 / 6378.1] });
    expect((await ids('attractions', { location: byPoint })).sort()).toEqual(['geoNear.0', 'geoNear.1']);
  });

  test('works in count, inside _.or, and in update', async () => {
    const guangzhou = _.geoWithin({ geometry: square(113, 23, 114, 24) });
    expect((await db.collection('attractions').where({ location: guangzhou }).count()).total).toBe(2);
    const either = _.or([{ location: guangzhou }, { name: 'Great Wall' }]);
    expect((await ids('attractions', either)).sort()).toEqual(['geoNear.0', 'geoNear.1', 'geoNear.3']);
    const res = await db
      .collection('attractions')
      .where({ location: guangzhou })
      .update({ data: { south: true } });
    expect(res.stats.updated).toBe(2);
    expect((await ids('attractions', { south: true })).sort()).toEqual(['geoNear.0', 'geoNear.1']);
  });
});

describe('_.geoIntersects', () => {
  test('a polygon meets the points inside it and the lines crossing it', async () => {
    const region = _.geoIntersects({ geometry: square(0, 0, 6, 6) });
    expect((await ids('shapes', { area: region })).sort()).toEqual(['line', 'point']);
  });

  test('a line meets the polygons it crosses; a point meets a MultiPoint holding it', async () => {
    expect(await ids('shapes', { area: _.geoIntersects({ geometry: line([9, 11], [13, 11]) }) })).toEqual(['polygon']);
    expect(await ids('shapes', { area: _.geoIntersects({ geometry: Geo.Point(21, 21) }) })).toEqual(['multiPoint']);
  });

  test('Multi* query geometries meet any of their parts', async () => {
    const parts = Geo.MultiLineString([line([44.5, 39], [44.5, 42]), line([30.5, 29], [30.5, 36])]);
    expect((await ids('shapes', { area: _.geoIntersects({ geometry: parts }) })).sort()).toEqual([
      'multiLine',
      'multiPolygon',
    ]);
    const points = Geo.MultiPoint([Geo.Point(1, 1), Geo.Point(11, 11)]);
    expect((await ids('shapes', { area: _.geoIntersects({ geometry: points }) })).sort()).toEqual(['point', 'polygon']);
  });
});

describe('aggregate geoNear', () => {
  test('CloudBase’s example: nearest first, the distance in metres at distanceField, includeLocs', async () => {
    const list = await end(
      db
        .collection('attractions')
        .aggregate()
        .geoNear({
          distanceField: 'distance',
          spherical: true,
          near: Geo.Point(HAIZHU[0], HAIZHU[1]),
          query: { docType: 'geoNear' },
          key: 'location',
          includeLocs: 'location',
        }),
    );
    expect(list.map((d) => d._id)).toEqual(['geoNear.0', 'geoNear.1', 'geoNear.2', 'geoNear.3']);
    expect(list[0].distance).toBeGreaterThan(4000);
    expect(list[0].distance).toBeLessThan(5000);
    expect(list[1].distance).toBeGreaterThan(6000);
    expect(list[1].distance).toBeLessThan(7000);
    expect(list[2].distance).toBeGreaterThan(1_800_000);
    expect(json(list[0].location)).toEqual({ type: 'Point', coordinates: [113.30593, 23.1361155] });
  });

  test('exact distances, distanceMultiplier, a dotted distanceField, min/max, limit and later stages', async () => {
    const list = await end(
      db
        .collection('equator')
        .aggregate()
        .geoNear({ near: Geo.Point(0, 0), spherical: true, distanceField: 'd.m' }),
    );
    expect(list.map((d) => d._id)).toEqual(['e0', 'e1', 'e2']);
    expect(list[0].d.m).toBe(0);
    expect(list[1].d.m).toBeCloseTo(DEGREE_M, 3);
    expect(list[2].d.m).toBeCloseTo(2 * DEGREE_M, 3);
    const km = await end(
      db
        .collection('equator')
        .aggregate()
        .geoNear({
          near: Geo.Point(0, 0),
          spherical: true,
          distanceField: 'km',
          distanceMultiplier: 0.001,
          minDistance: 1,
          maxDistance: 3 * DEGREE_M,
          limit: 1,
        })
        .project({ _id: 0, km: 1 }),
    );
    expect(km).toHaveLength(1);
    expect(km[0].km).toBeCloseTo(DEGREE_M / 1000, 6);
  });

  test('a geo query inside its query option; the stage feeds match, skip and limit', async () => {
    const list = await end(
      db
        .collection('attractions')
        .aggregate()
        .geoNear({
          near: Geo.Point(HAIZHU[0], HAIZHU[1]),
          spherical: true,
          distanceField: 'distance',
          query: { location: _.geoWithin({ geometry: square(100, 20, 120, 41) }) },
        })
        .match({ city: 'Beijing' })
        .skip(1)
        .limit(5),
    );
    expect(list.map((d) => d._id)).toEqual(['geoNear.3']);
  });

  test('several geo indexes need key', async () => {
    const nearBy = (extra: Record<string, unknown>) =>
      db
        .collection('commuters')
        .aggregate()
        .geoNear({ near: Geo.Point(0, 2), spherical: true, distanceField: 'd', ...extra });
    const err = await rejectionOf(end(nearBy({})));
    expect(err.code).toBe('DATABASE_REQUEST_FAILED');
    expect(err.errMsg).toMatch(/more than one 2dsphere index on commuters; unsure which to use for \$geoNear/);
    const [viaWork] = await end(nearBy({ key: 'work' }));
    const [viaHome] = await end(nearBy({ key: 'home' }));
    expect(viaWork.d).toBeCloseTo(DEGREE_M, 3);
    expect(viaHome.d).toBeCloseTo(2 * DEGREE_M, 3);
  });

  test('geoNear must be the first stage, with spherical: true and a distanceField', async () => {
    const later = await rejectionOf(
      end(
        db
          .collection('equator')
          .aggregate()
          .match({})
          .geoNear({ near: Geo.Point(0, 0), spherical: true, distanceField: 'd' }),
      ),
    );
    expect(later.errMsg).toMatch(/\$geoNear is only valid as the first stage in a pipeline/);
    const noSpherical = await rejectionOf(
      end(
        db
          .collection('equator')
          .aggregate()
          .geoNear({ near: Geo.Point(0, 0), distanceField: 'd' }),
      ),
    );
    expect(noSpherical.errMsg).toMatch(/spherical: true/);
    const noField = await rejectionOf(
      end(
        db
          .collection('equator')
          .aggregate()
          .geoNear({ near: Geo.Point(0, 0), spherical: true }),
      ),
    );
    expect(noField.errMsg).toMatch(/distanceField/);
  });
});

describe('CloudBase’s errors', () => {
  test('geoNear on a field without a geo index: -502001 "unable to find index for $geoNear query"', async () => {
    const err = await rejectionOf(
      db
        .collection('plain')
        .where({ location: _.geoNear({ geometry: Geo.Point(0, 0) }) })
        .get(),
    );
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toMatch(
      /GEONEAR {2}field=location .*planner returned error: unable to find index for \$geoNear query/s,
    );
    // An ordinary ascending index on the field is no geo index (what CloudBase users hit when they pick 升序).
    expect(t.cloud.store.collection('plain').indexes[0].spec.keys).toEqual({ location: 1 });
  });

  test('geoWithin and geoIntersects without a geo index: -502001, as CloudBase requires one for them too', async () => {
    for (const cond of [
      _.geoWithin({ geometry: square(-1, -1, 1, 1) }),
      _.geoIntersects({ geometry: square(-1, -1, 1, 1) }),
    ]) {
      const err = await rejectionOf(db.collection('plain').where({ location: cond }).get());
      expect(err.errCode).toBe(-502001);
      expect(err.errMsg).toMatch(/unable to find a 2dsphere index for \$geo(Within|Intersects) on plain\.location/);
    }
  });

  test('aggregate geoNear without a geo index, or with key on an unindexed field', async () => {
    const none = await rejectionOf(
      end(
        db
          .collection('plain')
          .aggregate()
          .geoNear({ near: Geo.Point(0, 0), spherical: true, distanceField: 'd' }),
      ),
    );
    expect(none.code).toBe('DATABASE_REQUEST_FAILED');
    expect(none.errMsg).toMatch(/\$geoNear requires a 2d or 2dsphere index, but none were found/);
    const badKey = await rejectionOf(
      end(
        db
          .collection('attractions')
          .aggregate()
          .geoNear({ near: Geo.Point(0, 0), spherical: true, distanceField: 'd', key: 'city' }),
      ),
    );
    expect(badKey.errMsg).toMatch(/index on key "city"/);
  });

  test('geoNear cannot sit inside or / not count, as in MongoDB', async () => {
    const near = _.geoNear({ geometry: Geo.Point(0, 0) });
    const nested = await rejectionOf(
      db
        .collection('attractions')
        .where(_.or([{ location: near }, { city: 'x' }]))
        .get(),
    );
    expect(nested.errCode).toBe(-502001);
    expect(nested.errMsg).toMatch(/geoNear must be top-level expr/);
    const counted = await rejectionOf(db.collection('attractions').where({ location: near }).count());
    expect(counted.errMsg).toMatch(/\$geoNear, \$near, and \$nearSphere are not allowed in this context/);
  });

  test('a malformed geometry sent raw is refused with -502001, and the server keeps serving', async () => {
    const polygonWithin = await rejectionOf(
      db
        .collection('attractions')
        .where({ location: { $geoWithin: { $geometry: { type: 'Point', coordinates: [0, 0] } } } })
        .get(),
    );
    expect(polygonWithin.errCode).toBe(-502001);
    expect(polygonWithin.errMsg).toMatch(/\$geoWithin not supported with provided geometry/);
    const badPoint = await rejectionOf(
      db
        .collection('attractions')
        .where({ location: { $nearSphere: { $geometry: { type: 'Point', coordinates: [0, 95] } } } })
        .get(),
    );
    expect(badPoint.errMsg).toMatch(/out of bounds/);
    expect(await ids('attractions', { city: 'Beijing' })).toHaveLength(2);
  });
});

import type { Page, StationView } from '../../miniprogram/shared/api';
import type { StationType } from '../../miniprogram/shared/orgs';
import { orgsSchemas } from '../../miniprogram/shared/schemas/orgs';
import { _, cloud, db, findById, type Doc } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { denied, notFound } from '../../backend/core/errors';
import { can } from '../../backend/core/identity';
import { loadActiveOrg, loadOrg } from '../../backend/core/orgs';
import { DEFAULT_PAGE_SIZE, offsetOf, pageOf, toPage } from '../../backend/core/paging';
import { action, type RequestContext } from '../../backend/core/router';

/** A station's place as GeoJSON, so that the `location_2dsphere` index serves "nearest first" (geoNear). */
export interface GeoPoint {
  type: 'Point';
  /** [longitude, latitude], in this order. */
  coordinates: [number, number];
}

export interface StationDoc extends Doc {
  orgId: string;
  ancestors: string[];
  type: StationType;
  name: string;
  address: string;
  location: GeoPoint;
  hours: string;
  services: string[];
  phone: string;
  greenChannel: boolean;
}

/** Stations of a subtree are few (tens): the list by name reads at most this many, in one indexed query. */
const MAX_STATIONS = 500;

export function geoPoint(latitude: number, longitude: number): GeoPoint {
  return { type: 'Point', coordinates: [longitude, latitude] };
}

/**
 * Latitude and longitude of a stored location, whichever way it reads: GeoJSON as stored, the SDK's `db.Geo.Point`
 * (what `get()` turns GeoJSON points into), or `{ latitude, longitude }` as stations were stored before.
 */
export function latLngOf(location: unknown): { latitude: number; longitude: number } {
  const l = location as { coordinates?: number[]; latitude?: number; longitude?: number };
  if (Array.isArray(l?.coordinates)) return { latitude: l.coordinates[1], longitude: l.coordinates[0] };
  return { latitude: Number(l?.latitude), longitude: Number(l?.longitude) };
}

/** `distanceM`: metres from the caller, as the database measured them. */
export function toStationView(s: StationDoc, distanceM?: number): StationView {
  const view: StationView = {
    id: s._id,
    orgId: s.orgId,
    type: s.type,
    name: s.name,
    address: s.address,
    ...latLngOf(s.location),
    hours: s.hours,
    services: s.services,
    phone: s.phone,
    greenChannel: s.greenChannel,
  };
  if (distanceM !== undefined) {
    view.distanceM = Math.round(distanceM);
    view.distanceKm = Math.round(distanceM / 10) / 100;
  }
  return view;
}

export async function stationsUnder(orgId: string): Promise<StationDoc[]> {
  const { data } = await db.collection(COLLECTIONS.stations).where({ ancestors: orgId }).limit(MAX_STATIONS).get();
  return data as StationDoc[];
}

/** By name, as 中文 sorts. */
export function sortStations(stations: StationDoc[]): StationDoc[] {
  return [...stations].sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

/** The aggregate pipeline calls used here (wx-server-sdk's typings answer `void | Promise` for `end()`). */
interface StationPipeline {
  geoNear(options: Record<string, unknown>): StationPipeline;
  skip(n: number): StationPipeline;
  limit(n: number): StationPipeline;
  end(): Promise<{ list: (StationDoc & { distanceM: number })[] }>;
}

/**
 * A page of the subtree's stations nearest first, in one query: the `$geoNear` stage over the 2dsphere index,
 * which also gives each station's distance in metres. One more than the page is read to know whether more follow.
 */
async function nearestStations(
  orgId: string,
  from: { latitude: number; longitude: number },
  offset: number,
  limit: number,
): Promise<Page<StationView>> {
  const database = cloud.database();
  const { list } = await (database.collection(COLLECTIONS.stations) as unknown as { aggregate(): StationPipeline })
    .aggregate()
    .geoNear({
      near: database.Geo.Point(from.longitude, from.latitude),
      spherical: true,
      key: 'location',
      distanceField: 'distanceM',
      query: { ancestors: orgId },
    })
    .skip(offset)
    .limit(limit + 1)
    .end();
  return pageOf(
    toPage(list, limit, () => String(offset + limit)),
    (s) => toStationView(s, s.distanceM),
  );
}

/** Staff and admins manage the stations of the orgs in their scope. */
async function assertManages(ctx: RequestContext, ancestors: string[], message: string): Promise<void> {
  if (!can(await ctx.caller(), ['admin', 'staff'], ancestors)) throw denied(message);
}

/** The station actions of `orgs`. */
export const stationActions = {
  stations: action({
    schema: orgsSchemas.stations,
    async handler(input) {
      const org = await loadOrg(input.orgId);
      const offset = offsetOf(input.cursor);
      const limit = input.limit ?? DEFAULT_PAGE_SIZE;
      if (input.latitude !== undefined && input.longitude !== undefined) {
        return nearestStations(org._id, { latitude: input.latitude, longitude: input.longitude }, offset, limit);
      }
      const sorted = sortStations(await stationsUnder(org._id));
      return pageOf(
        toPage(sorted.slice(offset, offset + limit + 1), limit, () => String(offset + limit)),
        (s) => toStationView(s),
      );
    },
  }),

  createStation: action({
    schema: orgsSchemas.createStation,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const org = await loadActiveOrg(input.orgId);
      await assertManages(ctx, org.ancestors, '该组织不在你的管辖范围内');
      const { orgId: _orgId, latitude, longitude, ...fields } = input;
      const now = new Date();
      const doc = {
        ...fields,
        orgId: org._id,
        ancestors: org.ancestors,
        location: geoPoint(latitude, longitude),
        createdAt: now,
        updatedAt: now,
      };
      const { _id } = await db.collection(COLLECTIONS.stations).add({ data: doc });
      return toStationView({ _id, ...doc });
    },
  }),

  updateStation: action({
    schema: orgsSchemas.updateStation,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const station = await findById<StationDoc>(COLLECTIONS.stations, input.id);
      if (!station) throw notFound('站点不存在');
      await assertManages(ctx, station.ancestors, '该站点不在你的管辖范围内');
      const { id: _id, latitude, longitude, ...fields } = input;
      const was = latLngOf(station.location);
      // Written on every update, so that a station stored in the old { latitude, longitude } shape is migrated.
      const location = geoPoint(latitude ?? was.latitude, longitude ?? was.longitude);
      await db
        .collection(COLLECTIONS.stations)
        .doc(station._id)
        .update({ data: { ...fields, location: _.set(location), updatedAt: new Date() } });
      return toStationView({ ...station, ...fields, location });
    },
  }),
};

/**
 * Geo queries over a `2dsphere` index (地理位置索引), answered as CloudBase's MongoDB answers what the SDK sends:
 * `db.Geo.*` values are GeoJSON; `_.geoNear` is `$nearSphere: { $geometry: Point, $maxDistance?, $minDistance? }`
 * (metres, nearest first); `_.geoWithin` is `$geoWithin: { $geometry: Polygon | MultiPolygon }` or
 * `{ $centerSphere: [[lng, lat], radians] }`; `_.geoIntersects` is `$geoIntersects: { $geometry }`; and
 * `aggregate().geoNear()` is the `$geoNear` stage. mingo knows none of them: `$geoWithin` and `$geoIntersects` are
 * added to its query operators (GEO_CONTEXT), while `$nearSphere`, which orders as well as filters, is taken out of
 * the query and applied here. Containment and intersection come from turf (planar edges in longitude/latitude);
 * distances are great-circle distances on MongoDB's sphere.
 */
import { booleanIntersects } from '@turf/boolean-intersects';
import { booleanWithin } from '@turf/boolean-within';
import type { LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { Context, Query, find } from 'mingo';
import type { Doc } from './ejson';
import { CloudError } from './errors';
import type { Collection, FindOptions } from './store';
import { cloneValue, isPlainObject, setPath } from './values';

export type Geometry = Point | MultiPoint | LineString | MultiLineString | Polygon | MultiPolygon;

/** MongoDB's earth radius for spherical distances (the one CloudBase's docs divide by to get radians). */
export const EARTH_RADIUS_M = 6378.1 * 1000;

const NEAR_OPS = ['$nearSphere', '$near'];
const GEO_OPS = new Set([...NEAR_OPS, '$geoWithin', '$geoIntersects']);
const NEAR_NOT_ALLOWED = '$geoNear, $near, and $nearSphere are not allowed in this context';

function refuse(message: string): never {
  throw new CloudError('DATABASE_REQUEST_FAILED', message);
}

// ---- GeoJSON values ----

function positionProblem(p: unknown): string | undefined {
  if (!Array.isArray(p) || p.length < 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return 'a position must be [longitude, latitude] numbers';
  }
  const [lng, lat] = p as number[];
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
    return `longitude/latitude is out of bounds, lng: ${lng} lat: ${lat}`;
  }
  return undefined;
}

function listProblem(c: unknown, item: (x: unknown) => string | undefined, what: string): string | undefined {
  if (!Array.isArray(c) || c.length === 0) return `${what} must have at least one element`;
  for (const x of c) {
    const problem = item(x);
    if (problem) return problem;
  }
  return undefined;
}

function lineProblem(c: unknown): string | undefined {
  if (!Array.isArray(c) || c.length < 2) return 'GeoJSON LineString must have at least 2 vertices';
  return listProblem(c, positionProblem, 'LineString');
}

function ringProblem(c: unknown): string | undefined {
  if (!Array.isArray(c) || c.length < 4) return 'Loop must have at least 3 different vertices';
  const problem = listProblem(c, positionProblem, 'Loop');
  if (problem) return problem;
  const [first, last] = [c[0] as number[], c[c.length - 1] as number[]];
  return first[0] === last[0] && first[1] === last[1] ? undefined : 'Loop is not closed';
}

function polygonProblem(c: unknown): string | undefined {
  return listProblem(c, ringProblem, 'Polygon');
}

/**
 * A value as a geometry, or why it is not one: GeoJSON, or a legacy coordinate pair (`[lng, lat]` or `{ lng, lat }`,
 * longitude first) read as a Point, as a 2dsphere index reads them.
 */
function asGeometry(value: unknown): Geometry | string {
  const notGeo = 'not a GeoJSON geometry or a [longitude, latitude] pair';
  if (Array.isArray(value)) return positionProblem(value) ?? { type: 'Point', coordinates: value as Position };
  if (!isPlainObject(value)) return notGeo;
  if (value.type === undefined) {
    const pair = Object.values(value);
    return pair.length === 2 ? asGeometry(pair) : notGeo;
  }
  const c = value.coordinates;
  const problems: Record<string, () => string | undefined> = {
    Point: () => positionProblem(c),
    MultiPoint: () => listProblem(c, positionProblem, 'MultiPoint'),
    LineString: () => lineProblem(c),
    MultiLineString: () => listProblem(c, lineProblem, 'MultiLineString'),
    Polygon: () => polygonProblem(c),
    MultiPolygon: () => listProblem(c, polygonProblem, 'MultiPolygon'),
  };
  const check = typeof value.type === 'string' ? problems[value.type] : undefined;
  if (!check) return `unknown GeoJSON type: ${JSON.stringify(value.type)}`;
  return check() ?? ({ type: value.type, coordinates: c } as Geometry);
}

/** The single-part pieces of a geometry (a Multi* is within a region when each of its parts is). */
function partsOf(g: Geometry): (Point | LineString | Polygon)[] {
  switch (g.type) {
    case 'MultiPoint':
      return g.coordinates.map((coordinates) => ({ type: 'Point', coordinates }));
    case 'MultiLineString':
      return g.coordinates.map((coordinates) => ({ type: 'LineString', coordinates }));
    case 'MultiPolygon':
      return g.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
    default:
      return [g];
  }
}

function verticesOf(g: Geometry): Position[] {
  return partsOf(g).flatMap((part) =>
    part.type === 'Point'
      ? [part.coordinates]
      : part.type === 'LineString'
        ? part.coordinates
        : part.coordinates.flat(),
  );
}

/** Values at a dot path, through arrays of sub-documents on the way. */
function leaves(value: unknown, parts: string[], i: number, out: unknown[] = []): unknown[] {
  if (i === parts.length) out.push(value);
  else if (Array.isArray(value)) for (const item of value) leaves(item, parts, i, out);
  else if (isPlainObject(value)) leaves(value[parts[i]], parts, i + 1, out);
  return out;
}

interface GeoField {
  geometries: Geometry[];
  /** The first value a 2dsphere index could not take (MongoDB refuses to write such a document). */
  problem?: { value: unknown; reason: string };
}

/** The geometries a document holds in a geo-indexed field: missing, null and [] are left out (the index is sparse). */
function readGeoField(doc: unknown, path: string): GeoField {
  const out: GeoField = { geometries: [] };
  for (const value of leaves(doc, path.split('.'), 0)) {
    if (value === null || value === undefined) continue;
    const isPair = Array.isArray(value) && typeof value[0] === 'number';
    for (const item of Array.isArray(value) && !isPair ? value : [value]) {
      const g = asGeometry(item);
      if (typeof g === 'string') out.problem ??= { value: item, reason: g };
      else out.geometries.push(g);
    }
  }
  return out;
}

function geoIndexFields(coll: Collection): string[] {
  return [...new Set(coll.indexes.flatMap((index) => index.geoFields))];
}

/** Refuses a write that a 2dsphere index cannot take, with MongoDB's "Can't extract geo keys". */
export function assertGeoKeys(coll: Collection, doc: Doc): void {
  for (const field of geoIndexFields(coll)) {
    const { problem } = readGeoField(doc, field);
    if (problem) {
      refuse(
        `Can't extract geo keys: { _id: ${JSON.stringify(doc._id)}, ${field}: ${JSON.stringify(problem.value)} }  ${problem.reason}`,
      );
    }
  }
}

// ---- distances ----

const RAD = Math.PI / 180;

/** Great-circle angle between two positions, in radians (haversine). */
function angle(a: Position, b: Position): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLng = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function bearing(a: Position, b: Position): number {
  const [φ1, φ2, Δλ] = [a[1] * RAD, b[1] * RAD, (b[0] - a[0]) * RAD];
  return Math.atan2(
    Math.sin(Δλ) * Math.cos(φ2),
    Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ),
  );
}

/** Angle from p to the great-circle segment a–b (cross-track distance, or the nearer end). */
function angleToSegment(p: Position, a: Position, b: Position): number {
  const toP = angle(a, p);
  const length = angle(a, b);
  if (length === 0) return toP;
  const turn = bearing(a, p) - bearing(a, b);
  const crossTrack = Math.asin(Math.sin(toP) * Math.sin(turn));
  const alongTrack = Math.acos(Math.max(-1, Math.min(1, Math.cos(toP) / Math.cos(crossTrack))));
  if (Math.cos(turn) < 0 || alongTrack > length) return Math.min(toP, angle(b, p));
  return Math.abs(crossTrack);
}

function angleToLine(p: Position, line: Position[]): number {
  let best = Infinity;
  for (let i = 1; i < line.length; i++) best = Math.min(best, angleToSegment(p, line[i - 1], line[i]));
  return best;
}

/** Metres from a point to the nearest part of a geometry (0 inside a polygon), as `$nearSphere` measures. */
export function distanceMeters(from: Position, g: Geometry): number {
  let best = Infinity;
  for (const part of partsOf(g)) {
    if (part.type === 'Point') best = Math.min(best, angle(from, part.coordinates));
    else if (part.type === 'LineString') best = Math.min(best, angleToLine(from, part.coordinates));
    else if (booleanIntersects({ type: 'Point', coordinates: from }, part)) return 0;
    else for (const ring of part.coordinates) best = Math.min(best, angleToLine(from, ring));
  }
  return best * EARTH_RADIUS_M;
}

// ---- query operators ----

function queryGeometry(spec: unknown, op: string): Geometry {
  if (!isPlainObject(spec) || spec.$geometry === undefined) {
    refuse(`${op} needs a $geometry here (the SDK sends no other form)`);
  }
  const g = asGeometry(spec.$geometry);
  if (typeof g === 'string') refuse(`${op}: invalid $geometry: ${g}`);
  return g;
}

type Region = (g: Geometry) => boolean;

function withinRegion(spec: unknown): Region {
  if (isPlainObject(spec) && spec.$centerSphere !== undefined) {
    const cs = spec.$centerSphere;
    if (!Array.isArray(cs) || cs.length !== 2 || typeof cs[1] !== 'number' || !(cs[1] >= 0)) {
      refuse('$centerSphere needs [[longitude, latitude], radius in radians]');
    }
    const center = asGeometry(cs[0]);
    if (typeof center === 'string' || center.type !== 'Point')
      refuse('$centerSphere needs a [longitude, latitude] centre');
    const radius = cs[1] as number;
    // A spherical cap is convex: a shape is inside when all its vertices are.
    return (g) => verticesOf(g).every((v) => angle(center.coordinates, v) <= radius);
  }
  const region = queryGeometry(spec, '$geoWithin');
  if (region.type !== 'Polygon' && region.type !== 'MultiPolygon') {
    refuse(`$geoWithin not supported with provided geometry: ${JSON.stringify(region)}`);
  }
  return (g) => partsOf(g).every((part) => booleanWithin(part, region));
}

function intersectsRegion(spec: unknown): Region {
  const region = queryGeometry(spec, '$geoIntersects');
  return (g) => booleanIntersects(g, region);
}

function fieldOperator(regionOf: (spec: unknown) => Region) {
  return (selector: string, spec: unknown) => {
    const region = regionOf(spec);
    return (doc: Doc) => readGeoField(doc, selector).geometries.some(region);
  };
}

/**
 * mingo's query operators plus `$geoWithin` and `$geoIntersects`. A `$near`/`$nearSphere` still in a query here is
 * one that cannot order anything (in a count, a `$match`, a `$geoNear` stage's query): MongoDB refuses it.
 */
export const GEO_CONTEXT = Context.init({
  query: {
    $geoWithin: fieldOperator(withinRegion),
    $geoIntersects: fieldOperator(intersectsRegion),
    $near: () => refuse(NEAR_NOT_ALLOWED),
    $nearSphere: () => refuse(NEAR_NOT_ALLOWED),
  } as never,
});

interface GeoUse {
  field: string;
  op: string;
}

/** Every geo operator of a query, with its field (inside `$and/$or/$nor` and a field's `$not` too). */
function geoUses(query: unknown, out: GeoUse[] = []): GeoUse[] {
  if (Array.isArray(query)) for (const part of query) geoUses(part, out);
  if (!isPlainObject(query)) return out;
  const fieldOps = (field: string, cond: unknown) => {
    if (!isPlainObject(cond)) return;
    for (const [op, arg] of Object.entries(cond)) {
      if (GEO_OPS.has(op)) out.push({ field, op });
      else if (op === '$not') fieldOps(field, arg);
    }
  };
  for (const [key, cond] of Object.entries(query)) {
    if (key.startsWith('$')) geoUses(cond, out);
    else fieldOps(key, cond);
  }
  return out;
}

/** The query without its geo conditions: a superset of it that the planner can serve from an ordinary index. */
function withoutGeo(query: Doc): Doc {
  const out: Doc = {};
  for (const [key, cond] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(cond))
      out.$and = cond.map((part) => (isPlainObject(part) ? withoutGeo(part) : part));
    else if (geoUses({ [key]: cond }).length === 0) out[key] = cond;
  }
  return out;
}

interface Near {
  field: string;
  point: Position;
  min: number;
  max: number;
}

function parseNear(field: string, spec: unknown): Near {
  const g = queryGeometry(spec, '$nearSphere');
  if (g.type !== 'Point') refuse(`invalid point in geo near query $geometry argument: ${JSON.stringify(g)}`);
  const { $minDistance: min = 0, $maxDistance: max = Infinity } = spec as Doc;
  if (typeof min !== 'number' || !(min >= 0)) refuse('$minDistance must be a non-negative number');
  if (typeof max !== 'number' || !(max >= 0)) refuse('$maxDistance must be a non-negative number');
  return { field, point: g.coordinates, min, max };
}

/** Takes the one `$nearSphere` (or `$near`) out of a query: allowed only at its top level, as in MongoDB. */
function takeNear(query: Doc): { near?: Near; rest: Doc } {
  let near: Near | undefined;
  const take = (q: Doc): Doc => {
    const out: Doc = {};
    for (const [key, cond] of Object.entries(q)) {
      const op = !key.startsWith('$') && isPlainObject(cond) ? NEAR_OPS.find((o) => o in cond) : undefined;
      if (key === '$and' && Array.isArray(cond)) {
        out.$and = cond.map((part) => (isPlainObject(part) ? take(part) : part));
      } else if (op) {
        if (near) refuse('Too many geoNear expressions');
        near = parseNear(key, (cond as Doc)[op]);
        const others = Object.entries(cond as Doc).filter(([o]) => !NEAR_OPS.includes(o));
        if (others.length) out[key] = Object.fromEntries(others);
      } else {
        out[key] = cond;
      }
    }
    return out;
  };
  const rest = take(query);
  if (geoUses(rest).some((use) => NEAR_OPS.includes(use.op))) refuse('geoNear must be top-level expr');
  return { near, rest };
}

function assertGeoIndexes(coll: Collection, uses: GeoUse[], near?: Near): void {
  const indexed = new Set(geoIndexFields(coll));
  if (near && !indexed.has(near.field)) {
    // The message CloudBase relays from MongoDB's planner (code -502001), e.g. for a geoNear on an unindexed field.
    refuse(
      `error processing query: ns=${coll.name}Tree: GEONEAR  field=${near.field} maxdist=${near.max === Infinity ? '1.79769e+308' : near.max} isNearSphere=1\n` +
        'Sort: {}\nProj: {}\n planner returned error: unable to find index for $geoNear query',
    );
  }
  const missing = uses.find((use) => !indexed.has(use.field));
  if (missing) {
    refuse(
      `unable to find a 2dsphere index for ${missing.op} on ${coll.name}.${missing.field}: CloudBase requires a geo index (地理位置索引) on the queried field`,
    );
  }
}

interface GeoFindOptions extends FindOptions {
  /** `$nearSphere` orders a find (get, update, remove); in a count or a `$match` MongoDB refuses it. */
  nearAllowed?: boolean;
}

/** Whether a query needs the geo path (findDocs) rather than the store's plain find. */
export function hasGeo(query: Doc): boolean {
  return geoUses(query).length > 0;
}

/**
 * A find over a collection that understands geo operators: the other conditions narrow the candidates (through the
 * planner), mingo with GEO_CONTEXT filters them, and `$nearSphere` keeps those within its distances, nearest first —
 * unless a sort is given, which wins as in MongoDB. Without geo operators this is the store's find.
 */
export function findDocs(coll: Collection, query: Doc, opts: GeoFindOptions = {}): Doc[] {
  if (!hasGeo(query)) return coll.find(query, opts);
  const { near, rest } = takeNear(query);
  if (near && !opts.nearAllowed) refuse(NEAR_NOT_ALLOWED);
  assertGeoIndexes(coll, geoUses(rest), near);
  const matcher = new Query(rest, { context: GEO_CONTEXT });
  let docs = coll.find(withoutGeo(rest)).filter((doc) => matcher.test(doc));
  if (near) docs = measure(docs, near).map((m) => m.doc);
  const projection = opts.projection && Object.keys(opts.projection).length ? opts.projection : undefined;
  let cursor = find(docs, {}, projection);
  if (opts.sort?.length) cursor = cursor.sort(Object.fromEntries(opts.sort));
  if (opts.skip) cursor = cursor.skip(opts.skip);
  if (opts.limit !== undefined && Number.isFinite(opts.limit)) cursor = cursor.limit(opts.limit);
  return cursor.all() as Doc[];
}

export function countDocs(coll: Collection, query: Doc): number {
  return hasGeo(query) ? findDocs(coll, query).length : coll.count(query);
}

interface Measured {
  doc: Doc;
  distance: number;
  location: Geometry;
}

/** Documents within the near's distances, nearest first (ties keep their order). */
function measure(docs: Doc[], near: Near): Measured[] {
  const out: Measured[] = [];
  for (const doc of docs) {
    let best: Measured | undefined;
    for (const location of readGeoField(doc, near.field).geometries) {
      const distance = distanceMeters(near.point, location);
      if (!best || distance < best.distance) best = { doc, distance, location };
    }
    if (best && best.distance >= near.min && best.distance <= near.max) out.push(best);
  }
  return out.sort((a, b) => a.distance - b.distance);
}

/** The geo field a `$geoNear` stage measures: its `key`, or the collection's only geo-indexed field. */
function geoNearField(coll: Collection, key: unknown): string {
  const fields = geoIndexFields(coll);
  if (key !== undefined) {
    if (typeof key !== 'string' || !fields.includes(key)) {
      refuse(`$geoNear requires a 2d or 2dsphere index on key ${JSON.stringify(key)}, but none was found`);
    }
    return key;
  }
  if (fields.length === 0) refuse('$geoNear requires a 2d or 2dsphere index, but none were found');
  if (fields.length > 1)
    refuse(`There is more than one 2dsphere index on ${coll.name}; unsure which to use for $geoNear`);
  return fields[0];
}

/**
 * The aggregate `$geoNear` stage (CloudBase: first stage only, `spherical: true`, a geo index, `key` when several):
 * the documents matching `query` within `minDistance`/`maxDistance` metres of `near`, nearest first, each with its
 * distance in metres (× `distanceMultiplier`) at `distanceField` and, with `includeLocs`, the location measured.
 */
export function geoNearStage(coll: Collection, spec: unknown): Doc[] {
  if (!isPlainObject(spec)) refuse('$geoNear requires an object');
  if (typeof spec.distanceField !== 'string' || spec.distanceField === '') {
    refuse("$geoNear requires a 'distanceField' option as a String");
  }
  if (!isPlainObject(spec.near)) refuse("$geoNear requires a 'near' option as a GeoJSON Point");
  // CloudBase documents `spherical` as required and true (MongoDB ≥ 4.2 would default it): refused here when missing.
  if (spec.spherical !== true) refuse("$geoNear requires 'spherical: true' (CloudBase: 必填，值为 true)");
  const query = spec.query ?? {};
  if (!isPlainObject(query)) refuse("$geoNear 'query' must be an object");
  const multiplier = spec.distanceMultiplier ?? 1;
  if (typeof multiplier !== 'number') refuse("$geoNear 'distanceMultiplier' must be a number");
  const near = parseNear(geoNearField(coll, spec.key), {
    $geometry: spec.near,
    $minDistance: spec.minDistance,
    $maxDistance: spec.maxDistance,
  });
  let rows = measure(findDocs(coll, query), near);
  if (typeof spec.limit === 'number') rows = rows.slice(0, Math.max(0, spec.limit));
  const includeLocs = typeof spec.includeLocs === 'string' && spec.includeLocs ? spec.includeLocs : undefined;
  return rows.map(({ doc, distance, location }) => {
    const out = cloneValue(doc);
    setPath(out, spec.distanceField as string, distance * multiplier);
    if (includeLocs) setPath(out, includeLocs, cloneValue(location));
    return out;
  });
}

import * as v from 'valibot';
import { REQUEST_CATEGORY_VALUES } from '../categories';
import { ORG_LEVELS, STATION_TYPES } from '../orgs';
import { contactPhone, id, latitude, listParams, longitude, optionalText, text } from './common';

const contact = v.strictObject({
  name: optionalText(30),
  phone: v.optional(v.union([contactPhone, v.literal('')], '请输入手机号或座机号')),
  address: optionalText(100),
  /** Office hours, as people say them: 周一至周五 9:00-17:00. */
  hours: optionalText(60),
});

const stationFields = {
  type: v.picklist(STATION_TYPES, '站点类型无效'),
  name: text(40),
  address: text(100),
  latitude,
  longitude,
  hours: text(60),
  services: v.pipe(
    v.array(v.picklist(REQUEST_CATEGORY_VALUES, '服务类别无效'), '必须是列表'),
    v.maxLength(13, '服务类别过多'),
  ),
  phone: contactPhone,
  greenChannel: v.boolean('必须是是/否'),
};

/** How much of a move job one call runs (defaults: batches of 200, as many as its time allows). */
const moveRun = {
  batchSize: v.optional(
    v.pipe(v.number('必须是数字'), v.integer('必须是整数'), v.minValue(1, '最小为 1'), v.maxValue(500, '最大为 500')),
  ),
  maxBatches: v.optional(
    v.pipe(
      v.number('必须是数字'),
      v.integer('必须是整数'),
      v.minValue(1, '最小为 1'),
      v.maxValue(10000, '最大为 10000'),
    ),
  ),
};

export const orgsSchemas = {
  create: v.strictObject({ parentId: v.optional(id), name: text(40), level: v.picklist(ORG_LEVELS, '层级无效') }),
  get: v.strictObject({ id }),
  children: v.strictObject({ id }),
  roots: v.strictObject({}),
  home: v.strictObject({ orgId: v.optional(id) }),
  rename: v.strictObject({ id, name: text(40) }),
  move: v.strictObject({ id, parentId: id, ...moveRun }),
  resumeMoves: v.strictObject(moveRun),
  updateContact: v.strictObject({ id, contact }),
  archive: v.strictObject({ id }),
  manage: v.strictObject({ id: v.optional(id) }),
  stations: v.strictObject({
    orgId: id,
    latitude: v.optional(latitude),
    longitude: v.optional(longitude),
    ...listParams,
  }),
  createStation: v.strictObject({ orgId: id, ...stationFields }),
  updateStation: v.strictObject({ id, ...v.partial(v.strictObject(stationFields)).entries }),
};

import * as v from 'valibot';
import { DIETARY_NEEDS, EVENT_TYPES, MAX_CAPACITY, MAX_PARTY_SIZE, SIGNUP_STATUSES } from '../events';
import { id, latitude, listParams, longitude, mobilePhone, optionalText, scene, text } from './common';

/** An ISO-8601 time with an offset or Z, e.g. 2026-12-05T18:00:00+08:00. */
export const isoTime = v.pipe(
  v.string('必须是文本'),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, '时间格式不正确'),
  v.check((s) => !Number.isNaN(Date.parse(s)), '时间无效'),
);

const int = (min: number, max: number, what: string) =>
  v.pipe(
    v.number('必须是数字'),
    v.integer('必须是整数'),
    v.minValue(min, `${what}至少为 ${min}`),
    v.maxValue(max, `${what}最多为 ${max}`),
  );

const location = v.strictObject({
  name: text(60),
  address: optionalText(100),
  latitude: v.optional(latitude),
  longitude: v.optional(longitude),
});

const eventFields = {
  type: v.picklist(EVENT_TYPES, '活动类型无效'),
  title: text(40),
  description: optionalText(1000),
  location,
  startAt: isoTime,
  endAt: v.optional(isoTime),
  signupDeadline: v.optional(isoTime),
  capacity: int(1, MAX_CAPACITY, '名额'),
  maxPartySize: v.optional(int(1, MAX_PARTY_SIZE, '每户人数')),
  waitlist: v.optional(v.boolean('必须是是/否')),
  dishRequired: v.optional(v.boolean('必须是是/否')),
  /** A volunteer event's team (`community`); null unties it. */
  teamId: v.optional(v.nullable(id)),
};

const dish = v.strictObject({
  name: text(30),
  cuisine: optionalText(20),
  halal: v.optional(v.boolean('必须是是/否')),
});

const dietary = v.pipe(
  v.array(v.picklist(DIETARY_NEEDS, '饮食需求无效'), '必须是列表'),
  v.maxLength(DIETARY_NEEDS.length, '饮食需求过多'),
);

/** A check-in code is the scene token of the sign-up's personal QR code. */
const checkinCode = scene;

export const eventsSchemas = {
  create: v.strictObject({ orgId: id, ...eventFields }),
  update: v.strictObject({ id, ...v.partial(v.strictObject(eventFields)).entries }),
  cancel: v.strictObject({ id, reason: text(100) }),
  list: v.strictObject({
    orgId: v.optional(id),
    /** Every event under `orgId` (for staff), instead of the events shown to residents of `orgId`. */
    subtree: v.optional(v.boolean('必须是是/否')),
    past: v.optional(v.boolean('必须是是/否')),
    ...listParams,
  }),
  get: v.strictObject({ id }),
  signup: v.strictObject({
    eventId: id,
    partySize: int(1, MAX_PARTY_SIZE, '人数'),
    contactName: text(30),
    /** Absent: the phone in the caller's profile. */
    contactPhone: v.optional(mobilePhone),
    dish: v.optional(dish),
    dietary: v.optional(dietary),
    clientToken: v.optional(v.pipe(v.string('必须是文本'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '提交标识无效'))),
  }),
  updateSignup: v.strictObject({
    eventId: id,
    contactName: v.optional(text(30)),
    contactPhone: v.optional(mobilePhone),
    dish: v.optional(v.nullable(dish)),
    dietary: v.optional(dietary),
  }),
  cancelSignup: v.strictObject({ eventId: id }),
  mySignups: v.strictObject({ ...listParams }),
  roster: v.strictObject({ eventId: id, status: v.optional(v.picklist(SIGNUP_STATUSES, '状态无效')), ...listParams }),
  checkin: v.strictObject({ eventId: id, checkinCode }),
  dishes: v.strictObject({ eventId: id }),
  exportRoster: v.strictObject({ eventId: id, reason: v.optional(text(100, 2)) }),
  sendReminders: v.strictObject({ eventId: id }),
  reconcile: v.strictObject({ eventId: id }),
};

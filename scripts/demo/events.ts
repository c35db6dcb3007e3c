import crypto from 'node:crypto';
import type tcb from '@cloudbase/node-sdk';
import { Lunar, Solar } from 'lunar-typescript';
import { newSceneToken } from '../../backend/core/ids';
import { encrypt } from '../../backend/core/pii';
import { activeKeyOf, timeKeyOf, type EventDoc, type SignupDoc } from '../../backend/events/model';
import type { DietaryNeed, EventType } from '../../miniprogram/shared/events';

/**
 * Demo events from the customer's articles: 中心区社区's 民族团结百家宴 (a "社区群众文化活动品牌"), and 永兴路社区's
 * 长龙宴, 腊八节 and 中秋 gatherings held in its 民族文化活动室. The festivals fall on their own days of the Chinese
 * lunar calendar (腊八 the 8th of the 12th month, 中秋 the 15th of the 8th), the next ones after the day of seeding;
 * the other events are so many days after it. Families and phone numbers are fictional.
 */

type Db = ReturnType<ReturnType<typeof tcb.init>['database']>;

interface DemoFamily {
  openid: string;
  name: string;
  phone: string;
  partySize: number;
  dish?: { name: string; cuisine: string; halal: boolean };
  dietary?: DietaryNeed[];
}

/** The day of an event: so many days after the seeding day, or a festival's day of the lunar calendar. */
export type DemoEventDay = { inDays: number } | { lunarMonth: number; lunarDay: number };

interface DemoEvent {
  org: string;
  type: EventType;
  title: string;
  description: string;
  location: { name: string; address?: string; latitude?: number; longitude?: number };
  /** At `hour` China time. */
  day: DemoEventDay;
  hour: number;
  hours: number;
  deadlineDaysBefore: number;
  capacity: number;
  maxPartySize: number;
  dishRequired: boolean;
  families: DemoFamily[];
}

export const DEMO_EVENTS: DemoEvent[] = [
  {
    org: 'zxq',
    type: 'banquet',
    title: '中心区社区民族团结百家宴',
    description:
      '“石榴红”民族团结进步创建活动：各族居民每户带一道家乡菜，围坐一桌，共话团结。现场设清真餐区，请在报名时登记菜品和风味，清真菜品请打开“清真”开关。',
    location: {
      name: '中心区社区文化广场',
      address: '昆明市官渡区关上中心区关兴路',
      latitude: 24.9938,
      longitude: 102.7445,
    },
    day: { inDays: 14 },
    hour: 17,
    hours: 3,
    deadlineDaysBefore: 2,
    capacity: 120,
    maxPartySize: 5,
    dishRequired: true,
    families: [
      {
        openid: 'demo-family-ma',
        name: '马志强',
        phone: '13908711001',
        partySize: 4,
        dish: { name: '清真牛肉冷片', cuisine: '回族清真菜', halal: true },
        dietary: ['halal'],
      },
      {
        openid: 'demo-family-na',
        name: '纳建华',
        phone: '13908711002',
        partySize: 3,
        dish: { name: '油香', cuisine: '回族清真菜', halal: true },
        dietary: ['halal'],
      },
      {
        openid: 'demo-family-pu',
        name: '普建国',
        phone: '13908711003',
        partySize: 5,
        dish: { name: '彝家坨坨肉', cuisine: '彝族菜', halal: false },
      },
      {
        openid: 'demo-family-yang',
        name: '杨金凤',
        phone: '13908711004',
        partySize: 3,
        dish: { name: '大理乳扇', cuisine: '白族菜', halal: false },
      },
      {
        openid: 'demo-family-dao',
        name: '刀玉兰',
        phone: '13908711005',
        partySize: 4,
        dish: { name: '香茅草烤鱼', cuisine: '傣族菜', halal: false },
      },
      {
        openid: 'demo-family-li',
        name: '李阿妹',
        phone: '13908711006',
        partySize: 2,
        dish: { name: '哈尼黄焖鸡', cuisine: '哈尼族菜', halal: false },
      },
      {
        openid: 'demo-family-he',
        name: '和志刚',
        phone: '13908711007',
        partySize: 3,
        dish: { name: '丽江粑粑', cuisine: '纳西族菜', halal: false },
        dietary: ['vegetarian'],
      },
      {
        openid: 'demo-family-zhang',
        name: '张建明',
        phone: '13908711008',
        partySize: 4,
        dish: { name: '过桥米线', cuisine: '汉族家常菜', halal: false },
      },
    ],
  },
  {
    org: 'yxl',
    type: 'street_feast',
    title: '永兴路社区长龙宴',
    description: '沿永兴路摆开长龙宴，各族邻里每户带一道家常菜，同歌共舞、共叙邻里情。',
    location: { name: '永兴路社区综合文化服务中心门前', address: '昆明市西山区永昌街道永兴路' },
    day: { inDays: 21 },
    hour: 11,
    hours: 4,
    deadlineDaysBefore: 3,
    capacity: 200,
    maxPartySize: 6,
    dishRequired: true,
    families: [
      {
        openid: 'demo-family-ma',
        name: '马志强',
        phone: '13908711001',
        partySize: 2,
        dish: { name: '牛肉拉面', cuisine: '回族清真菜', halal: true },
        dietary: ['halal'],
      },
      {
        openid: 'demo-family-zhao',
        name: '赵文',
        phone: '13908721001',
        partySize: 3,
        dish: { name: '宣威火腿', cuisine: '汉族家常菜', halal: false },
      },
    ],
  },
  {
    org: 'yxl',
    type: 'festival',
    title: '“浓情腊八节、共饮腊八粥”',
    description: '民族文化活动室免费开放，熬煮腊八粥，邀请辖区各族老人共度腊八。',
    location: { name: '永兴路社区民族文化活动室' },
    day: { lunarMonth: 12, lunarDay: 8 },
    hour: 9,
    hours: 3,
    deadlineDaysBefore: 1,
    capacity: 60,
    maxPartySize: 3,
    dishRequired: false,
    families: [],
  },
  {
    org: 'yxl',
    type: 'festival',
    title: '“民族团结一家亲”中秋情意浓',
    description: '做月饼、猜灯谜、唱民歌，共度中秋。',
    location: { name: '永兴路社区民族文化活动室' },
    day: { lunarMonth: 8, lunarDay: 15 },
    hour: 18,
    hours: 2,
    deadlineDaysBefore: 1,
    capacity: 80,
    maxPartySize: 4,
    dishRequired: false,
    families: [],
  },
];

const DAY = 86400_000;
const CHINA_OFFSET = 8 * 3600_000;

/** Midnight China time of the day `at` falls on. */
function chinaMidnight(at: Date): number {
  return Math.floor((at.getTime() + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET;
}

/** Midnight China time of a lunar-calendar day (month and day of lunar year `year`). */
function lunarDayMidnight(year: number, month: number, day: number): number {
  const solar = Lunar.fromYmd(year, month, day).getSolar();
  return Date.UTC(solar.getYear(), solar.getMonth() - 1, solar.getDay()) - CHINA_OFFSET;
}

/**
 * When a demo event starts: `inDays` days after the day of `now`, or the next `lunarMonth`/`lunarDay` whose
 * sign-up deadline (`deadlineDays` before) is still ahead of `now`; at `hour` China time.
 */
export function demoStartAt(now: Date, day: DemoEventDay, hour: number, deadlineDays: number): Date {
  if ('inDays' in day) return new Date(chinaMidnight(now) + day.inDays * DAY + hour * 3600_000);
  const today = new Date(now.getTime() + CHINA_OFFSET);
  const lunarYear = Solar.fromYmd(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate())
    .getLunar()
    .getYear();
  for (const year of [lunarYear, lunarYear + 1]) {
    const startAt = lunarDayMidnight(year, day.lunarMonth, day.lunarDay) + hour * 3600_000;
    if (startAt - deadlineDays * DAY > now.getTime()) return new Date(startAt);
  }
  throw new Error(`no lunar ${day.lunarMonth}/${day.lunarDay} ahead of ${now.toISOString()}`);
}

/** Seals a phone exactly as the functions do, under their key (pii.ts reads it from the environment). */
function sealWith(piiKey: string): (plain: string) => string {
  return (plain) => {
    const before = process.env.PII_KEY;
    process.env.PII_KEY = piiKey;
    try {
      return encrypt(plain);
    } finally {
      if (before === undefined) delete process.env.PII_KEY;
      else process.env.PII_KEY = before;
    }
  };
}

/** Writes the demo events and their sign-ups (phones sealed with the functions' `piiKey`). */
export async function seedEvents(
  db: Db,
  orgs: Map<string, { id: string; name: string; ancestors: string[] }>,
  piiKey: string,
  now = new Date(),
): Promise<number> {
  const seal = sealWith(piiKey);
  for (const demo of DEMO_EVENTS) {
    const org = orgs.get(demo.org)!;
    const _id = crypto.randomBytes(16).toString('hex');
    const startAt = demoStartAt(now, demo.day, demo.hour, demo.deadlineDaysBefore);
    const endAt = new Date(startAt.getTime() + demo.hours * 3600_000);
    const taken = demo.families.reduce((n, f) => n + f.partySize, 0);
    const scene = newSceneToken();
    const event: EventDoc = {
      _id,
      orgId: org.id,
      orgName: org.name,
      ancestors: org.ancestors,
      type: demo.type,
      title: demo.title,
      description: demo.description,
      location: demo.location,
      startAt,
      endAt,
      endsAt: endAt,
      signupDeadline: new Date(startAt.getTime() - demo.deadlineDaysBefore * DAY),
      capacity: demo.capacity,
      maxPartySize: demo.maxPartySize,
      waitlist: true,
      dishRequired: demo.dishRequired,
      status: 'open',
      scene,
      seatsTaken: taken,
      seatsFree: demo.capacity - taken,
      confirmedCount: demo.families.length,
      waitlistCount: 0,
      waitlistPeople: 0,
      checkedInCount: 0,
      checkedInPeople: 0,
      sortKey: timeKeyOf(startAt, _id),
      remindersSentAt: null,
      createdBy: 'seed',
      createdAt: now,
      updatedAt: now,
    };
    await db.collection('events').add(event);
    await db.collection('qrScenes').add({ _id: scene, type: 'event', targetId: _id, createdAt: now, revokedAt: null });
    for (const [i, f] of demo.families.entries()) {
      const id = crypto.randomBytes(16).toString('hex');
      const at = new Date(now.getTime() - (demo.families.length - i) * 3600_000);
      const checkinCode = newSceneToken();
      const signup: SignupDoc = {
        _id: id,
        eventId: _id,
        ancestors: org.ancestors,
        openid: f.openid,
        activeKey: activeKeyOf(_id, f.openid),
        status: 'confirmed',
        partySize: f.partySize,
        contactName: f.name,
        contactPhoneEnc: seal(f.phone),
        dish: f.dish ?? null,
        hasDish: Boolean(f.dish),
        dietary: f.dietary ?? [],
        checkinCode,
        queueKey: timeKeyOf(at, id),
        checkedInAt: null,
        remindedAt: null,
        createdAt: at,
        updatedAt: at,
      };
      await db.collection('signups').add(signup);
      await db
        .collection('qrScenes')
        .add({ _id: checkinCode, type: 'checkin', targetId: id, createdAt: now, revokedAt: null });
    }
  }
  return DEMO_EVENTS.length;
}

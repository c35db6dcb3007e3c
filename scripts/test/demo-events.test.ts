/**
 * The demo festivals fall on their own days of the Chinese lunar calendar, the next ones after the day of seeding:
 * 中秋 the 15th of the 8th month, 腊八 the 8th of the 12th. Dates checked against the published calendar.
 */
import { Solar } from 'lunar-typescript';
import { DEMO_EVENTS, demoStartAt } from '../demo/events';

const MID_AUTUMN = { lunarMonth: 8, lunarDay: 15 };
const LABA = { lunarMonth: 12, lunarDay: 8 };

/** An instant given in China time. */
const china = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

test('中秋 and 腊八 are the next ones after the seeding day, at the given hour China time', () => {
  const now = china('2026-11-30T12:52:00');
  // 中秋 2026 was on 25 September: the next is 15 September 2027. 腊八 of the current lunar year: 15 January 2027.
  expect(demoStartAt(now, MID_AUTUMN, 18, 1)).toEqual(china('2027-09-15T18:00:00'));
  expect(demoStartAt(now, LABA, 9, 1)).toEqual(china('2027-01-15T09:00:00'));

  const summer = china('2026-08-01T10:00:00');
  expect(demoStartAt(summer, MID_AUTUMN, 18, 1)).toEqual(china('2026-09-25T18:00:00'));
  // After the lunar new year, 腊八 is next winter's.
  expect(demoStartAt(china('2027-02-20T10:00:00'), LABA, 9, 1)).toEqual(china('2028-01-04T09:00:00'));
});

test('a festival whose sign-up deadline has passed is next year’s', () => {
  expect(demoStartAt(china('2026-09-24T17:00:00'), MID_AUTUMN, 18, 1)).toEqual(china('2026-09-25T18:00:00'));
  expect(demoStartAt(china('2026-09-24T19:00:00'), MID_AUTUMN, 18, 1)).toEqual(china('2027-09-15T18:00:00'));
});

test('every demo festival starts on its lunar day, whatever the seeding day', () => {
  const festivals = DEMO_EVENTS.filter((e) => 'lunarMonth' in e.day);
  expect(festivals.map((e) => e.title)).toEqual(['“浓情腊八节、共饮腊八粥”', '“民族团结一家亲”中秋情意浓']);
  for (const seeded of ['2026-01-01T08:00:00', '2026-06-30T23:30:00', '2027-12-31T00:10:00']) {
    const now = china(seeded);
    for (const e of festivals) {
      const startAt = demoStartAt(now, e.day, e.hour, e.deadlineDaysBefore);
      expect(startAt.getTime() - e.deadlineDaysBefore * 86400_000).toBeGreaterThan(now.getTime());
      const local = new Date(startAt.getTime() + 8 * 3600_000);
      const lunar = Solar.fromYmd(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()).getLunar();
      expect([lunar.getMonth(), lunar.getDay(), local.getUTCHours()]).toEqual([
        (e.day as typeof MID_AUTUMN).lunarMonth,
        (e.day as typeof MID_AUTUMN).lunarDay,
        e.hour,
      ]);
      // The next one: a year earlier would be before the seeding day.
      expect(startAt.getTime() - now.getTime()).toBeLessThan(400 * 86400_000);
    }
  }
});

/**
 * Timer triggers: a function's config.json timer fires on its CloudBase cron schedule (seconds field included) on the
 * local cloud's clock, called as the platform calls it (`{ Type: 'Timer', TriggerName, Time, Message }`, no OPENID,
 * SOURCE wx_trigger); `POST /triggers/<fn>/<name>` fires one now and answers when it has finished; runs of one
 * trigger never overlap; malformed triggers are reported and left out.
 *
 * The functions here are plain JavaScript written into a temporary folder: each appends what it saw to a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCron, timerTime } from '../src/triggers';
import { bearer, http, startTestCloud, tempDir, type TestCloud } from './helpers';

const DAY = 86_400_000;
const RECORDER = `const fs = require('fs');
exports.main = async (event) => {
  const startedAt = Date.now();
  if (process.env.SLEEP_MS) await new Promise((r) => setTimeout(r, Number(process.env.SLEEP_MS)));
  if (event.fail) throw new Error('the timer failed on purpose');
  const seen = { fn: process.env.SCF_FUNCTIONNAME, event, openid: process.env.WX_OPENID || null,
    source: process.env.TCB_SOURCE, startedAt, endedAt: Date.now() };
  fs.appendFileSync(process.env.TICK_FILE, JSON.stringify(seen) + '\\n');
  return { ok: true, seen };
};
`;

interface Seen {
  fn: string;
  event: Record<string, unknown>;
  openid: string | null;
  source: string;
  startedAt: number;
  endedAt: number;
}

let dir: string;
let tickFile: string;

function writeFunction(name: string, config: unknown, source = RECORDER): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, 'index.js'), source);
  fs.writeFileSync(path.join(dir, name, 'config.json'), JSON.stringify(config));
}

const runs = (fn?: string): Seen[] =>
  fs.existsSync(tickFile)
    ? fs
        .readFileSync(tickFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Seen)
        .filter((r) => !fn || r.fn === fn)
    : [];

/** Polls until `check` holds (the schedule runs on its own; 30 s at most on a busy machine). */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the timer');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(() => {
  dir = tempDir('local-cloud-timers-');
  tickFile = path.join(dir, 'ticks.jsonl');
  writeFunction('ticker', { triggers: [{ name: 'everySecond', type: 'timer', config: '* * * * * * *' }] });
  writeFunction('nightly', { triggers: [{ name: 'night', type: 'timer', config: '0 0 3 * * * *' }] });
  writeFunction('odd', {
    triggers: [
      { name: 'fiveFields', type: 'timer', config: '0 0 * * *' },
      { name: '9lives', type: 'timer', config: '0 0 3 * * * *' },
      { name: 'bucket', type: 'cos', config: 'whatever' },
      { name: 'twice', type: 'timer', config: '0 0 4 * * * *' },
      { name: 'twice', type: 'timer', config: '0 0 5 * * * *' },
    ],
  });
  fs.mkdirSync(path.join(dir, 'garbled'));
  fs.writeFileSync(path.join(dir, 'garbled/index.js'), RECORDER);
  fs.writeFileSync(path.join(dir, 'garbled/config.json'), '{ not json');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fire = (url: string, fn: string, name: string, headers = bearer(url)) =>
  http(`${url}/triggers/${fn}/${name}`, { body: '{}', headers });

describe('on the schedule', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud({ functionsDir: dir, functionEnv: { TICK_FILE: tickFile } });
  });
  afterAll(() => t.close());

  test('an every-second trigger fires on its own, as the platform calls it', async () => {
    await until(() => runs('ticker').length >= 3);
    const [a, b] = runs('ticker');
    for (const r of [a, b]) {
      expect(r.event).toEqual({ Type: 'Timer', TriggerName: 'everySecond', Time: expect.any(String), Message: '' });
      expect(r.event.Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(r.openid).toBeNull();
      expect(r.source).toBe('wx_trigger');
    }
    // Consecutive scheduled times, each within a moment of when the run saw the clock.
    expect(Date.parse(b.event.Time as string)).toBeGreaterThan(Date.parse(a.event.Time as string));
    expect(Math.abs(a.startedAt - Date.parse(a.event.Time as string))).toBeLessThan(10_000);
    expect(t.logs.some((l) => /^\[fn\] ticker action=- caller=- source=wx_trigger .* code=OK /.test(l))).toBe(true);
  });

  test('after the clock is shifted, the schedule runs on the shifted time', async () => {
    const res = await http(`${t.url}/clock`, { body: JSON.stringify({ offsetMs: DAY }), headers: bearer(t.url) });
    expect(res.status).toBe(200);
    const shiftedFrom = Date.now() + DAY - 1000;
    await until(() => runs('ticker').some((r) => Date.parse(r.event.Time as string) >= shiftedFrom));
    const later = runs('ticker').find((r) => Date.parse(r.event.Time as string) >= shiftedFrom)!;
    expect(Math.abs(later.startedAt - (Date.now() + DAY))).toBeLessThan(30_000);
    // No backfill: nothing was run for the day that was skipped.
    const times = runs('ticker').map((r) => Date.parse(r.event.Time as string));
    expect(times.filter((ms) => ms > Date.now() + 60_000 && ms < shiftedFrom - 60_000)).toEqual([]);
    await http(`${t.url}/clock`, { body: JSON.stringify({ offsetMs: 0 }), headers: bearer(t.url) });
  });

  test('GET /triggers lists the timers loaded and when each fires next; malformed ones are reported and left out', async () => {
    const res = await http(`${t.url}/triggers`, { headers: bearer(t.url) });
    expect(res.status).toBe(200);
    const list = res.json.triggers as { functionName: string; name: string; config: string; next: string }[];
    expect(list.map((x) => `${x.functionName}/${x.name}`).sort()).toEqual([
      'nightly/night',
      'odd/twice',
      'ticker/everySecond',
    ]);
    const night = list.find((x) => x.name === 'night')!;
    // 03:00:00 in China time is 19:00:00 UTC.
    expect(night.next).toMatch(/T19:00:00Z$/);
    expect(list.find((x) => x.name === 'twice')!.config).toBe('0 0 4 * * * *');
    const reports = t.logs.filter((l) => l.startsWith('[timer]'));
    expect(reports).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[timer\] odd\/fiveFields: the cron "0\\u00200\\u0020\*.*" is invalid/),
        expect.stringMatching(/^\[timer\] odd\/9lives: a trigger name is a letter/),
        expect.stringMatching(/^\[timer\] odd\/bucket: type cos is not emulated/),
        expect.stringMatching(/^\[timer\] odd\/twice: a function cannot have two triggers of one name/),
        expect.stringMatching(/^\[timer\] garbled: garbled\/config.json is not JSON/),
      ]),
    );
  });
});

describe('by hand', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud({
      functionsDir: dir,
      functionEnv: { TICK_FILE: tickFile, SLEEP_MS: '300' },
      scheduleTimers: false,
    });
  });
  afterAll(() => t.close());

  test('POST /triggers/<fn>/<name> runs it now and answers with its result once finished', async () => {
    const before = runs('nightly').length;
    const res = await fire(t.url, 'nightly', 'night');
    expect(res.status).toBe(200);
    expect(res.json.trigger).toEqual({ functionName: 'nightly', name: 'night', time: expect.any(String) });
    expect(res.json.result).toMatchObject({
      ok: true,
      seen: { event: { Type: 'Timer', TriggerName: 'night', Time: res.json.trigger.time, Message: '' }, openid: null },
    });
    expect(Math.abs(Date.parse(res.json.trigger.time) - Date.now())).toBeLessThan(60_000);
    expect(runs('nightly')).toHaveLength(before + 1);
  });

  test('runs of one trigger never overlap: a second one waits for the first', async () => {
    const before = runs('nightly').length;
    const replies = await Promise.all([fire(t.url, 'nightly', 'night'), fire(t.url, 'nightly', 'night')]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    const [first, second] = runs('nightly').slice(before);
    expect(second.startedAt).toBeGreaterThanOrEqual(first.endedAt);
  });

  test('on the shifted clock, the event’s Time is the shifted time', async () => {
    await http(`${t.url}/clock`, { body: JSON.stringify({ offsetMs: 2 * DAY }), headers: bearer(t.url) });
    try {
      const res = await fire(t.url, 'nightly', 'night');
      expect(Math.abs(Date.parse(res.json.trigger.time) - (Date.now() + 2 * DAY))).toBeLessThan(60_000);
      expect(Math.abs(res.json.result.seen.startedAt - (Date.now() + 2 * DAY))).toBeLessThan(60_000);
    } finally {
      await http(`${t.url}/clock`, { body: JSON.stringify({ offsetMs: 0 }), headers: bearer(t.url) });
    }
  });

  test('a run that fails answers 200 with the error', async () => {
    writeFunction(
      'failing',
      { triggers: [{ name: 'boom', type: 'timer', config: '0 0 3 * * * *' }] },
      "exports.main = async () => { throw new Error('the timer failed on purpose'); };\n",
    );
    const other = await startTestCloud({
      functionsDir: dir,
      functionEnv: { TICK_FILE: tickFile },
      scheduleTimers: false,
    });
    try {
      const res = await fire(other.url, 'failing', 'boom');
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        trigger: { functionName: 'failing', name: 'boom' },
        error: { errCode: -504002, errMsg: 'Error: the timer failed on purpose' },
      });
    } finally {
      await other.close();
      fs.rmSync(path.join(dir, 'failing'), { recursive: true, force: true });
    }
  });

  test('an unknown function or trigger is a 404; without the credentials a 401; nothing runs', async () => {
    const before = runs().length;
    for (const [fn, name] of [
      ['nightly', 'nope'],
      ['nobody', 'night'],
      ['odd', 'fiveFields'],
    ]) {
      const res = await fire(t.url, fn, name);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ errCode: -501000, errMsg: expect.stringContaining(name) });
    }
    const unsigned = await fire(t.url, 'nightly', 'night', {});
    expect(unsigned.status).toBe(401);
    expect((await fire(t.url, 'nightly', 'night', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect(runs().length).toBe(before);
  });

  test('with the schedule off, the list says no next time', async () => {
    const res = await http(`${t.url}/triggers`, { headers: bearer(t.url) });
    expect(res.json.triggers.every((x: { next: unknown }) => x.next === null)).toBe(true);
  });
});

describe('the cron syntax of CloudBase', () => {
  const next = (expr: string, after: string, n = 3) => {
    const cron = parseCron(expr);
    const out: string[] = [];
    let at = new Date(after);
    for (let i = 0; i < n; i++) {
      at = cron.nextRun(at)!;
      out.push(timerTime(at.getTime()));
    }
    return out;
  };

  test('seven fields, China time, steps from a start, names, and day-or-weekday', () => {
    // Every hour on the hour (the events trigger).
    expect(next('0 0 * * * * *', '2026-11-30T05:00:00Z')).toEqual([
      '2026-11-30T06:00:00Z',
      '2026-11-30T07:00:00Z',
      '2026-11-30T08:00:00Z',
    ]);
    // 10:15 China time, Monday to Friday (2026-11-28 is a Saturday).
    expect(next('0 15 10 * * MON-FRI *', '2026-11-28T00:00:00Z')).toEqual([
      '2026-11-30T02:15:00Z',
      '2026-12-01T02:15:00Z',
      '2026-12-02T02:15:00Z',
    ]);
    // From minute 1, every 10 minutes.
    expect(next('0 1/10 * * * * *', '2026-11-30T05:00:00Z')).toEqual([
      '2026-11-30T05:01:00Z',
      '2026-11-30T05:11:00Z',
      '2026-11-30T05:21:00Z',
    ]);
    // The 1st of the month or a Monday, at 02:00 China time (18:00 UTC the day before).
    expect(next('0 0 2 1 * 1 *', '2026-11-28T00:00:00Z', 4)).toEqual([
      '2026-11-29T18:00:00Z',
      '2026-11-30T18:00:00Z',
      '2026-12-06T18:00:00Z',
      '2026-12-13T18:00:00Z',
    ]);
    // Only in a given year.
    expect(next('0 0 0 1 1 * 2030', '2026-11-28T00:00:00Z', 1)).toEqual(['2029-12-31T16:00:00Z']);
    expect(() => parseCron('0 0 * * *')).toThrow();
    expect(() => parseCron('0 0 25 * * * *')).toThrow();
  });
});

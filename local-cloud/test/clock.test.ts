/**
 * The clock: `POST /clock` shifts the time the functions see (`Date.now()`, `new Date()`, `Date()`) and the
 * database's `db.serverDate()`, behind the lock of `/admin`; the SDK inside a shifted instance still gets through
 * the signature's freshness check; the log says the shifted time; `clockOffsetMs` / `CLOCK_OFFSET` start shifted.
 */
import { formatOffset, parseOffset } from '../src/clock';
import { runtimeOptionsFromEnv } from '../src/cli';
import { bearer, callFn, http, loadSdk, startTestCloud, type Loose, type TestCloud } from './helpers';

const DAY = 86_400_000;
let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.close());

const clock = (body?: unknown, headers: Record<string, string> = bearer(t.url)) =>
  http(`${t.url}/clock`, body === undefined ? { headers } : { body: JSON.stringify(body), headers });

/** Within two minutes of `expected` (ms): the machine is busy, so nothing tighter. */
const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(120_000);

describe('GET and POST /clock', () => {
  afterEach(async () => {
    await clock({ offsetMs: 0 });
  });

  test('answers the offset and the shifted time; 0 is the real time', async () => {
    const now = await clock();
    expect(now.status).toBe(200);
    expect(now.json.offsetMs).toBe(0);
    near(Date.parse(now.json.now), Date.now());

    const shifted = await clock({ offsetMs: 3 * DAY });
    expect(shifted.status).toBe(200);
    expect(shifted.json.offsetMs).toBe(3 * DAY);
    near(Date.parse(shifted.json.now), Date.now() + 3 * DAY);
    expect((await clock()).json.offsetMs).toBe(3 * DAY);
    expect((await clock({ offsetMs: 0 })).json.offsetMs).toBe(0);
  });

  test('the functions see the shifted time in Date.now(), new Date() and Date(); instanceof and constructor hold', async () => {
    await clock({ offsetMs: 3 * DAY });
    const res = await callFn(t.url, 'clock', {}, 'o-time');
    expect(res.status).toBe(200);
    near(res.json.now, Date.now() + 3 * DAY);
    near(Date.parse(res.json.date), Date.now() + 3 * DAY);
    near(Date.parse(res.json.called), Date.now() + 3 * DAY);
    expect(res.json.isDate).toBe(true);
    expect(res.json.openid).toBe('o-time');
  });

  test('db.serverDate() is the shifted time, and an instance signing with its shifted clock still gets through', async () => {
    // Three days is far beyond the signature's 600 s freshness window: the write only works if /admin checks the
    // instance's signature against the shifted clock.
    await clock({ offsetMs: 3 * DAY });
    const res = await callFn(t.url, 'clock', { stamp: 'clock-shifted' }, 'o-stamp');
    expect(res.status).toBe(200);
    near(Date.parse(res.json.stored), Date.now() + 3 * DAY);
    // Backwards too.
    await clock({ offsetMs: -2 * DAY });
    const back = await callFn(t.url, 'clock', { stamp: 'clock-back' }, 'o-stamp');
    expect(back.status).toBe(200);
    near(Date.parse(back.json.stored), Date.now() - 2 * DAY);
  });

  test('a script’s SDK, signing with the real time, still gets through; its serverDate() is the shifted one', async () => {
    await clock({ offsetMs: 5 * DAY });
    const sdk: Loose = loadSdk(t.url);
    const db = sdk.database();
    const { _id } = await db.collection('journal').add({ data: { tag: 'script', at: db.serverDate() } });
    const { data } = await db.collection('journal').doc(_id).get();
    near(data.at.getTime(), Date.now() + 5 * DAY);
  });

  test('the log says the shifted time: one line for the change, and each invocation line ends with it', async () => {
    t.logs.length = 0;
    await clock({ offsetMs: DAY + 3_600_000 });
    await callFn(t.url, 'whoami', {}, 'o-log');
    expect(t.logs[0]).toMatch(/^\[clock\] shifted \+1d1h: the functions' time is \d{4}-\d\d-\d\dT[\d:.]+Z$/);
    const line = t.logs.find((l) => l.startsWith('[fn] whoami'))!;
    const at = /clock=(\S+)$/.exec(line)![1];
    near(Date.parse(at), Date.now() + DAY + 3_600_000);
    t.logs.length = 0;
    await clock({ offsetMs: 0 });
    await callFn(t.url, 'whoami', {}, 'o-log');
    expect(t.logs[0]).toMatch(/^\[clock\] real time: /);
    expect(t.logs[1]).not.toContain('clock=');
  });

  test('bad input is a 400 naming offsetMs, and changes nothing', async () => {
    await clock({ offsetMs: DAY });
    for (const body of [{}, { offsetMs: '3d' }, { offsetMs: 1.5 }, { offsetMs: 1e20 }, { offsetMs: null }]) {
      const res = await clock(body);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ errCode: -501007, errMsg: expect.stringContaining('offsetMs') });
    }
    expect(await clock([])).toMatchObject({ status: 400, json: { errCode: -501007 } });
    expect((await clock()).json.offsetMs).toBe(DAY);
  });

  test('the lock of /admin: unsigned, a wrong key or a text/plain body are refused with 401', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-the-key' },
      { ...bearer(t.url), 'content-type': 'text/plain' },
    ];
    for (const headers of attempts) {
      const res = await http(`${t.url}/clock`, { body: JSON.stringify({ offsetMs: DAY }), headers });
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ code: 'SIGN_PARAM_INVALID' });
    }
    const read = await http(`${t.url}/clock`, { headers: {} });
    expect(read.status).toBe(401);
    expect((await clock()).json.offsetMs).toBe(0);
  });
});

describe('starting shifted', () => {
  test('clockOffsetMs starts the clock shifted', async () => {
    const shifted = await startTestCloud({ clockOffsetMs: -DAY });
    try {
      const now = await http(`${shifted.url}/clock`, { headers: bearer(shifted.url) });
      expect(now.json.offsetMs).toBe(-DAY);
      expect(shifted.logs[0]).toMatch(/^\[clock\] shifted -1d: /);
      const res = await callFn(shifted.url, 'clock', {}, 'o-start');
      near(res.json.now, Date.now() - DAY);
    } finally {
      await shifted.close();
    }
  });

  test('CLOCK_OFFSET takes milliseconds or a duration; anything else is refused, naming the variable', () => {
    expect(runtimeOptionsFromEnv({ CLOCK_OFFSET: '3d' }).clockOffsetMs).toBe(3 * DAY);
    expect(runtimeOptionsFromEnv({ CLOCK_OFFSET: '-1d12h' }).clockOffsetMs).toBe(-1.5 * DAY);
    expect(runtimeOptionsFromEnv({ CLOCK_OFFSET: '90000' }).clockOffsetMs).toBe(90_000);
    expect(runtimeOptionsFromEnv({}).clockOffsetMs).toBeUndefined();
    for (const bad of ['tomorrow', '3 days', '1y', '-', '99999999d'])
      expect(() => runtimeOptionsFromEnv({ CLOCK_OFFSET: bad })).toThrow(/^CLOCK_OFFSET: /);
    expect(parseOffset('+2h30m')).toBe(9_000_000);
    expect(formatOffset(parseOffset('-1d12h'))).toBe('-1d12h');
    expect(formatOffset(1500)).toBe('+1s500ms');
  });

  test('the pool sizes and the timer switch come from the environment too', () => {
    expect(
      runtimeOptionsFromEnv({ MAX_INSTANCES: '6', MAX_INSTANCES_PER_FUNCTION: '3', MAX_COLD_STARTS: '1', TIMERS: '0' }),
    ).toMatchObject({ maxInstances: 6, maxWorkersPerFunction: 3, maxColdStarts: 1, scheduleTimers: false });
    expect(() => runtimeOptionsFromEnv({ MAX_INSTANCES: '0' })).toThrow(/MAX_INSTANCES/);
    expect(() => runtimeOptionsFromEnv({ MAX_COLD_STARTS: 'two' })).toThrow(/MAX_COLD_STARTS/);
  });
});

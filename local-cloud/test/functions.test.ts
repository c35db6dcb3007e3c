/** Functions: isolated WeChat context per invocation, function-to-function calls, errors, timeouts, the call log. */
import { callFn, http, loadSdk, rejectionOf, startTestCloud, type Loose, type TestCloud } from './helpers';

let t: TestCloud;
let cloud: Loose;

interface WhoAmI {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  env: string | null;
}

beforeAll(async () => {
  // A small pool, so that the burst below both runs side by side and reuses warm instances.
  t = await startTestCloud({ maxWorkersPerFunction: 4, functionEnv: { FIXTURE_ENV: 'from-config' } });
  cloud = loadSdk(t.url);
});
afterAll(() => t.close());

describe('POST /fn/<name>', () => {
  test('the caller named by X-WX-OPENID is what getWXContext() reports', async () => {
    const res = await callFn(t.url, 'whoami', {}, 'o-alice');
    expect(res.status).toBe(200);
    const body = res.json as WhoAmI;
    expect(body.after).toMatchObject({
      OPENID: 'o-alice',
      APPID: expect.any(String),
      SOURCE: 'wx_client',
      ENV: 'local',
    });
    expect(body.before).toEqual(body.after);
    expect(body.env).toBe('from-config');
  });

  test('no X-WX-OPENID means no identity, even on an instance that just served someone', async () => {
    expect(((await callFn(t.url, 'whoami', {}, 'o-bob')).json as WhoAmI).after.OPENID).toBe('o-bob');
    const anonymous = (await callFn(t.url, 'whoami', {})).json as WhoAmI;
    expect(anonymous.after).not.toHaveProperty('OPENID');
    expect(anonymous.after.SOURCE).toBe('wx_client');
  });

  test('many concurrent callers, each held up for a while, each see only their own OPENID', async () => {
    const openids = Array.from({ length: 16 }, (_v, i) => `o-user-${i}`);
    const replies = await Promise.all(
      openids.map((openid, i) => callFn(t.url, 'whoami', { delayMs: 20 + ((i * 37) % 60) }, openid)),
    );
    replies.forEach((res, i) => {
      expect(res.status).toBe(200);
      const body = res.json as WhoAmI;
      expect(body.before.OPENID).toBe(openids[i]);
      expect(body.after.OPENID).toBe(openids[i]);
    });
  });

  test('the event arrives as sent and the return value comes back as JSON; undefined becomes null', async () => {
    const event = { text: '石榴籽', n: 1.5, list: [1, null, { deep: true }], nested: { a: { b: 'c' } } };
    expect((await callFn(t.url, 'whoami', { echo: event })).json).toEqual({ echo: event });
    const nothing = await callFn(t.url, 'whoami', { nothing: true });
    expect(nothing.status).toBe(200);
    expect(nothing.text).toBe('null');
  });

  test('a function that throws answers 500 { errCode: -504002, errMsg } as the platform does', async () => {
    const res = await callFn(t.url, 'whoami', { fail: 'boom at line 1' }, 'o-alice');
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ errCode: -504002, errMsg: expect.stringContaining('boom at line 1') });
    // The instance survives its caller's error.
    expect((await callFn(t.url, 'whoami', {}, 'o-alice')).status).toBe(200);
  });

  test('a function whose module fails to load answers 500 -504002 with the reason, every time', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await callFn(t.url, 'broken', {}, 'o-alice');
      expect(res.status).toBe(500);
      expect(res.json).toMatchObject({ errCode: -504002, errMsg: expect.stringContaining('configuration is missing') });
    }
    expect((await callFn(t.url, 'whoami', {}, 'o-alice')).status).toBe(200);
  });

  test('an unknown function answers 404 with an error code', async () => {
    const res = await callFn(t.url, 'no-such-function', {});
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ errCode: -501000, errMsg: expect.stringContaining('no-such-function') });
  });

  test('each answer carries its request id, database call count and duration', async () => {
    const res = await callFn(t.url, 'db', { action: 'tally', n: 2, tag: 'headers' }, 'o-alice');
    expect(res.json).toEqual({ ok: true, data: { total: 2 } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-db-calls')).toBe('3');
    expect(Number(res.headers.get('x-duration-ms'))).toBeGreaterThanOrEqual(0);
  });
});

describe('callFunction', () => {
  test('a function calling another: the callee has no OPENID and its SOURCE is wx_client,scf', async () => {
    const res = await callFn(t.url, 'whoami', { call: 'whoami', data: { delayMs: 5 } }, 'o-carol');
    expect(res.status).toBe(200);
    const { me, callee } = res.json as { me: Record<string, unknown>; callee: WhoAmI };
    expect(me).toMatchObject({ OPENID: 'o-carol', SOURCE: 'wx_client' });
    expect(callee.before).not.toHaveProperty('OPENID');
    expect(callee.after).toMatchObject({ SOURCE: 'wx_client,scf', ENV: 'local' });
  });

  test('from the server SDK outside any function: { result, errMsg } and SOURCE scf', async () => {
    const res = await cloud.callFunction({ name: 'whoami', data: { echo: [1, 2] } });
    expect(res).toMatchObject({ result: { echo: [1, 2] }, errMsg: 'callFunction:ok' });
    const who = await cloud.callFunction({ name: 'whoami', data: {} });
    expect(who.result.after).toMatchObject({ SOURCE: 'scf' });
    expect(who.result.after).not.toHaveProperty('OPENID');
  });

  // The SDK throws the platform's error code as `code` here (its own errCode stays -1).
  test('a callee that throws fails the call with FUNCTIONS_EXECUTE_FAIL and its message', async () => {
    const err = await rejectionOf(cloud.callFunction({ name: 'whoami', data: { fail: 'callee broke' } }));
    expect(err).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL', errMsg: 'callFunction:fail Error: callee broke' });
  });

  test('an unknown callee fails the call with FUNCTIONS_REQUEST_FAIL', async () => {
    const err = await rejectionOf(cloud.callFunction({ name: 'nobody', data: {} }));
    expect(err.code).toBe('FUNCTIONS_REQUEST_FAIL');
    expect(err.errMsg).toMatch(/^callFunction:fail .*nobody/);
  });
});

describe('the invocation log', () => {
  test('one line per invocation: function, action, caller, source, ms, database calls and result code', async () => {
    t.logs.length = 0;
    await callFn(t.url, 'db', { action: 'tally', n: 3, tag: 'log' }, 'o-dave');
    await callFn(t.url, 'db', { action: 'refuse' }, 'o-erin');
    await callFn(t.url, 'whoami', { fail: 'x' });
    await callFn(t.url, 'db', { action: 'missing' }, 'o-dave');
    const lines = t.logs.filter((l) => l.startsWith('[fn]'));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^\[fn\] db action=tally caller=o-dave source=wx_client ms=[\d.]+ db=4 code=OK req=[0-9a-f-]{36}$/,
    );
    expect(lines[1]).toMatch(
      /^\[fn\] db action=refuse caller=o-erin source=wx_client ms=[\d.]+ db=1 code=E_FIXTURE_REFUSED /,
    );
    expect(lines[2]).toMatch(/^\[fn\] whoami action=- caller=- source=wx_client ms=[\d.]+ db=0 code=ERR-504002 /);
    expect(lines[3]).toMatch(
      /^\[fn\] db action=missing caller=o-dave source=wx_client ms=[\d.]+ db=1 code=ERR-504002 /,
    );
  });

  test('a call from one function to another logs both, the callee with source wx_client,scf', async () => {
    t.logs.length = 0;
    await callFn(t.url, 'whoami', { call: 'db', data: { action: 'tally', n: 1, tag: 'nested' } }, 'o-frank');
    expect(t.logs).toHaveLength(2);
    expect(t.logs[0]).toMatch(/^\[fn\] db action=tally caller=- source=wx_client,scf ms=[\d.]+ db=2 code=OK /);
    expect(t.logs[1]).toMatch(/^\[fn\] whoami action=- caller=o-frank source=wx_client ms=[\d.]+ db=0 code=- /);
  });
});

describe('timeouts', () => {
  let short: TestCloud;
  beforeAll(async () => {
    short = await startTestCloud({ functionTimeoutMs: 600, maxWorkersPerFunction: 2 });
  });
  afterAll(() => short.close());

  test('the cold start of an instance does not count against the time limit', async () => {
    // A fresh instance loads wx-server-sdk first (hundreds of ms on this machine); then it works 300 of its 600 ms.
    const res = await callFn(short.url, 'whoami', { delayMs: 300 }, 'o-cold');
    expect(res.status).toBe(200);
    expect((res.json as WhoAmI).after.OPENID).toBe('o-cold');
  });

  test('a function that never returns times out with an error, and the server keeps serving', async () => {
    const started = Date.now();
    const res = await callFn(short.url, 'whoami', { spin: true }, 'o-slow');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ errCode: -504003, errMsg: expect.stringMatching(/timed out/) });
    expect(short.logs.at(-1)).toMatch(/^\[fn\] whoami .* code=ERR-504003 /);

    expect((await http(`${short.url}/healthz`)).json).toEqual({ ok: true });
    const after = await callFn(short.url, 'whoami', {}, 'o-next');
    expect(after.status).toBe(200);
    expect((after.json as WhoAmI).after.OPENID).toBe('o-next');
  });

  test('a timed-out instance frees its slot: more spins than slots still all end', async () => {
    const replies = await Promise.all([1, 2, 3].map(() => callFn(short.url, 'whoami', { spin: true })));
    expect(replies.map((r) => r.json.errCode)).toEqual([-504003, -504003, -504003]);
    expect((await callFn(short.url, 'whoami', {}, 'o-last')).status).toBe(200);
  });
});

/**
 * Input edges: JSON nested too deep is refused with a 400 before any function instance is involved, an instance
 * is freed when an event cannot be handed to it, and what callers choose cannot forge or flood the log.
 */
import { EJSON } from 'bson';
import { FunctionHost } from '../src/functions';
import { CloudError } from '../src/errors';
import { MAX_JSON_DEPTH } from '../src/json';
import { admin, callFn, FUNCTIONS_DIR, http, startTestCloud, type TestCloud } from './helpers';

let t: TestCloud;

beforeAll(async () => {
  // One instance and a timeout no test waits for: a call only completes if that instance is free.
  t = await startTestCloud({ maxWorkersPerFunction: 1, functionTimeoutMs: 600_000 });
});
afterAll(() => t.close());

/** `depth` nested arrays around `inner`: valid JSON. */
const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);
const AUDIT_BODY = '['.repeat(100_000);

describe('JSON nested too deep', () => {
  test('the audit body (100,000 `[`) to /fn is a 400 that names the limit, and runs nothing', async () => {
    t.logs.length = 0;
    const res = await http(`${t.url}/fn/whoami`, { body: AUDIT_BODY, headers: { 'x-wx-openid': 'o-1' } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      errCode: -501007,
      errMsg: `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`,
    });
    expect(t.logs).toEqual([]);
  });

  test('33 of them, then a normal call: the only instance was never taken, the call is answered', async () => {
    const deep = `{"action":"x","q":${nested(100_000)}}`;
    const refused = await Promise.all(
      Array.from({ length: 33 }, () => http(`${t.url}/fn/whoami`, { body: deep, headers: { 'x-wx-openid': 'o-1' } })),
    );
    expect(refused.map((r) => r.status)).toEqual(Array(33).fill(400));
    const normal = await callFn(t.url, 'whoami', { echo: 'still here' }, 'o-1');
    expect(normal.status).toBe(200);
    expect(normal.json).toEqual({ echo: 'still here' });
  });

  test(`${MAX_JSON_DEPTH} levels reach the function; one more is refused`, async () => {
    // The body object is level 1, so the echo holds MAX_JSON_DEPTH - 1 levels.
    const atLimit = await http(`${t.url}/fn/whoami`, { body: `{"echo":${nested(MAX_JSON_DEPTH - 1)}}` });
    expect(atLimit.status).toBe(200);
    const over = await http(`${t.url}/fn/whoami`, { body: `{"echo":${nested(MAX_JSON_DEPTH)}}` });
    expect(over.status).toBe(400);
  });

  test('brackets inside strings do not count', async () => {
    const res = await callFn(t.url, 'whoami', { echo: '['.repeat(5000) });
    expect(res.status).toBe(200);
    expect(res.json.echo).toHaveLength(5000);
  });

  test('/admin: a deep body is a 400 INVALID_PARAM when signed, a 401 when not', async () => {
    const signed = await admin(t.url, AUDIT_BODY);
    expect(signed.status).toBe(400);
    expect(signed.json).toMatchObject({
      code: 'INVALID_PARAM',
      message: expect.stringMatching(/nested deeper than 100/),
    });
    const unsigned = await http(`${t.url}/admin`, { body: AUDIT_BODY });
    expect(unsigned.status).toBe(401);
  });

  test('/admin: a deep EJSON query and a deep request_data are INVALID_PARAM, not a crash', async () => {
    const query = await admin(t.url, {
      action: 'database.getDocument',
      collectionName: 'people',
      queryType: 'WHERE',
      query: `{"a":${nested(100_000)}}`,
    });
    expect(query.json).toMatchObject({
      code: 'INVALID_PARAM',
      message: expect.stringMatching(/^query is nested deeper than 100 levels/),
    });
    const insert = await admin(t.url, {
      action: 'database.insertDocument',
      collectionName: 'people',
      data: [`{"_id":"deep","a":${nested(5000)}}`],
    });
    expect(insert.json).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringMatching(/nested deeper/) });
    const invoke = await admin(t.url, {
      action: 'functions.invokeFunction',
      function_name: 'whoami',
      request_data: nested(100_000),
    });
    expect(invoke.json).toMatchObject({
      code: 'INVALID_PARAM',
      message: expect.stringMatching(/^request_data is nested deeper than 100 levels/),
    });
    // A sane document still goes in.
    const ok = await admin(t.url, {
      action: 'database.insertDocument',
      collectionName: 'people',
      data: [EJSON.stringify({ _id: 'sane', a: [[[1]]] }, { relaxed: false })],
    });
    expect(ok.json.data.insertedIds).toEqual(['sane']);
  });

  test('/outbox/refuse: a deep body is a 400', async () => {
    const res = await http(`${t.url}/outbox/refuse`, { body: AUDIT_BODY });
    expect(res.status).toBe(400);
    expect(res.json.errMsg).toMatch(/nested deeper/);
  });
});

describe('the hand-off to an instance', () => {
  test('an event that cannot be structured-cloned is refused and the instance is free for the next call', async () => {
    const host = new FunctionHost({
      functionsDir: FUNCTIONS_DIR,
      envId: 'local',
      adminUrlFor: () => `${t.url}/admin`,
      env: {},
      credentials: t.credentials,
      limits: { maxInstancesPerFunction: 1 },
      timeoutMs: 600_000,
    });
    try {
      const refused = await host
        .invoke('whoami', { echo: () => 'a function cannot be cloned' }, { source: 'scf' })
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(refused).toBeInstanceOf(CloudError);
      expect(refused).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringMatching(/cannot be passed/) });
      // With one instance and a ten-minute timeout, this answers only if the failed hand-off released it.
      const next = await host.invoke('whoami', { echo: 'next' }, { source: 'scf' });
      expect(next).toMatchObject({ ok: true, json: '{"echo":"next"}' });
    } finally {
      await host.close();
    }
  });
});

describe('the invocation log', () => {
  const lastLines = async (event: Record<string, unknown>, openid?: string) => {
    t.logs.length = 0;
    await callFn(t.url, 'whoami', event, openid);
    return t.logs;
  };

  test('a newline in the action cannot forge a second line', async () => {
    const forged = 'me\n[fn] users action=grantAdmin caller=demo-admin source=wx_client ms=1 db=1 code=OK req=x';
    const logs = await lastLines({ action: forged }, 'o-mallory');
    expect(logs).toHaveLength(1);
    expect(logs[0]).not.toContain('\n');
    expect(logs[0]).toMatch(/^\[fn\] whoami action=me\\u000a\[fn\]\\u0020users\\u0020action=grantAdmin\\u0020/);
    expect(logs[0]).toMatch(/ caller=o-mallory source=wx_client /);
  });

  test('a 1 MB action is cut, not logged whole', async () => {
    const [line] = await lastLines({ action: 'A'.repeat(1024 * 1024) });
    expect(line).toMatch(/ action=A{80}… caller=- /);
    expect(line.length).toBeLessThan(300);
  });

  test('control characters, spaces and backslashes of the caller are escaped too', async () => {
    const [line] = await lastLines({ action: 'x' }, 'o\tpose as=\\');
    expect(line).toMatch(/ caller=o\\u0009pose\\u0020as=\\\\ source=/);
  });
});

test('a malformed percent-escape in a path is a 400, not an internal error', async () => {
  const res = await http(`${t.url}/fn/%E0`, { body: '{}' });
  expect(res.status).toBe(400);
  expect(t.logs.filter((l) => l.includes('internal error'))).toEqual([]);
});

/**
 * The console's data API over plain HTTP: locked by the console token (none, a wrong one, the secretKey itself or a
 * foreign Host all answer 401 and do nothing), and what it reads and writes goes through the same database,
 * functions, clock, storage and outbox as the SDK's calls.
 */
import http from 'node:http';
import { consoleTokenOf } from '../src/auth';
import { bearer, callFn, loadSdk, startTestCloud, type Loose, type TestCloud } from './helpers';

let t: TestCloud;
let sdk: Loose;
let token: string;

beforeAll(async () => {
  t = await startTestCloud({ personas: [{ openid: 'o-alice', name: 'Alice', label: 'a resident' }] });
  sdk = loadSdk(t.url);
  token = consoleTokenOf(t.credentials);
});
afterAll(() => t.close());

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Loose;
}

/** A raw request with exactly these headers (Host included), as a page elsewhere or a script would send it. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const host = () => new URL(t.url).host;

/** A console API call with the token, as the page makes it. */
function consoleApi(method: string, path: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = { host: host(), authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return raw(method, `/console/api/${path}`, headers, body === undefined ? undefined : JSON.stringify(body));
}

describe('the lock', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', 'overview'],
    ['GET', 'collections'],
    ['GET', 'collections/things/documents'],
    ['GET', 'collections/things/documents/t1'],
    ['PUT', 'collections/things/documents/t1', { ejson: '{"name":"taken over"}' }],
    ['DELETE', 'collections/things/documents/t1'],
    ['GET', 'calls'],
    ['POST', 'call', { function: 'whoami', openid: 'o-mallory', event: {} }],
    ['POST', 'clock', { offset: '3d' }],
    ['GET', 'files'],
    ['GET', 'outbox'],
  ];

  beforeAll(async () => {
    await sdk
      .database()
      .collection('things')
      .add({ data: { _id: 't1', name: 'original', code: 'T1' } });
  });

  test.each([
    ['no Authorization', {}],
    ['a wrong token', { authorization: 'Bearer not-the-console-token' }],
    ['the secretKey instead of the console token', { authorization: `Bearer ${'SECRET'}` }],
    ['the token with a foreign Host', { authorization: 'TOKEN', host: 'attacker.example:80' }],
  ])('%s: every data route answers 401 and changes nothing', async (_, extra: Record<string, string>) => {
    for (const [method, path, body] of routes) {
      const headers: Record<string, string> = { host: host(), 'content-type': 'application/json', ...extra };
      if (headers.authorization === 'Bearer SECRET') headers.authorization = `Bearer ${t.credentials.secretKey}`;
      if (headers.authorization === 'TOKEN') headers.authorization = `Bearer ${token}`;
      const reply = await raw(method, `/console/api/${path}`, headers, body ? JSON.stringify(body) : undefined);
      expect([path, reply.status]).toEqual([path, 401]);
      expect(reply.json.code).toBe('SIGN_PARAM_INVALID');
    }
    const [doc] = (await sdk.database().collection('things').where({ _id: 't1' }).get()).data;
    expect(doc.name).toBe('original');
    expect(t.logs.some((l) => l.includes('o-mallory'))).toBe(false);
    expect(t.cloud.clock.offsetMs).toBe(0);
  });

  test('a body that is not JSON is refused even with the token (a simple cross-site POST)', async () => {
    const reply = await raw(
      'POST',
      '/console/api/clock',
      { host: host(), authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      JSON.stringify({ offset: '3d' }),
    );
    expect(reply.status).toBe(401);
    expect(t.cloud.clock.offsetMs).toBe(0);
  });

  test('the printed URL carries the token in its fragment; the token is not the secretKey', () => {
    expect(t.cloud.consoleUrl).toBe(`${t.url}/console/#token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).not.toBe(t.credentials.secretKey);
  });

  test('the static page is served without the token, to this Host only, locked down by its headers', async () => {
    const page = await raw('GET', '/console/', { host: host() });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('app.mjs');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const script = await raw('GET', '/console/app.mjs', { host: host() });
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await raw('GET', '/console', { host: host() })).headers.location).toBe('/console/');
    expect((await raw('GET', '/console/', { host: 'rebound.example:3000' })).status).toBe(403);
    for (const path of ['/console/%2e%2e%2fsrc%2fauth.ts', '/console/..%2fREADME.md', '/console/a/b.mjs']) {
      expect([path, (await raw('GET', path, { host: host() })).status]).toEqual([path, 404]);
    }
  });
});

describe('data', () => {
  const sealed = `v1.0123abcd.${'A'.repeat(16)}.${'B'.repeat(22)}.Q2lwaGVy`;

  beforeAll(async () => {
    const things = sdk.database().collection('things');
    for (let i = 0; i < 5; i++) {
      await things.add({
        data: { _id: `p${i}`, orgId: 'o1', status: i % 2 ? 'open' : 'closed', code: `P${i}`, rank: i },
      });
    }
    await things.add({ data: { _id: 'sealed1', orgId: 'o2', code: 'S1', members: [{ idNumberEnc: sealed }] } });
  });

  test('collections with their counts and declared indexes', async () => {
    const reply = await consoleApi('GET', 'collections');
    expect(reply.status).toBe(200);
    const things = reply.json.collections.find((c: Loose) => c.name === 'things');
    expect(things.count).toBe((await sdk.database().collection('things').count()).total);
    expect(things.indexes).toContainEqual({ name: 'code_unique', keys: { code: 1 }, unique: true });
  });

  test('a page by an EJSON filter, a sort and paging', async () => {
    const filter = encodeURIComponent(JSON.stringify({ orgId: 'o1', rank: { $gte: 1 } }));
    const sort = encodeURIComponent(JSON.stringify({ rank: -1 }));
    const first = await consoleApi('GET', `collections/things/documents?filter=${filter}&sort=${sort}&limit=3`);
    expect(first.status).toBe(200);
    expect(first.json.total).toBe(4);
    expect(first.json.documents.map((d: Loose) => d._id)).toEqual(['p4', 'p3', 'p2']);
    const second = await consoleApi('GET', `collections/things/documents?filter=${filter}&sort=${sort}&limit=3&skip=3`);
    expect(second.json.documents.map((d: Loose) => d._id)).toEqual(['p1']);
  });

  test('sealed values are reported as sealed and never opened', async () => {
    const reply = await consoleApi('GET', 'collections/things/documents/sealed1');
    expect(reply.json.sealed).toEqual(['members.0.idNumberEnc']);
    expect(JSON.parse(reply.json.ejson).members[0].idNumberEnc).toBe(sealed);
  });

  test('bad input names its field; an unknown collection or document is 404', async () => {
    const bad = await consoleApi('GET', `collections/things/documents?filter=${encodeURIComponent('{"a":')}`);
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringMatching(/^filter: /) });
    const operator = await consoleApi(
      'GET',
      `collections/things/documents?filter=${encodeURIComponent('{"$nope":1}')}`,
    );
    expect(operator.status).toBe(400);
    expect((await consoleApi('GET', 'collections/things/documents?limit=-1')).json.message).toMatch(/^limit: /);
    expect((await consoleApi('GET', 'collections/nowhere/documents')).status).toBe(404);
    expect((await consoleApi('GET', 'collections/things/documents/nobody')).status).toBe(404);
    expect((await consoleApi('GET', 'nothing-here')).status).toBe(404);
  });

  test('an edit replaces the document through the database, as the SDK sees it', async () => {
    const reply = await consoleApi('PUT', 'collections/things/documents/p0', {
      ejson: JSON.stringify({
        _id: 'p0',
        orgId: 'o1',
        code: 'P0',
        note: '改过 edited',
        at: { $date: '2026-01-02T03:04:05Z' },
      }),
    });
    expect(reply.status).toBe(200);
    expect(reply.json.updated).toBe(1);
    const { data } = await sdk.database().collection('things').doc('p0').get();
    expect(data).toMatchObject({ note: '改过 edited', code: 'P0' });
    expect(data.at).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(data.status).toBeUndefined();
    // The indexes moved with it: the planner finds it by its new fields.
    const found = await sdk.database().collection('things').where({ orgId: 'o1', status: 'closed' }).get();
    expect(found.data.map((d: Loose) => d._id)).not.toContain('p0');
  });

  test('an edit that breaks a unique index, moves the _id or is not an object is refused and changes nothing', async () => {
    const path = 'collections/things/documents/p1';
    const duplicate = await consoleApi('PUT', path, { ejson: JSON.stringify({ code: 'P2' }) });
    expect(duplicate.status).toBe(400);
    expect(duplicate.json.message).toMatch(/duplicate key/);
    expect((await consoleApi('PUT', path, { ejson: JSON.stringify({ _id: 'other' }) })).json.message).toMatch(
      /^ejson: _id cannot change/,
    );
    expect((await consoleApi('PUT', path, { ejson: '[1]' })).status).toBe(400);
    expect((await consoleApi('PUT', path, { ejson: '{"$set":{"code":"X"}}' })).status).toBe(400);
    expect((await consoleApi('PUT', path, {})).json.message).toMatch(/^ejson: /);
    expect((await sdk.database().collection('things').doc('p1').get()).data.code).toBe('P1');
  });

  test('a delete removes the document for the SDK too', async () => {
    expect((await consoleApi('DELETE', 'collections/things/documents/p3')).json).toEqual({ deleted: 1 });
    expect((await sdk.database().collection('things').where({ _id: 'p3' }).get()).data).toEqual([]);
    expect((await consoleApi('DELETE', 'collections/things/documents/p3')).status).toBe(404);
  });
});

describe('functions, clock, files and outbox', () => {
  test('a call as a persona answers what /fn answers and lands in the call log with its database calls', async () => {
    const overview = await consoleApi('GET', 'overview');
    expect(overview.json.personas).toEqual([{ openid: 'o-alice', name: 'Alice', label: 'a resident' }]);
    expect(overview.json.functions).toEqual(expect.arrayContaining(['whoami', 'db']));

    const who = await consoleApi('POST', 'call', { function: 'whoami', openid: 'o-alice', event: {} });
    expect(who.json.status).toBe(200);
    expect(who.json.body.after.OPENID).toBe('o-alice');

    const tally = await consoleApi('POST', 'call', { function: 'db', openid: null, event: { action: 'tally', n: 2 } });
    expect(tally.json).toMatchObject({ status: 200, dbCalls: 3, body: { ok: true } });
    await callFn(t.url, 'db', { action: 'refuse' }, 'o-bob');

    const log = await consoleApi('GET', 'calls');
    const records = log.json.calls;
    expect(records.find((c: Loose) => c.requestId === tally.json.requestId)).toMatchObject({
      functionName: 'db',
      action: 'tally',
      caller: null,
      dbCalls: 3,
      code: 'OK',
    });
    const filtered = await consoleApi('GET', 'calls?filter=E_FIXTURE');
    expect(filtered.json.calls.map((c: Loose) => [c.caller, c.code])).toEqual([['o-bob', 'E_FIXTURE_REFUSED']]);
    const last = records[records.length - 1].seq;
    expect((await consoleApi('GET', `calls?since=${last}`)).json.calls).toEqual([]);
  });

  test('a call with a bad function, openid or event is refused naming it', async () => {
    const cases: [unknown, RegExp][] = [
      [{ function: 'nope', event: {} }, /^function: /],
      [{ function: 'whoami', openid: 42, event: {} }, /^openid: /],
      [{ function: 'whoami', event: [1] }, /^event: /],
    ];
    for (const [body, message] of cases) {
      const reply = await consoleApi('POST', 'call', body);
      expect(reply.status).toBe(400);
      expect(reply.json.message).toMatch(message);
    }
  });

  test('the clock is shown and set (a duration or milliseconds), bad offsets named', async () => {
    try {
      const set = await consoleApi('POST', 'clock', { offset: '1d' });
      expect(set.json.offsetMs).toBe(86_400_000);
      expect((await consoleApi('GET', 'clock')).json.offsetMs).toBe(86_400_000);
      expect(t.cloud.clock.offsetMs).toBe(86_400_000);
      const bad = await consoleApi('POST', 'clock', { offset: 'tomorrow' });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toMatch(/^offset: /);
      expect((await consoleApi('POST', 'clock', {})).status).toBe(400);
    } finally {
      await consoleApi('POST', 'clock', { offset: 0 });
    }
    expect(t.cloud.clock.offsetMs).toBe(0);
  });

  test('files by folder with owner and size; images get a preview URL that serves them', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    t.cloud.storage.write('requests/o-alice/photo.png', png, 'o-alice');
    t.cloud.storage.write('exports/report.xlsx', Buffer.alloc(2048), null);
    const { files } = (await consoleApi('GET', 'files')).json;
    const photo = files.find((f: Loose) => f.path === 'requests/o-alice/photo.png');
    expect(photo).toMatchObject({ folder: 'requests', owner: 'o-alice', size: png.length });
    expect((await fetch(photo.preview).then((r) => r.arrayBuffer())).byteLength).toBe(png.length);
    expect(files.find((f: Loose) => f.path === 'exports/report.xlsx')).toMatchObject({ owner: null, preview: null });
  });

  test('the outbox and the refusals', async () => {
    await fetch(`${t.url}/outbox/refuse`, { method: 'POST', body: JSON.stringify({ openid: 'o-bob' }) });
    await sdk.openapi.subscribeMessage.send({
      touser: 'o-alice',
      templateId: 'TPL',
      data: { thing1: { value: '活动' } },
    });
    const { messages, refusals } = (await consoleApi('GET', 'outbox')).json;
    expect(messages).toEqual([expect.objectContaining({ touser: 'o-alice', templateId: 'TPL' })]);
    expect(refusals).toEqual(['o-bob']);
  });

  test('the admin API keeps its own key: the console token does not open /admin', async () => {
    const reply = await raw(
      'POST',
      '/admin',
      { host: host(), 'content-type': 'application/json', authorization: `Bearer ${token}` },
      JSON.stringify({ action: 'database.getDocument', collectionName: 'things', queryType: 'WHERE', query: '{}' }),
    );
    expect(reply.status).toBe(401);
    expect(bearer(t.url).authorization).not.toContain(token);
  });
});

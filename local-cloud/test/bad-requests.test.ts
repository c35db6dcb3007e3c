/** Bad requests to /admin and /fn get clear errors, never a crash, and the server keeps serving after each. */
import { admin, bearer, callFn, http, startTestCloud, type HttpReply, type TestCloud } from './helpers';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.close());

afterEach(async () => {
  expect((await http(`${t.url}/healthz`)).json).toEqual({ ok: true });
  // Nothing above was an internal error.
  expect(t.logs.filter((l) => l.includes('internal error'))).toEqual([]);
});

const get = (extra: Record<string, unknown>) => ({
  action: 'database.getDocument',
  collectionName: 'people',
  ...extra,
});

/** The platform answers a refused request with `{ requestId, code, message }`. */
function expectRefused(res: HttpReply, code: string, message: RegExp, status = 200): void {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({ requestId: expect.any(String), code, message: expect.stringMatching(message) });
}

describe('/admin: the body', () => {
  test.each([
    ['malformed JSON', '{"action": "database.getDocument",', /^invalid JSON body/],
    ['an array', '[{"action":"database.getDocument"}]', /must be a JSON object/],
    ['a string', '"database.getDocument"', /must be a JSON object/],
    ['null', 'null', /must be a JSON object/],
  ])('%s is a 400 INVALID_PARAM', async (_name, body, message) => {
    expectRefused(await admin(t.url, body), 'INVALID_PARAM', message, 400);
  });

  test('a broken multipart body is a 400', async () => {
    const res = await http(`${t.url}/admin`, {
      body: 'not really multipart',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz', ...bearer(t.url) },
    });
    expectRefused(res, 'INVALID_PARAM', /^bad multipart body/, 400);
  });

  test('a body over the size limit is a 413, not a reset connection', async () => {
    const res = await admin(
      t.url,
      JSON.stringify({ action: 'database.getDocument', pad: 'x'.repeat(7 * 1024 * 1024) }),
    );
    expectRefused(res, 'INVALID_PARAM', /exceeds/, 413);
  });
});

describe('/admin: the action and its parameters', () => {
  test.each([
    ['no action', {}, 'INVALID_PARAM', /action is required/],
    ['a numeric action', { action: 5 }, 'INVALID_PARAM', /action is required/],
    ['an unknown database action', { action: 'database.frobnicate' }, 'INVALID_PARAM', /unknown action/],
    ['an unknown action', { action: 'tea.make' }, 'INVALID_PARAM', /unknown action: tea\.make/],
    ['no collection name', { action: 'database.getDocument' }, 'INVALID_PARAM', /collectionName/],
    ['a numeric collection name', get({ collectionName: 7 }), 'INVALID_PARAM', /collectionName/],
    ['an unknown collection', get({ collectionName: 'ghosts' }), 'DATABASE_COLLECTION_NOT_EXIST', /ghosts/],
    ['limit as a string', get({ limit: '10' }), 'INVALID_PARAM', /limit must be a number/],
    ['a negative limit', get({ limit: -1 }), 'INVALID_PARAM', /limit/],
    ['offset as a string', get({ offset: '5' }), 'INVALID_PARAM', /offset must be a number/],
    ['a negative offset', get({ offset: -5 }), 'INVALID_PARAM', /offset/],
    ['a query that is not EJSON', get({ query: '{"a":' }), 'INVALID_PARAM', /query is not valid EJSON/],
    ['a query sent as an object', get({ query: { a: 1 } }), 'INVALID_PARAM', /query must be an EJSON string/],
    ['a query that is an array', get({ query: '[1,2]' }), 'INVALID_PARAM', /query must be an object/],
    ['an unknown query operator', get({ query: '{"a":{"$frob":1}}' }), 'DATABASE_REQUEST_FAILED', /\$frob/],
    ['$where', get({ query: '{"$where":"this.a > 1"}' }), 'DATABASE_REQUEST_FAILED', /\$where/],
    ['an order that is not 1 or -1', get({ order: '{"a":"sideways"}' }), 'INVALID_PARAM', /order of a/],
    ['a mixed projection', get({ projection: '{"a":1,"b":0}' }), 'DATABASE_REQUEST_FAILED', /projection/],
    [
      'insert data that is not an array',
      { action: 'database.insertDocument', collectionName: 'people', data: '{}' },
      'INVALID_PARAM',
      /data must be a non-empty array/,
    ],
    [
      'insert data items that are objects, not EJSON strings',
      { action: 'database.insertDocument', collectionName: 'people', data: [{ a: 1 }] },
      'INVALID_PARAM',
      /EJSON strings/,
    ],
    [
      'an insert item that is not EJSON',
      { action: 'database.insertDocument', collectionName: 'people', data: ['{oops'] },
      'INVALID_PARAM',
      /not valid EJSON/,
    ],
    [
      'an _id that is an object',
      { action: 'database.insertDocument', collectionName: 'people', data: ['{"_id":{"a":1}}'] },
      'INVALID_PARAM',
      /_id/,
    ],
    [
      'an update without data',
      { action: 'database.modifyDocument', collectionName: 'people', query: '{}' },
      'INVALID_PARAM',
      /data is required/,
    ],
    [
      'an unknown update operator, even when nothing matches',
      {
        action: 'database.modifyDocument',
        collectionName: 'people',
        query: '{}',
        data: '{"$frob":{"a":1}}',
        multi: true,
      },
      'DATABASE_REQUEST_FAILED',
      /Unknown modifier: \$frob/,
    ],
    [
      'a DOC update without an _id',
      {
        action: 'database.modifyDocument',
        collectionName: 'people',
        queryType: 'DOC',
        query: '{"a":1}',
        data: '{"$set":{"a":2}}',
      },
      'DATABASE_REQUEST_FAILED',
      /single-document/,
    ],
    [
      'aggregate stages that are not an array',
      { action: 'database.aggregateDocuments', collectionName: 'people', stages: '[]' },
      'INVALID_PARAM',
      /stages must be an array/,
    ],
    [
      'an unknown aggregate stage',
      {
        action: 'database.aggregateDocuments',
        collectionName: 'people',
        stages: [{ stageKey: '$frob', stageValue: '{}' }],
      },
      'DATABASE_REQUEST_FAILED',
      /\$frob/,
    ],
    [
      'a stage value that is not EJSON',
      {
        action: 'database.aggregateDocuments',
        collectionName: 'people',
        stages: [{ stageKey: '$match', stageValue: '{x' }],
      },
      'INVALID_PARAM',
      /stage \$match is not valid EJSON/,
    ],
    [
      'an unknown transaction',
      { action: 'database.commitTransaction', transactionId: 'no-such-tx' },
      'DATABASE_TRANSACTION_FAIL',
      /does not exist/,
    ],
    [
      'file_list that is not an array',
      { action: 'storage.batchGetDownloadUrl', file_list: 'cloud://x' },
      'INVALID_PARAM',
      /file_list must be an array/,
    ],
    [
      'an upload path that is not a string',
      { action: 'storage.getUploadMetadata', path: 5 },
      'INVALID_PARAM',
      /cloudPath/,
    ],
    [
      'an unknown function',
      { action: 'functions.invokeFunction', function_name: 'nobody' },
      'FUNCTIONS_REQUEST_FAIL',
      /nobody/,
    ],
    [
      'request_data that is not JSON',
      { action: 'functions.invokeFunction', function_name: 'whoami', request_data: '{x' },
      'INVALID_PARAM',
      /request_data must be JSON/,
    ],
    [
      'an open-API call without its data',
      { action: 'wx.openApi', apiName: 'wxacode.getUnlimited' },
      'INVALID_PARAM',
      /requestData/,
    ],
  ])('%s is refused with a clear code', async (_name, body, code, message) => {
    expectRefused(await admin(t.url, body), code as string, message as RegExp);
  });

  test('an open-API call whose request data is not protobuf is refused', async () => {
    const form = new FormData();
    form.append('action', 'wx.openApi');
    form.append('apiName', 'wxacode.getUnlimited');
    form.append('requestData', new Blob([Buffer.from('definitely not protobuf')]), 'request');
    const res = await fetch(`${t.url}/admin`, { method: 'POST', body: form, headers: bearer(t.url) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      code: 'INVALID_PARAM',
      message: expect.stringMatching(/not an open-API request/),
    });
  });

  test('GET /admin and unknown routes are 404s', async () => {
    expect((await http(`${t.url}/admin`)).status).toBe(404);
    const res = await http(`${t.url}/nothing/here`, { body: '{}' });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ errCode: -501000, errMsg: 'no route for POST /nothing/here' });
  });
});

describe('/fn', () => {
  test.each([
    ['malformed JSON', '{"delayMs": ', /^invalid JSON body/],
    ['an array', '[1,2,3]', /must be a JSON object/],
    ['a string', '"hello"', /must be a JSON object/],
    ['null', 'null', /must be a JSON object/],
  ])('a body that is %s is a 400 -501007', async (_name, body, message) => {
    const res = await http(`${t.url}/fn/whoami`, { body, headers: { 'x-wx-openid': 'o-1' } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ errCode: -501007, errMsg: expect.stringMatching(message) });
  });

  test('an empty body is an empty event', async () => {
    const res = await http(`${t.url}/fn/whoami`, { method: 'POST', headers: { 'x-wx-openid': 'o-1' } });
    expect(res.status).toBe(200);
    expect(res.json.after.OPENID).toBe('o-1');
  });

  test.each([['no-such-function'], ['..%2F..%2Fetc'], ['a%20b']])(
    'an unknown or invalid name (%s) is a 404',
    async (name) => {
      const res = await callFn(t.url, name, {});
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ errCode: -501000, errMsg: expect.stringContaining('could not be found') });
    },
  );

  test('extra path segments and other methods are 404s', async () => {
    expect((await http(`${t.url}/fn/whoami/extra`, { body: '{}' })).status).toBe(404);
    expect((await http(`${t.url}/fn/whoami`)).status).toBe(404);
  });

  test('an event with wrong types reaches the function, which decides; a throw is a 500 -504002', async () => {
    const res = await callFn(t.url, 'whoami', { call: 42 }, 'o-1');
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ errCode: -504002 });
  });

  test('a body over the size limit is a 413', async () => {
    const res = await http(`${t.url}/fn/whoami`, { body: JSON.stringify({ pad: 'x'.repeat(7 * 1024 * 1024) }) });
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ errCode: -501007, errMsg: expect.stringMatching(/exceeds/) });
  });
});

/**
 * The lock on the server API: `/admin` serves only requests signed with the local credentials (or carrying their
 * Bearer key), as JSON, to this server's Host. Each test is an attack from the audit, made as an attacker would.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { sign } from '@cloudbase/signature-nodejs';
import { EJSON } from 'bson';
import { AuthError, LocalAuth, hostMatcher } from '../src/auth';
import { readLockedBody } from '../src/server';
import {
  bearer,
  callFn,
  loadSdk,
  pointSdkAt,
  rejectionOf,
  startTestCloud,
  tempDir,
  type Loose,
  type TestCloud,
} from './helpers';

let t: TestCloud;
let sdk: Loose;

beforeAll(async () => {
  t = await startTestCloud();
  sdk = loadSdk(t.url);
});
afterAll(() => t.close());

interface Reply {
  status: number;
  json: Loose;
}

/** A raw POST with exactly these headers (Host included), as a browser page or a script would send it. */
function rawPost(url: string, body: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const host = () => new URL(t.url).host;

/** The audit's first move: make oneself admin by inserting a grant. */
const grantAdmin = (id: string) => ({
  action: 'database.insertDocument',
  collectionName: 'people',
  data: [EJSON.stringify({ _id: id, role: 'admin', openid: 'o-mallory' }, { relaxed: false })],
});
const inserted = (id: string) => t.cloud.store.collection('people').docs.has(id);

/**
 * Headers of a request signed by the SDK's own signer (`@cloudbase/signature-nodejs`, as wx-server-sdk calls it),
 * so that each test below changes one thing of a request that is otherwise accepted.
 */
interface SignOverrides {
  timestamp?: number;
  secretId?: string;
  secretKey?: string;
  host?: string;
  contentType?: string;
}

function signedHeaders(params: Record<string, unknown>, over: SignOverrides = {}): Record<string, string> {
  const signingHost = over.host ?? host();
  const timestamp = over.timestamp ?? Math.floor(Date.now() / 1000) - 1;
  const headers = {
    'content-type': over.contentType ?? 'application/json',
    host: signingHost,
    'user-agent': 'tcb-node-sdk/3.17.2',
    'x-tcb-source': ',not-scf',
  };
  const { authorization } = sign({
    secretId: over.secretId ?? t.credentials.secretId,
    secretKey: over.secretKey ?? t.credentials.secretKey,
    method: 'post',
    url: `http://${signingHost}/admin?env=local&seqId=1`,
    headers,
    params,
    timestamp,
    withSignedParams: true,
  });
  return { ...headers, authorization, 'x-timestamp': String(timestamp), 'x-signature-expires': '600' };
}

const post = (params: Record<string, unknown>, headers: Record<string, string>, body = JSON.stringify(params)) =>
  rawPost(`${t.url}/admin?env=local&seqId=1`, body, headers);

function expect401(reply: Reply, message: RegExp): void {
  expect(reply.status).toBe(401);
  expect(reply.json).toEqual({
    requestId: expect.any(String),
    code: 'SIGN_PARAM_INVALID',
    message: expect.stringMatching(message),
  });
}

describe('unsigned requests get nothing', () => {
  test('an unsigned insert of an admin grant is a 401 and inserts nothing', async () => {
    const params = grantAdmin('unsigned');
    expect401(await post(params, { 'content-type': 'application/json', host: host() }), /not signed/);
    expect(inserted('unsigned')).toBe(false);
  });

  test('an unsigned read of a collection is a 401 without any data', async () => {
    await sdk
      .database()
      .collection('people')
      .add({ data: { _id: 'secret-person', name: '马丽' } });
    const reply = await post(
      { action: 'database.getDocument', collectionName: 'people', queryType: 'WHERE', query: '{}' },
      { 'content-type': 'application/json', host: host() },
    );
    expect401(reply, /not signed/);
    expect(JSON.stringify(reply.json)).not.toContain('马丽');
  });

  test('an unsigned request for download URLs is a 401', async () => {
    const { fileID } = await sdk.uploadFile({ cloudPath: 'qr/door/abc.png', fileContent: Buffer.from('door code') });
    const reply = await post(
      { action: 'storage.batchGetDownloadUrl', file_list: [{ fileid: fileID, max_age: 3600 }] },
      { 'content-type': 'application/json', host: host() },
    );
    expect401(reply, /not signed/);
    expect(JSON.stringify(reply.json)).not.toContain('/storage/file/');
  });

  test("a web page's text/plain POST with a foreign Origin is a 401 (a simple request gets no further)", async () => {
    const params = grantAdmin('from-a-web-page');
    const reply = await post(params, {
      'content-type': 'text/plain;charset=UTF-8',
      origin: 'https://evil.example',
      host: host(),
    });
    expect401(reply, /application\/json/);
    expect(inserted('from-a-web-page')).toBe(false);
  });

  test('the route a function instance uses (/admin/w/<id>) is locked the same way', async () => {
    const reply = await rawPost(`${t.url}/admin/w/1`, JSON.stringify(grantAdmin('via-worker-route')), {
      'content-type': 'application/json',
      host: host(),
    });
    expect401(reply, /not signed/);
    expect(inserted('via-worker-route')).toBe(false);
  });
});

describe('the TC3-HMAC-SHA256 signature of the SDKs', () => {
  test('a request signed by the SDK signer with the local pair is served (the control for the cases below)', async () => {
    const params = grantAdmin('signed-by-hand');
    const reply = await post(params, signedHeaders(params));
    expect(reply.status).toBe(200);
    expect(reply.json.data.insertedIds).toEqual(['signed-by-hand']);
  });

  test('wx-server-sdk with a wrong secretKey is refused with 401 and changes nothing', async () => {
    process.env.TENCENTCLOUD_SECRETKEY = 'not-the-local-key';
    try {
      const err = await rejectionOf(
        sdk
          .database()
          .collection('people')
          .add({ data: { _id: 'wrong-key' } }),
      );
      expect(err.errMsg).toMatch(/401 Unauthorized/);
    } finally {
      process.env.TENCENTCLOUD_SECRETKEY = t.credentials.secretKey;
    }
    expect(inserted('wrong-key')).toBe(false);
  });

  test('@cloudbase/node-sdk (the seed and deploy scripts) works with the pair and is refused with a wrong key', async () => {
    const app = (secretKey: string) =>
      tcb.init({ env: 'local', secretId: t.credentials.secretId, secretKey, serviceUrl: `${t.url}/admin` });
    const ok = await app(t.credentials.secretKey).database().collection('people').add({ _id: 'by-node-sdk' });
    expect(ok.id).toBe('by-node-sdk');
    const err = await rejectionOf(app('wrong').database().collection('people').add({ _id: 'node-sdk-wrong' }));
    expect(err).toMatchObject({ code: 401 });
    expect(inserted('node-sdk-wrong')).toBe(false);
  });

  const now = () => Math.floor(Date.now() / 1000);
  test.each<[string, () => SignOverrides, RegExp]>([
    ['a wrong secretKey', () => ({ secretKey: 'guessed' }), /does not match/],
    ['another secretId', () => ({ secretId: 'AKIDsomeoneelse' }), /not by the local secretId/],
    ['a stale timestamp (a captured request replayed 20 minutes later)', () => ({ timestamp: now() - 1200 }), /stale/],
    ['a timestamp an hour ahead', () => ({ timestamp: now() + 3600 }), /stale/],
    ['text/plain, signed as such', () => ({ contentType: 'text/plain' }), /application\/json/],
  ])('%s is a 401', async (name, overrides, message) => {
    const id = `attempt-${name.split(' ').join('-')}`;
    const params = grantAdmin(id);
    expect401(await post(params, signedHeaders(params, overrides())), message);
    expect(inserted(id)).toBe(false);
  });

  test('a signed request whose body was changed afterwards is a 401', async () => {
    const signedFor = grantAdmin('harmless');
    const sent = grantAdmin('tampered');
    expect401(await post(sent, signedHeaders(signedFor)), /does not match/);
    expect(inserted('tampered')).toBe(false);
  });

  test('a body parameter added outside the signature is a 401', async () => {
    const params = { action: 'database.getDocument', collectionName: 'people', queryType: 'WHERE', query: '{}' };
    const body = JSON.stringify({ ...params, limit: 1000 });
    expect401(await post(params, signedHeaders(params), body), /not covered by the signature/);
  });

  test('a signature made for another Host (DNS rebinding) is a 401', async () => {
    const foreign = `evil.example:${t.cloud.port}`;
    const params = grantAdmin('rebound');
    expect401(await post(params, signedHeaders(params, { host: foreign })), /Host evil\.example/);
    expect(inserted('rebound')).toBe(false);
  });
});

describe('Authorization: Bearer <secretKey>', () => {
  test('the right key is served; a wrong one, or the secretId, is a 401', async () => {
    const json = { 'content-type': 'application/json', host: host() };
    expect((await post(grantAdmin('bearer-ok'), { ...json, ...bearer(t.url) })).status).toBe(200);
    expect(inserted('bearer-ok')).toBe(true);
    expect401(await post(grantAdmin('bearer-wrong'), { ...json, authorization: 'Bearer guessed' }), /Bearer key/);
    const asId = { ...json, authorization: `Bearer ${t.credentials.secretId}` };
    expect401(await post(grantAdmin('bearer-id'), asId), /Bearer key/);
    expect(inserted('bearer-wrong') || inserted('bearer-id')).toBe(false);
  });

  test('with a foreign Host or a text/plain body it is still a 401', async () => {
    const foreign = { 'content-type': 'application/json', host: 'evil.example', ...bearer(t.url) };
    expect401(await post(grantAdmin('bearer-foreign'), foreign), /Host/);
    const plain = { 'content-type': 'text/plain', host: host(), ...bearer(t.url) };
    expect401(await post(grantAdmin('bearer-plain'), plain), /application\/json/);
    expect(inserted('bearer-foreign') || inserted('bearer-plain')).toBe(false);
  });
});

describe('the lock as a helper for other routes (/clock, /triggers)', () => {
  test('readLockedBody accepts the SDK signature or the Bearer key and nothing else', async () => {
    let port = 0;
    const auth = new LocalAuth(t.credentials, (h) => hostMatcher('127.0.0.1', port)(h));
    const server = http.createServer((req, res) => {
      readLockedBody(req, auth).then(
        (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
        (err: unknown) => res.writeHead(err instanceof AuthError ? 401 : 400).end(String(err)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    try {
      const url = `http://127.0.0.1:${port}/clock`;
      const body = { offsetMs: 3_600_000 };
      const json = { 'content-type': 'application/json', host: `127.0.0.1:${port}` };
      const timestamp = Math.floor(Date.now() / 1000) - 1;
      const { authorization } = sign({
        ...t.credentials,
        method: 'post',
        url,
        headers: json,
        params: body,
        timestamp,
        withSignedParams: true,
      });
      const signed = { ...json, authorization, 'x-timestamp': String(timestamp) };
      expect(await rawPost(url, JSON.stringify(body), signed)).toEqual({ status: 200, json: body });
      const withKey = { ...json, authorization: `Bearer ${t.credentials.secretKey}` };
      expect(await rawPost(url, JSON.stringify(body), withKey)).toEqual({ status: 200, json: body });
      expect((await rawPost(url, JSON.stringify(body), json)).status).toBe(401);
      expect((await rawPost(url, JSON.stringify({ offsetMs: 1 }), signed)).status).toBe(401);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('Host on the open routes', () => {
  test('/fn with a foreign Host (DNS rebinding) is a 403 and runs nothing', async () => {
    t.logs.length = 0;
    const reply = await rawPost(`${t.url}/fn/whoami`, '{}', {
      'content-type': 'application/json',
      host: `evil.example:${t.cloud.port}`,
      'x-wx-openid': 'demo-admin',
    });
    expect(reply.status).toBe(403);
    expect(reply.json).toEqual({ errCode: -501007, errMsg: expect.stringMatching(/Host evil\.example/) });
    expect(t.logs).toEqual([]);
  });

  test('localhost and 127.0.0.1 with the port are the same server', async () => {
    for (const name of ['localhost', '127.0.0.1']) {
      const reply = await rawPost(`${t.url}/fn/whoami`, '{}', {
        'content-type': 'application/json',
        host: `${name}:${t.cloud.port}`,
        'x-wx-openid': 'o-dev',
      });
      expect(reply.status).toBe(200);
    }
  });
});

describe('bound to every interface (HOST=0.0.0.0)', () => {
  let open: TestCloud;
  beforeAll(async () => {
    open = await startTestCloud({ host: '0.0.0.0' });
  });
  afterAll(() => open.close());

  test('any Host reaches /fn, and /admin still needs the credentials', async () => {
    const port = open.cloud.port;
    const lan = { 'content-type': 'application/json', host: `phone.lan:${port}` };
    expect((await rawPost(`http://127.0.0.1:${port}/fn/whoami`, '{}', lan)).status).toBe(200);
    const params = grantAdmin('from-the-lan');
    const unsigned = await rawPost(`http://127.0.0.1:${port}/admin`, JSON.stringify(params), lan);
    expect(unsigned.status).toBe(401);
    const withKey = { ...lan, authorization: `Bearer ${open.credentials.secretKey}` };
    expect((await rawPost(`http://127.0.0.1:${port}/admin`, JSON.stringify(params), withKey)).status).toBe(200);
  });
});

describe('the credentials', () => {
  test('functions run by the local cloud get the generated pair as TENCENTCLOUD_SECRETID/SECRETKEY', async () => {
    const id = await callFn(t.url, 'whoami', { envVar: 'TENCENTCLOUD_SECRETID' });
    const key = await callFn(t.url, 'whoami', { envVar: 'TENCENTCLOUD_SECRETKEY' });
    expect(id.json).toEqual({ value: t.credentials.secretId });
    expect(key.json).toEqual({ value: t.credentials.secretKey });
    expect(t.credentials.secretKey).not.toBe('local');
    // And they work: the db fixture reads and writes through the SDK.
    expect((await callFn(t.url, 'db', { action: 'tally', n: 1, tag: 'lock' }, 'o-fn')).json).toMatchObject({
      ok: true,
    });
  });

  test('DATA_DIR/credentials.json holds them, mode 0600, in a 0700 folder; a restart keeps them', async () => {
    const file = path.join(t.dataDir, 'credentials.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(t.dataDir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(t.credentials);
    expect(t.credentials.secretKey.length).toBeGreaterThanOrEqual(43);
  });

  test('a DATA_DIR an older run left readable is narrowed: folders 0700, files 0600', async () => {
    const dataDir = tempDir('local-cloud-modes-');
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'cloud.db'), '', { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, 'cloud.db'), 0o644);
    const first = await startTestCloud({ dataDir });
    try {
      pointAt(first);
      await sdk.uploadFile({ cloudPath: 'exports/o-1/list.xlsx', fileContent: Buffer.from('rows') });
      const credentials = first.credentials;
      await first.close();
      const second = await startTestCloud({ dataDir });
      expect(second.credentials).toEqual(credentials);
      await second.close();
    } finally {
      pointAt(t);
    }
    const mode = (p: string) => fs.statSync(path.join(dataDir, p)).mode & 0o777;
    expect(mode('.')).toBe(0o700);
    for (const f of ['credentials.json', 'cloud.db', 'cloud.db-wal'])
      if (fs.existsSync(path.join(dataDir, f))) expect(mode(f)).toBe(0o600);
    expect(mode('storage')).toBe(0o700);
    expect(mode('storage/exports/o-1')).toBe(0o700);
    expect(mode('storage/exports/o-1/list.xlsx')).toBe(0o600);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

function pointAt(cloud: TestCloud): void {
  pointSdkAt(cloud.url, cloud.credentials);
}

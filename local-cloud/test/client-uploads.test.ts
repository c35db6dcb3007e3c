/**
 * The storage rule on the mini program's uploads (`PUT /storage/client/<path>` as `X-WX-OPENID`), the rule the
 * product deploys to CloudBase (docs/deploy.md): a client writes only `<client folder>/<own openid>/...`, never over
 * a file someone else or a function wrote, never into a system folder. Server-side writes are not subject to it.
 */
import { request } from 'node:http';
import { http, loadSdk, startTestCloud, type Loose, type TestCloud } from './helpers';

let t: TestCloud;
let sdk: Loose;

beforeAll(async () => {
  t = await startTestCloud({ clientUploadFolders: ['uploads'] });
  sdk = loadSdk(t.url);
});
afterAll(() => t.close());

const fileIdOf = (path: string) => `cloud://local.local-bucket/${path}`;

function put(openid: string, path: string, body: string) {
  return http(`${t.url}/storage/client/${path.split('/').map(encodeURIComponent).join('/')}`, {
    method: 'PUT',
    body: Buffer.from(body),
    headers: { 'x-wx-openid': openid, 'content-type': 'application/octet-stream' },
  });
}

/** What the file holds now, read as a function would. */
async function contentOf(path: string): Promise<string> {
  return (await sdk.downloadFile({ fileID: fileIdOf(path) })).fileContent.toString();
}

function expectRefused(res: Awaited<ReturnType<typeof put>>, reason: RegExp): void {
  expect(res.status).toBe(403);
  expect(res.json).toEqual({ errCode: -503002, errMsg: expect.stringMatching(reason) });
}

test('a client uploads into its own folder and may replace its own file', async () => {
  expect((await put('o-alice', 'uploads/o-alice/photo.png', 'first')).json).toEqual({
    fileID: fileIdOf('uploads/o-alice/photo.png'),
    errMsg: 'uploadFile:ok',
  });
  expect((await put('o-alice', 'uploads/o-alice/photo.png', 'second')).status).toBe(200);
  expect(await contentOf('uploads/o-alice/photo.png')).toBe('second');
  expect(t.cloud.storage.record(fileIdOf('uploads/o-alice/photo.png'))?.owner).toBe('o-alice');
});

test("another user's file cannot be overwritten: the owner and the bytes stay", async () => {
  await put('o-victim', 'uploads/o-victim/receipt.png', 'the real receipt');
  expectRefused(await put('o-mallory', 'uploads/o-victim/receipt.png', 'forged'), /own openid/);
  expect(await contentOf('uploads/o-victim/receipt.png')).toBe('the real receipt');
  expect(t.cloud.storage.record(fileIdOf('uploads/o-victim/receipt.png'))?.owner).toBe('o-victim');
});

test("nothing can be planted in another user's folder either", async () => {
  expectRefused(await put('o-mallory', 'uploads/o-victim/new.png', 'planted'), /own openid/);
  expect(t.cloud.storage.record(fileIdOf('uploads/o-victim/new.png'))).toBeUndefined();
});

test('a door-code PNG a function wrote into qr/ keeps its bytes, even against a caller named like its folder', async () => {
  await sdk.uploadFile({ cloudPath: 'qr/door/ab12.png', fileContent: Buffer.from('the door code') });
  // `qr/<openid>/...` would pass an own-folder check for openid "door": qr/ is a system folder.
  expectRefused(await put('door', 'qr/door/ab12.png', 'attacker bytes'), /qr\/ is not a folder clients/);
  const [{ tempFileURL }] = (await sdk.getTempFileURL({ fileList: [fileIdOf('qr/door/ab12.png')] })).fileList;
  expect(await (await fetch(tempFileURL)).text()).toBe('the door code');
});

test.each([['plates/o-mallory/g1.html'], ['exports/o-mallory/roster.xlsx'], ['qr/o-mallory/new.png']])(
  'the system folder of %s is closed to clients',
  async (path) => {
    expectRefused(await put('o-mallory', path, 'x'), /is not a folder clients may upload into/);
    expect(t.cloud.storage.record(fileIdOf(path))).toBeUndefined();
  },
);

test('a file a function wrote into a client folder is not the client’s to replace', async () => {
  await sdk.uploadFile({ cloudPath: 'uploads/o-alice/checked.png', fileContent: Buffer.from('checked by a function') });
  expectRefused(await put('o-alice', 'uploads/o-alice/checked.png', 'swapped'), /belongs to someone else/);
  expect(await contentOf('uploads/o-alice/checked.png')).toBe('checked by a function');
});

test('the folder itself, or a sub-folder of it, is refused: <folder>/<openid>/<file name> only', async () => {
  expectRefused(await put('o-alice', 'uploads/o-alice', 'x'), /own openid/);
  expectRefused(await put('o-alice', 'uploads/o-alice/deeper/x.png', 'x'), /own openid/);
});

test('server-side writes (the SDK through /admin) are not subject to the rule', async () => {
  await put('o-bob', 'uploads/o-bob/avatar.png', 'by bob');
  await sdk.uploadFile({ cloudPath: 'uploads/o-bob/avatar.png', fileContent: Buffer.from('replaced by a function') });
  expect(await contentOf('uploads/o-bob/avatar.png')).toBe('replaced by a function');
});

describe('a client upload named in Chinese, with spaces', () => {
  const path = 'uploads/o-alice/台账 2026.xlsx';

  test('gets the fileID of the unescaped path, which a function downloads, links and deletes', async () => {
    const res = await put('o-alice', path, 'the ledger');
    expect(res.json).toEqual({ fileID: fileIdOf(path), errMsg: 'uploadFile:ok' });
    expect(t.cloud.storage.record(fileIdOf(path))?.owner).toBe('o-alice');
    expect(await contentOf(path)).toBe('the ledger');
    const [{ tempFileURL }] = (await sdk.getTempFileURL({ fileList: [fileIdOf(path)] })).fileList;
    expect(await (await fetch(tempFileURL)).text()).toBe('the ledger');
    expect((await sdk.deleteFile({ fileList: [fileIdOf(path)] })).fileList[0].status).toBe(0);
    expect(t.cloud.storage.record(fileIdOf(path))).toBeUndefined();
  });

  test('is refused in the same words as any other name outside the caller’s folder', async () => {
    expectRefused(await put('o-mallory', path, 'planted'), /own openid/);
    expect(t.cloud.storage.record(fileIdOf(path))).toBeUndefined();
  });
});

/** A PUT whose path goes out exactly as written: fetch would resolve `%2e%2e` before sending it. */
function rawPut(openid: string, rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.url}/storage/client/${rawPath}`, { method: 'PUT', headers: { 'x-wx-openid': openid } });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end('climbed');
  });
}

test.each([
  ['uploads/o-alice/%2e%2e/o-bob/x.png'],
  ['uploads/o-alice/%252e%252e/x.png'],
  ['uploads/o-alice/..%2fo-bob%2fx.png'],
  ['uploads/o-alice/..%5co-bob%5cx.png'],
  ['uploads/o-alice/x.png%00.txt'],
  ['uploads/o-alice/%2e%2e%2f%2e%2e%2f%2e%2e%2fcredentials.json'],
])('a client path that climbs, escaped as %s, is refused and writes nothing', async (rawPath) => {
  const files = () => t.cloud.store.sqlite.prepare('SELECT path FROM files ORDER BY path').all();
  const before = files();
  expect([400, 403]).toContain(await rawPut('o-alice', rawPath));
  expect(files()).toEqual(before);
});

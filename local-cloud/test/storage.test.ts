/** Cloud storage through the unmodified wx-server-sdk, and the files served back over HTTP. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { http, loadSdk, rejectionOf, startTestCloud, type Loose, type TestCloud } from './helpers';

let t: TestCloud;
let cloud: Loose;

beforeAll(async () => {
  t = await startTestCloud();
  cloud = loadSdk(t.url);
});
afterAll(() => t.close());

const fileIdOf = (path: string) => `cloud://local.local-bucket/${path}`;

async function upload(cloudPath: string, body: Buffer): Promise<string> {
  const res = await cloud.uploadFile({ cloudPath, fileContent: body });
  expect(res.errMsg).toBe('uploadFile:ok');
  return res.fileID;
}

async function tempUrl(fileID: string, maxAge?: number): Promise<string> {
  const res = await cloud.getTempFileURL({ fileList: [maxAge === undefined ? fileID : { fileID, maxAge }] });
  expect(res.fileList[0].status).toBe(0);
  return res.fileList[0].tempFileURL;
}

test('uploadFile answers the fileID of the cloud path', async () => {
  const res = await cloud.uploadFile({ cloudPath: 'avatars/u1.png', fileContent: Buffer.from('png bytes') });
  expect(res).toMatchObject({ fileID: fileIdOf('avatars/u1.png'), errMsg: 'uploadFile:ok' });
});

test('a binary file comes back byte for byte through downloadFile and through its temporary URL', async () => {
  const body = crypto.randomBytes(300 * 1024);
  const fileID = await upload('exports/report.xlsx', body);

  const dl = await cloud.downloadFile({ fileID });
  expect(dl.errMsg).toBe('downloadFile:ok');
  expect(Buffer.compare(dl.fileContent, body)).toBe(0);

  const url = await tempUrl(fileID);
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), body)).toBe(0);
});

test('a path with Chinese characters and spaces works end to end', async () => {
  const fileID = await upload('活动/海报 1.png', Buffer.from('poster'));
  expect(fileID).toBe(fileIdOf('活动/海报 1.png'));
  const res = await fetch(await tempUrl(fileID));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  expect(await res.text()).toBe('poster');
});

describe('Chinese names, spaces and URL punctuation in cloud paths, as the platform takes them', () => {
  // downloadFile passes the temporary URL through encodeURI (the platform's URLs carry the path unescaped).
  test.each([['imports/o-1/台账 2026.xlsx'], ['活动/2026 春节/海报 #1 (终稿).png'], ['notes/100% 完成?.txt']])(
    '%s: uploadFile → fileID → downloadFile, getTempFileURL, deleteFile',
    async (cloudPath) => {
      const body = Buffer.from(`bytes of ${cloudPath}`);
      const fileID = await upload(cloudPath, body);
      expect(fileID).toBe(fileIdOf(cloudPath));
      expect(Buffer.compare((await cloud.downloadFile({ fileID })).fileContent, body)).toBe(0);

      const url = await tempUrl(fileID);
      const fetched = await fetch(url);
      expect(fetched.status).toBe(200);
      expect(Buffer.compare(Buffer.from(await fetched.arrayBuffer()), body)).toBe(0);
      // What encodeURI makes of the URL (what downloadFile fetches) reads the same file.
      expect((await http(encodeURI(url))).text).toBe(body.toString());

      expect((await cloud.deleteFile({ fileList: [fileID] })).fileList[0]).toMatchObject({ fileID, status: 0 });
      expect(t.cloud.storage.record(fileID)).toBeUndefined();
      expect((await http(url)).status).toBe(403);
    },
  );

  test('the signature still binds the exact path: decoding once more never serves a neighbour', async () => {
    await upload('private/a b.txt', Buffer.from('a b'));
    await upload('private/a%20b.txt', Buffer.from('literally a%20b'));
    const spaced = new URL(await tempUrl(fileIdOf('private/a b.txt')));
    const literal = new URL(await tempUrl(fileIdOf('private/a%20b.txt')));
    expect((await http(spaced.toString())).text).toBe('a b');
    expect((await http(literal.toString())).text).toBe('literally a%20b');
    // `a%2520b.txt` is `a%20b.txt` decoded once and `a b.txt` twice: each signature serves only its own file.
    const escapedAgain = new URL(spaced);
    escapedAgain.pathname = literal.pathname;
    expect((await http(escapedAgain.toString())).text).toBe('a b');
    const swapped = new URL(literal);
    swapped.pathname = spaced.pathname;
    expect((await http(swapped.toString())).status).toBe(403);
  });
});

test('uploading to the same path replaces the file', async () => {
  const fileID = await upload('notes/a.txt', Buffer.from('first'));
  await upload('notes/a.txt', Buffer.from('second'));
  expect((await cloud.downloadFile({ fileID })).fileContent.toString()).toBe('second');
});

test('getTempFileURL answers one entry per file, with maxAge, and -503003 for a missing one', async () => {
  const fileID = await upload('list/one.txt', Buffer.from('1'));
  const res = await cloud.getTempFileURL({ fileList: [fileID, { fileID, maxAge: 120 }, fileIdOf('list/none.txt')] });
  expect(res.errMsg).toBe('getTempFileURL:ok');
  expect(res.fileList).toEqual([
    {
      fileID,
      status: 0,
      errMsg: 'ok',
      maxAge: 86400,
      tempFileURL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//),
    },
    { fileID, status: 0, errMsg: 'ok', maxAge: 120, tempFileURL: expect.any(String) },
    {
      fileID: fileIdOf('list/none.txt'),
      status: -503003,
      errMsg: 'storage file not exists',
      maxAge: 86400,
      tempFileURL: '',
    },
  ]);
});

test('downloadFile of a missing file fails with the platform code', async () => {
  const err = await rejectionOf(cloud.downloadFile({ fileID: fileIdOf('nothing/here.txt') }));
  expect(err).toMatchObject({ code: 'STORAGE_FILE_NONEXIST', errMsg: 'downloadFile:fail storage file not exists' });
});

test('deleteFile removes the file: its URL stops working, and a second delete reports it missing', async () => {
  const fileID = await upload('tmp/gone.txt', Buffer.from('bye'));
  const url = await tempUrl(fileID);
  const res = await cloud.deleteFile({ fileList: [fileID] });
  expect(res).toMatchObject({ errMsg: 'deleteFile:ok', fileList: [{ fileID, status: 0, errMsg: 'ok' }] });
  expect((await http(url)).status).toBe(403);
  expect((await rejectionOf(cloud.downloadFile({ fileID }))).code).toBe('STORAGE_FILE_NONEXIST');
  const again = await cloud.deleteFile({ fileList: [fileID] });
  expect(again.fileList[0]).toMatchObject({ fileID, status: -503003 });
});

describe('temporary URLs', () => {
  let fileID: string;
  let url: URL;
  beforeAll(async () => {
    fileID = await upload('private/id-card.png', Buffer.from('secret'));
    url = new URL(await tempUrl(fileID));
  });

  test('a URL with a forged or missing signature is refused with 403', async () => {
    const forged = new URL(url);
    forged.searchParams.set('sign', 'f'.repeat(64));
    const refused = await http(forged.toString());
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ errCode: -503002 });
    const unsigned = new URL(url);
    unsigned.searchParams.delete('sign');
    expect((await http(unsigned.toString())).status).toBe(403);
  });

  test('a signature does not carry over to another path or a later expiry', async () => {
    await upload('private/other.png', Buffer.from('other'));
    const otherPath = new URL(url);
    otherPath.pathname = '/storage/file/private/other.png';
    expect((await http(otherPath.toString())).status).toBe(403);
    const longer = new URL(url);
    longer.searchParams.set('t', String(Number(url.searchParams.get('t')) + 3600));
    expect((await http(longer.toString())).status).toBe(403);
  });

  test('an expired URL is refused', async () => {
    const shortLived = new URL(await tempUrl(fileID, 1));
    expect((await http(shortLived.toString())).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await http(shortLived.toString())).status).toBe(403);
  });

  test('the untouched URL still works', async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('secret');
  });
});

test('a cloud path that climbs out of the bucket is refused, also once percent-decoded', async () => {
  const climbing = ['../escape.txt', 'a/../../b.txt', 'a//b.txt', 'a\\..\\b.txt', 'a/b\0.txt'];
  const escaped = ['a/%2e%2e/b.txt', 'a/%2E./b.txt', 'a/..%2f..%2fb.txt', 'a/%5c..%5cb.txt', 'a/b%00.txt'];
  for (const cloudPath of [...climbing, ...escaped]) {
    const err = await rejectionOf(cloud.uploadFile({ cloudPath, fileContent: Buffer.from('x') }));
    expect(err.code).toBe('INVALID_PARAM');
  }
});

test('a path the local disk cannot hold is refused as COS refuses a key, not with a server error', async () => {
  const tooLong = `imports/o-1/${'台账'.repeat(50)}.xlsx`; // 300 bytes of name: fine for COS, not for a file system
  await upload('clash/a', Buffer.from('a file'));
  await upload('clash/b/c.txt', Buffer.from('under a folder'));
  for (const cloudPath of [tooLong, 'clash/a/b.txt', 'clash/b']) {
    const err = await rejectionOf(cloud.uploadFile({ cloudPath, fileContent: Buffer.from('x') }));
    // The PUT's answer is COS's XML error document, which the SDK reports as such.
    expect(err).toMatchObject({ code: 'STORAGE_REQUEST_FAIL', errMsg: expect.stringContaining('[InvalidArgument]') });
    expect(t.cloud.storage.record(fileIdOf(cloudPath))).toBeUndefined();
  }
  expect((await cloud.downloadFile({ fileID: fileIdOf('clash/a') })).fileContent.toString()).toBe('a file');
  expect(fs.readdirSync(path.join(t.dataDir, 'storage/clash')).sort()).toEqual(['a', 'b']);
});

test("the mini program's upload route records the caller and needs one", async () => {
  const res = await http(`${t.url}/storage/client/${encodeURIComponent('uploads')}/o-user-1/photo.png`, {
    method: 'PUT',
    body: Buffer.from('from the phone'),
    headers: { 'x-wx-openid': 'o-user-1', 'content-type': 'image/png' },
  });
  expect(res.status).toBe(200);
  expect(res.json).toEqual({ fileID: fileIdOf('uploads/o-user-1/photo.png'), errMsg: 'uploadFile:ok' });
  expect(t.cloud.storage.record(res.json.fileID)).toMatchObject({ owner: 'o-user-1', size: 14 });
  expect((await cloud.downloadFile({ fileID: res.json.fileID })).fileContent.toString()).toBe('from the phone');

  const anonymous = await http(`${t.url}/storage/client/uploads/o-user-1/x.png`, {
    method: 'PUT',
    body: Buffer.from('x'),
  });
  expect(anonymous.status).toBe(401);
});

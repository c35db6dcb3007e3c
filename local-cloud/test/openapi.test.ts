/** The cloud.openapi stand-ins through the unmodified wx-server-sdk: QR codes, subscribe messages, content checks. */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { http, loadSdk, rejectionOf, startTestCloud, type Loose, type TestCloud } from './helpers';

let t: TestCloud;
let cloud: Loose;

beforeAll(async () => {
  t = await startTestCloud({ secWords: ['违禁词'] });
  cloud = loadSdk(t.url);
});
afterAll(() => t.close());

/** Decodes a PNG and reads the QR code in it, as a phone's scanner would. */
function scan(png: Buffer): { text: string; width: number; height: number } {
  const image = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error('no QR code found in the image');
  return { text: code.data, width: image.width, height: image.height };
}

describe('wxacode.getUnlimited', () => {
  test('answers a real PNG that scans as <page>?scene=<scene>', async () => {
    const res = await cloud.openapi.wxacode.getUnlimited({
      scene: 'org=abc&g=7',
      page: 'pages/join/index',
      width: 430,
    });
    expect(res).toMatchObject({ errCode: 0, errMsg: 'openapi.wxacode.getUnlimited:ok', contentType: 'image/png' });
    expect(Buffer.isBuffer(res.buffer)).toBe(true);
    expect(res.buffer.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const { text, width, height } = scan(res.buffer);
    // As with a real code, the scene arrives URL-encoded: the page reads decodeURIComponent(options.scene).
    expect(text).toBe(`pages/join/index?scene=${encodeURIComponent('org=abc&g=7')}`);
    expect(decodeURIComponent(new URLSearchParams(text.split('?')[1]).get('scene')!)).toBe('org=abc&g=7');
    expect(width).toBe(430);
    expect(height).toBe(430);
  });

  test('without a page the code opens the home page; width is kept within 280..1280', async () => {
    const res = await cloud.openapi.wxacode.getUnlimited({ scene: 'x1', width: 100 });
    const { text, width } = scan(res.buffer);
    expect(text).toBe('pages/index/index?scene=x1');
    expect(width).toBe(280);
  });

  test('a missing or too long scene fails with 40169; a page with a leading slash with 41030', async () => {
    for (const scene of ['', 'a'.repeat(33), 'bad scene']) {
      const err = await rejectionOf(cloud.openapi.wxacode.getUnlimited({ scene, page: 'pages/join/index' }));
      expect(err.errCode).toBe(40169);
    }
    const err = await rejectionOf(cloud.openapi.wxacode.getUnlimited({ scene: 'ok', page: '/pages/join/index' }));
    expect(err.errCode).toBe(41030);
  });

  test('an open API without a local stand-in fails with 48001', async () => {
    const err = await rejectionOf(cloud.openapi.wxacode.get({ path: 'pages/index/index' }));
    expect(err.errCode).toBe(48001);
    expect(err.errMsg).toMatch(/^openapi\.wxacode\.get:fail /);
  });
});

describe('subscribeMessage.send and the outbox', () => {
  beforeEach(async () => {
    expect((await http(`${t.url}/outbox`, { method: 'DELETE' })).json).toEqual({ ok: true });
  });

  test('a sent message lands in the outbox, readable with GET /outbox', async () => {
    const data = { thing1: { value: '社区活动' }, time2: { value: '2025-03-01 10:00' } };
    const res = await cloud.openapi.subscribeMessage.send({
      touser: 'o-alice',
      templateId: 'TPL_EVENT',
      page: 'pages/event/index?id=e1',
      data,
    });
    expect(res).toEqual({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });
    const outbox = await http(`${t.url}/outbox`);
    expect(outbox.status).toBe(200);
    expect(outbox.json.messages).toEqual([
      {
        id: expect.any(Number),
        touser: 'o-alice',
        templateId: 'TPL_EVENT',
        page: 'pages/event/index?id=e1',
        data,
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
  });

  test('after POST /outbox/refuse, sending to that user fails with 43101 and nothing is queued', async () => {
    const refuse = await http(`${t.url}/outbox/refuse`, { body: JSON.stringify({ openid: 'o-bob' }) });
    expect(refuse.json).toEqual({ ok: true });
    const err = await rejectionOf(
      cloud.openapi.subscribeMessage.send({ touser: 'o-bob', templateId: 'TPL', data: { thing1: { value: 'x' } } }),
    );
    expect(err.errCode).toBe(43101);
    expect(err.errMsg).toMatch(/^openapi\.subscribeMessage\.send:fail user refuse/);
    // Others still get theirs.
    await cloud.openapi.subscribeMessage.send({
      touser: 'o-carol',
      templateId: 'TPL',
      data: { thing1: { value: 'y' } },
    });
    expect((await http(`${t.url}/outbox`)).json.messages.map((m: Loose) => m.touser)).toEqual(['o-carol']);
  });

  test('DELETE /outbox also forgets refusals', async () => {
    await http(`${t.url}/outbox/refuse`, { body: JSON.stringify({ openid: 'o-dan' }) });
    await http(`${t.url}/outbox`, { method: 'DELETE' });
    const res = await cloud.openapi.subscribeMessage.send({
      touser: 'o-dan',
      templateId: 'T',
      data: { a: { value: 1 } },
    });
    expect(res.errCode).toBe(0);
  });

  test('missing touser, template or data fail with WeChat error codes', async () => {
    const send = (msg: Record<string, unknown>) => rejectionOf(cloud.openapi.subscribeMessage.send(msg));
    expect((await send({ templateId: 'T', data: {} })).errCode).toBe(40003);
    expect((await send({ touser: 'o-x', data: {} })).errCode).toBe(40037);
    expect((await send({ touser: 'o-x', templateId: 'T' })).errCode).toBe(47003);
    expect((await http(`${t.url}/outbox`)).json.messages).toEqual([]);
  });

  test('POST /outbox/refuse without an openid is a 400', async () => {
    const res = await http(`${t.url}/outbox/refuse`, { body: JSON.stringify({}) });
    expect(res.status).toBe(400);
    expect(res.json.errMsg).toMatch(/openid/);
  });
});

describe('security.msgSecCheck', () => {
  test('version 1: a listed word fails with 87014, clean text passes', async () => {
    const err = await rejectionOf(cloud.openapi.security.msgSecCheck({ content: '周末一起去赌博吧' }));
    expect(err).toMatchObject({ errCode: 87014, errMsg: 'openapi.security.msgSecCheck:fail risky content' });
    expect(await cloud.openapi.security.msgSecCheck({ content: '周末一起去包饺子' })).toEqual({
      errCode: 0,
      errMsg: 'openapi.security.msgSecCheck:ok',
    });
  });

  test('words added with the secWords option count too', async () => {
    expect((await rejectionOf(cloud.openapi.security.msgSecCheck({ content: '含有违禁词的句子' }))).errCode).toBe(
      87014,
    );
  });

  test('version 2: answers result.suggest risky or pass, with a trace id and details', async () => {
    const risky = await cloud.openapi.security.msgSecCheck({
      content: '出售冰毒',
      version: 2,
      scene: 2,
      openid: 'o-a',
    });
    expect(risky).toMatchObject({
      errCode: 0,
      result: { suggest: 'risky', label: 20001 },
      detail: [expect.objectContaining({ suggest: 'risky', keyword: '冰毒' })],
      traceId: expect.any(String),
    });
    const pass = await cloud.openapi.security.msgSecCheck({ content: '社区义诊', version: 2, scene: 2, openid: 'o-a' });
    expect(pass).toMatchObject({ errCode: 0, result: { suggest: 'pass', label: 100 }, detail: [] });
  });

  test('version 2 needs openid and scene (47001)', async () => {
    const err = await rejectionOf(cloud.openapi.security.msgSecCheck({ content: 'hi', version: 2 }));
    expect(err.errCode).toBe(47001);
  });
});

import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { TestProject } from './helpers/project';

/** Notice-board posters (`plates.poster`): an org's own code on one printable A4 page, for whoever may print it. */

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

async function posterOf(who: string, orgKey: string): Promise<{ html: string; payload: string | undefined }> {
  const res = await p.ok(who, 'plates', 'poster', { orgId: p.orgId(orgKey) });
  expect(res.fileID).toMatch(/\/posters\/.+\.html$/);
  expect(res.note).toContain('分钟内有效');
  expect(p.docs('exports').some((e) => e.fileID === res.fileID && e.kind === 'plates.poster')).toBe(true);
  const html = await (await fetch(res.tempUrl)).text();
  const png = html.match(/src="data:image\/png;base64,([^"]+)"/)?.[1];
  expect(png).toBeDefined();
  const image = PNG.sync.read(Buffer.from(png!, 'base64'));
  return { html, payload: jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data };
}

describe('community and grid posters', () => {
  test('staff get their community’s poster: its code, name, place, call to action and hotline', async () => {
    const community = p.org('zxq');
    const { html, payload } = await posterOf('staff', 'zxq');
    expect(payload).toBe(`pages/home/index?scene=${community.scene}`);
    expect(html).toContain('昆明市官渡区关上街道 · 中心区社区');
    expect(html).toContain('铸牢中华民族共同体意识');
    expect(html).toContain('微信扫一扫 · 找社区 办事情 报名活动');
    expect(html).toContain(community.contact.phone);
    expect(html).toContain(community.contact.address);
    expect(html).toContain(`办公时间 ${community.contact.hours}`);
    expect(html).toContain('@page');
  });

  test('a grid worker gets their grid’s poster, with the community hotline and their own contact', async () => {
    const grid = p.org('zxq-g1');
    const { html, payload } = await posterOf('gridWorker', 'zxq-g1');
    expect(payload).toBe(`pages/home/index?scene=${grid.scene}`);
    expect(html).toContain(grid.name);
    expect(html).toContain(p.org('zxq').contact.phone);
    expect(html).toContain(`网格员 ${grid.contact.name} ${grid.contact.phone}`);
  });

  test('a grid worker is refused another grid and their community; residents and other cities are refused', async () => {
    const refused = { ok: false, error: { code: 'PERMISSION_DENIED' } };
    expect(await p.call('gridWorker', 'plates', 'poster', { orgId: p.orgId('zxq-g2') })).toMatchObject(refused);
    expect(await p.call('gridWorker', 'plates', 'poster', { orgId: p.orgId('zxq') })).toMatchObject(refused);
    expect(await p.call('resident', 'plates', 'poster', { orgId: p.orgId('zxq') })).toMatchObject(refused);
    expect(await p.call('chengduStaff', 'plates', 'poster', { orgId: p.orgId('zxq') })).toMatchObject(refused);
    expect(await p.call('staff', 'plates', 'poster', { orgId: 'no-such-org' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

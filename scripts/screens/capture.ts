/**
 * The jest half of `npm run screens` (run by scripts/screens/jest.config.js, in the page tests' environment: jsdom,
 * miniprogram-simulate, a local cloud with the demo data). Opens each shot's page as its persona the way the page
 * tests do, waits until the page stops changing, and writes what it rendered to `$SCREENS_DIR/<name>.json`
 * (see `Capture`), with the local cloud's images inlined while the cloud still runs.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { beforeAll, it } from '@jest/globals';
import type { Rendered } from '../../miniprogram/test/support/simulate';
import { rpxToPx } from './rpx';
import { selectShots, type CallAs } from './shots';

/** What one shot hands to the browser half (scripts/screens/document.ts). */
export interface Capture {
  name: string;
  page: string;
  /** The page's serialized tree (`<main>` and everything inside). */
  html: string;
  /** The last title the page set with `wx.setNavigationBarTitle`, if any. */
  title?: string;
}

/**
 * The page-test helpers this file uses. They are typed for the mini program (with `wx` globals), while this file is
 * checked as Node code, so they are loaded at run time and described here.
 */
interface PageTestHelpers {
  useLocalCloud(): void;
  actAs(openid: string): void;
  callAs: CallAs;
  openPage(path: string, query?: Record<string, string>): { comp: Rendered; shown: Promise<unknown>; detach(): void };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const helpers = require('../../miniprogram/test/helpers') as PageTestHelpers;

/**
 * j-component (miniprogram-simulate's renderer) turns rpx in inline styles into as many px; the screens are 375 px
 * wide: 1rpx = 0.5px.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jComponentUtils = require('j-component/src/tool/utils') as { transformRpx(style: string): string };
jComponentUtils.transformRpx = rpxToPx;

/**
 * miniprogram-simulate registers the built-in components without properties, so their attributes (`placeholder`,
 * `value`, `src`, `mode`, `hidden`, `scroll-x`…) never reach the DOM; j-component keeps them on the node's virtual
 * tree. They are written back as DOM attributes (`true` as an empty attribute, `false` left out) for the browser half.
 */
interface SandboxElement {
  localName: string;
  hasAttribute(name: string): boolean;
  setAttribute(name: string, value: string): void;
  __wxElement?: ExparserNode;
}
interface ExparserNode {
  _vt?: { attrs?: { name: string; value: unknown }[] };
  triggerLifeTime?(name: string, args: unknown[]): void;
}
interface SandboxTree {
  innerHTML: string;
  querySelectorAll(selector: string): ArrayLike<SandboxElement>;
}

function reflectBuiltInAttributes(tree: SandboxTree): void {
  for (const el of Array.from(tree.querySelectorAll('*'))) {
    if (!el.localName.startsWith('wx-')) continue;
    for (const attr of el.__wxElement?._vt?.attrs ?? []) {
      const { value } = attr;
      // j-component's template compiler camel-cases attribute names: `placeholderClass` is `placeholder-class`.
      const name = attr.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      if (name === 'class' || name === 'style' || name === 'id' || el.hasAttribute(name)) continue;
      if (value === true) el.setAttribute(name, '');
      else if (typeof value === 'string' || typeof value === 'number') el.setAttribute(name, String(value));
    }
  }
}

function exparserNodes(tree: SandboxTree): ExparserNode[] {
  return Array.from(tree.querySelectorAll('*'))
    .map((el) => el.__wxElement)
    .filter((node): node is ExparserNode => Boolean(node));
}

/**
 * WeChat runs a component's `ready` lifetime whenever it is laid out; j-component only for the components present
 * when the page is attached. Components that appeared with the data (TDesign's upload sizes its tiles in `ready`)
 * get theirs here.
 */
function readyLateComponents(tree: SandboxTree, attached: Set<ExparserNode>): void {
  for (const node of exparserNodes(tree)) if (!attached.has(node)) node.triggerLifeTime?.('ready', []);
}

interface SandboxWx {
  setNavigationBarTitle(opts: { title: string }): unknown;
}
const sandbox = globalThis as unknown as { wx: SandboxWx; __LOCAL_CLOUD_URL__: string };

const outDir = process.env.SCREENS_DIR ?? '';
const shots = selectShots((process.env.SCREENS_ONLY ?? '').split(',').filter(Boolean));

let title: string | undefined;

beforeAll(() => {
  if (!outDir) throw new Error('SCREENS_DIR is not set: run `npm run screens`');
  sandbox.wx.setNavigationBarTitle = (opts) => {
    title = opts.title;
    return Promise.resolve({ errMsg: 'setNavigationBarTitle:ok' });
  };
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A spinner (TDesign's t-loading) still on the page: something is still being fetched (a QR code, a list). */
const loading = (html: string) => /<t-loading\b/.test(html);

/**
 * Waits until the rendered tree has not changed for a while (data loads, then follow-up loads) and shows no
 * spinner, at most `ms`.
 */
async function settled(read: () => string, ms = 5000): Promise<string> {
  const deadline = Date.now() + ms;
  let last = read();
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    await sleep(25);
    const now = read();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 250 && !loading(now)) break;
  }
  return last;
}

function fetchDataUrl(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const type = String(res.headers['content-type'] ?? 'application/octet-stream').split(';')[0];
          resolve(`data:${type};base64,${Buffer.concat(chunks).toString('base64')}`);
        });
      })
      .on('error', reject);
  });
}

/** Images served by this run's local cloud (QR codes…) become data URLs: the cloud stops with this test file. */
async function inlineCloudImages(html: string): Promise<string> {
  const base = sandbox.__LOCAL_CLOUD_URL__;
  const pattern = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^"')\\s]+`, 'g');
  const urls = [...new Set(html.match(pattern) ?? [])];
  for (const url of urls) {
    const dataUrl = await fetchDataUrl(url.replace(/&amp;/g, '&'));
    html = html.split(url).join(dataUrl);
  }
  return html;
}

for (const shot of shots) {
  it(shot.name, async () => {
    helpers.useLocalCloud();
    helpers.actAs(shot.persona);
    title = undefined;
    const query = (await shot.prepare?.(helpers.callAs)) ?? {};
    const page = helpers.openPage(shot.page, query);
    const tree = page.comp.dom as unknown as SandboxTree;
    const attached = new Set(exparserNodes(tree));
    await page.shown;
    await settled(() => tree.innerHTML);
    readyLateComponents(tree, attached);
    await settled(() => tree.innerHTML, 1000);
    reflectBuiltInAttributes(tree);
    const html = tree.innerHTML;
    const capture: Capture = {
      name: shot.name,
      page: shot.page,
      html: `<main>${await inlineCloudImages(html)}</main>`,
      title,
    };
    fs.writeFileSync(path.join(outDir, `${shot.name}.json`), JSON.stringify(capture));
    page.detach();
  });
}

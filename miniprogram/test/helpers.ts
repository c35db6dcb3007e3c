/**
 * Helpers of the page tests. Pages run unchanged: `callCloud` → local transport → `wx.request` (Node's http, see
 * support/setup.js) → the local cloud this test file's environment started with the demo data.
 */
import { env } from '../config/env';
import { setPersona } from '../config/personas';
import { callCloud } from '../services/cloud';
import type { ActionName, FunctionName, ReqOf, ResOf } from '../shared/api';
import { render, sleep, tap, type Rendered } from './support/simulate';

interface TestGlobals {
  __LOCAL_CLOUD_URL__: string;
  __CLOSED_URL__: string;
  __cloudIdentity__: { openid: string };
}
const globals = globalThis as unknown as TestGlobals;

/** Points the app's one config file at this file's local cloud (or, for error tests, at a closed port). */
export function useLocalCloud(): void {
  env.mode = 'local';
  env.localUrl = globals.__LOCAL_CLOUD_URL__;
}

export function useClosedPort(): void {
  env.mode = 'local';
  env.localUrl = globals.__CLOSED_URL__;
}

/**
 * Production mode: calls go through `wx.cloud.callFunction` (bridged to this file's local cloud by support/setup.js),
 * with WeChat's own identity for the user, `openid`.
 */
export function useCloudMode(openid: string): void {
  env.mode = 'cloud';
  globals.__cloudIdentity__.openid = openid;
}

/** Acts as a demo persona, as the 我的 page's switcher does. */
export function actAs(openid: string): void {
  setPersona(openid);
}

/** A direct cloud call as `openid` (test set-up), through the same `callCloud` the pages use. */
export async function callAs<F extends FunctionName, A extends ActionName<F>>(
  openid: string,
  fn: F,
  action: A,
  req: ReqOf<F, A>,
): Promise<ResOf<F, A>> {
  const previous = wx.getStorageSync('persona') as unknown;
  setPersona(openid);
  try {
    return await callCloud(fn, action, req);
  } finally {
    if (typeof previous === 'string' && previous) setPersona(previous);
    else wx.removeStorageSync('persona');
  }
}

type Method = (...args: unknown[]) => unknown;

export interface PageHandle {
  readonly comp: Rendered;
  /** The promises of the page's onLoad and onShow (its first load). */
  readonly shown: Promise<unknown>;
  data(): Record<string, unknown>;
  call(method: string, ...args: unknown[]): Promise<unknown>;
  /** What the user reads: the page's text with whitespace collapsed. */
  text(): string;
  /**
   * Text of an element ("" when absent). Selectors are a path: each one is looked up inside the custom component
   * the previous one found ('.home-error', '.state__button'), as in the WXML each component's own markup.
   */
  textOf(...path: string[]): string;
  has(...path: string[]): boolean;
  /** Taps an element (a TDesign button, a cell…) found by a selector path, and lets its handler run. */
  tap(...path: string[]): Promise<void>;
  /** A custom component inside (a dialog, the org picker), to read and drive it the same way. */
  within(...path: string[]): PageHandle;
  detach(): void;
}

function collapse(s: string | null | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

function wrap(comp: Rendered, shown: Promise<unknown>): PageHandle {
  const find = (path: string[]): Rendered | undefined => {
    let node: Rendered | undefined = comp;
    for (const selector of path) node = node?.querySelector(selector);
    return node;
  };
  return {
    comp,
    shown,
    data: () => comp.instance.data,
    call: async (method, ...args) => (comp.instance[method] as Method).apply(comp.instance, args),
    text: () => collapse(comp.dom?.textContent),
    textOf: (...path) => collapse(find(path)?.dom?.textContent),
    has: (...path) => find(path) !== undefined,
    async tap(...path) {
      const target = find(path);
      if (!target) throw new Error(`nothing matches ${path.join(' > ')}`);
      tap(target);
      await sleep(20);
    },
    within(...path) {
      const inner = find(path);
      if (!inner) throw new Error(`nothing matches ${path.join(' > ')}`);
      return wrap(inner, Promise.resolve());
    },
    detach: () => comp.detach(),
  };
}

/**
 * Opens a page as WeChat does: render, onLoad(query), onShow(). Returns at once, with `shown` to await the load,
 * so that a test can look at the loading state first.
 */
export function openPage(path: string, query: Record<string, string> = {}): PageHandle {
  const comp = render(path);
  const instance = comp.instance as unknown as Record<string, Method | undefined>;
  const loaded = instance.onLoad?.call(comp.instance, query);
  const shown = Promise.all([loaded, instance.onShow?.call(comp.instance)]);
  return wrap(comp, shown);
}

/** Renders a component with properties (no page lifetimes). */
export function renderComponent(path: string, properties: Record<string, unknown> = {}): PageHandle {
  return wrap(render(path, properties), Promise.resolve());
}

/** Waits until `check` passes (it throws or returns false until then); fails with its last error after `ms`. */
export async function waitFor(check: () => unknown, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (check() !== false) return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error('waitFor: condition still false');
    await sleep(10);
  }
}

export interface WxMock {
  mock: { calls: unknown[][] };
  mockImplementationOnce(fn: (opts: unknown) => unknown): void;
}

/** The wx mock functions of support/setup.js, to read their calls or script their next answer. */
export function wxMock(name: keyof WechatMiniprogram.Wx): WxMock {
  return wx[name] as unknown as WxMock;
}

/** The next `wx.scanCode` reads a mini-program code of `page` with `scene` (as the local cloud's QR encodes it). */
export function mockScanOnce(page: string, scene: string): void {
  const scan = wx.scanCode as unknown as {
    mockImplementationOnce(fn: (opts: WechatMiniprogram.ScanCodeOption) => void): void;
  };
  scan.mockImplementationOnce((opts) => {
    setTimeout(() => {
      const res = {
        errMsg: 'scanCode:ok',
        scanType: 'WX_CODE',
        charSet: 'utf-8',
        rawData: '',
        result: '',
        path: `${page}?scene=${encodeURIComponent(scene)}`,
      };
      opts.success?.(res as WechatMiniprogram.ScanCodeSuccessCallbackResult);
    }, 0);
  });
}

/** The texts of the toasts shown so far in this test. */
export function toasts(): string[] {
  return wxMock('showToast').mock.calls.map((c) => String((c[0] as { title?: string }).title));
}

/** A TDesign change event: `{ detail: { value } }`. */
export const change = (value: unknown) => ({ detail: { value } });

/** A change event of an element with `data-field`. */
export const fieldChange = (field: string, value: unknown) => ({
  detail: { value },
  currentTarget: { dataset: { field } },
});

/** A tap on an element with these `data-*` values. */
export const tapOn = (data: Record<string, unknown>) => ({ currentTarget: { dataset: data } });

/** The URL of the last wx.navigateTo / wx.redirectTo ('' when none). */
export function lastUrl(api: 'navigateTo' | 'redirectTo'): string {
  return (wxMock(api).mock.calls.slice(-1)[0]?.[0] as { url: string } | undefined)?.url ?? '';
}

/** The query of a page URL as onLoad receives it. */
export function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(
    (url.split('?')[1] ?? '')
      .split('&')
      .filter(Boolean)
      .map((kv) => kv.split('=').map(decodeURIComponent)),
  );
}

/** Opens a page and waits until it has left the loading state. */
export async function openLoaded(path: string, query: Record<string, string> = {}): Promise<PageHandle> {
  const page = openPage(path, query);
  await page.shown;
  await waitFor(() => {
    if (page.data().status === 'loading') throw new Error(`${path} is still loading`);
  });
  return page;
}

const demoOrgs = new Map<string, { id: string; scene: string }>();

/** An org of the demo data by its path of names (昆明市 › 官渡区 › …), with its QR scene. */
export async function demoOrg(path: string[]): Promise<{ id: string; scene: string }> {
  const key = path.join('/');
  const known = demoOrgs.get(key);
  if (known) return known;
  let items = (await callAs('demo-admin', 'orgs', 'roots', {})).items;
  for (let i = 0; ; i++) {
    const found = items.find((o) => o.name === path[i]);
    if (!found) throw new Error(`no demo org ${path[i]}`);
    if (i === path.length - 1) {
      demoOrgs.set(key, { id: found.id, scene: found.scene });
      return { id: found.id, scene: found.scene };
    }
    items = (await callAs('demo-admin', 'orgs', 'children', { id: found.id })).items;
  }
}

/** A file's text through the test's real wx.request. */
export function download(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      dataType: '其他',
      responseType: 'text',
      success: (res) => resolve(String(res.data)),
      fail: reject,
    });
  });
}

import { pathOf, ROUTES, TAB_PAGES, type PagePath } from '../shared/routes';

/**
 * The one way pages move: URLs come from `ROUTES` (shared/routes.ts), never written by hand. A tab page is reached
 * with wx.switchTab (it takes no query), any other page with wx.navigateTo.
 */
const isTab = (url: string) => TAB_PAGES.includes(pathOf(url) as PagePath);

/** Opens a page on top of this one (a tab page: switches to it). */
export function go(url: string): void {
  if (isTab(url)) wx.switchTab({ url });
  else wx.navigateTo({ url });
}

/** Opens a page in place of this one: after a form is done, or from a page that only routes a code. */
export function replace(url: string): void {
  if (isTab(url)) wx.switchTab({ url });
  else wx.redirectTo({ url });
}

/** Back to where the user came from; 首页 when this page was opened directly (a code, a shared link). */
export function goBack(): void {
  wx.navigateBack({ fail: () => wx.switchTab({ url: ROUTES.home() }) });
}

/** Starts over at 首页, every page loaded afresh (after switching the demo persona). */
export function restart(): void {
  wx.reLaunch({ url: ROUTES.home() });
}

/** The `data-*` values of a tapped element (`data-id`, `data-index`…). */
export function dataOf(e: WechatMiniprogram.BaseEvent): Record<string, unknown> {
  return e.currentTarget.dataset as Record<string, unknown>;
}

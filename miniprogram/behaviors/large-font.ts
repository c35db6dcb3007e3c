/**
 * Large-font mode for elderly users, applied by each page as the class `page--large` on its root view (app.wxss
 * enlarges our text and TDesign's font tokens under it). It is on when the user turned it on in 我的 (a stored
 * preference), or when WeChat's own font size (我 → 设置 → 通用 → 字体大小) is set above the standard size. Pages
 * using this behavior call `syncLargeFont(this)` in onShow, so a change reaches every page when it is shown again.
 */
const STORAGE_KEY = 'largeFont';

/** WeChat's font size from this factor up turns large-font mode on (the first step above the standard size). */
export const LARGE_SYSTEM_SCALE = 1.1;
/** WeChat's standard font size in px, for clients that report the size but not the factor. */
const STANDARD_FONT_PX = 17;

/** The 大字模式 switch of 我的. */
export function largeFontPreferred(): boolean {
  return wx.getStorageSync(STORAGE_KEY) === true;
}

export function setLargeFontPreferred(on: boolean): void {
  wx.setStorageSync(STORAGE_KEY, on);
}

/** WeChat's font size as a factor of the standard one (`wx.getAppBaseInfo`); 1 when the client does not say. */
export function systemFontScale(): number {
  try {
    const info = wx.getAppBaseInfo() as { fontSizeScaleFactor?: number; fontSizeSetting?: number };
    if (info.fontSizeScaleFactor) return info.fontSizeScaleFactor;
    if (info.fontSizeSetting) return info.fontSizeSetting / STANDARD_FONT_PX;
  } catch {
    // an old base library without getAppBaseInfo: the standard size
  }
  return 1;
}

/** WeChat's own font size is large: pages enlarge their text whatever the switch says. */
export function systemFontLarge(): boolean {
  return systemFontScale() >= LARGE_SYSTEM_SCALE;
}

export function largeFontEnabled(): boolean {
  return largeFontPreferred() || systemFontLarge();
}

interface HasLargeFont {
  data: { largeFont: boolean };
  setData(data: { largeFont: boolean }): void;
}

/** Applies the preference and WeChat's font size to a page (cheap when nothing changed). */
export function syncLargeFont(page: HasLargeFont): void {
  const on = largeFontEnabled();
  if (page.data.largeFont !== on) page.setData({ largeFont: on });
}

export const largeFont = Behavior({
  data: { largeFont: false },
  lifetimes: {
    attached() {
      this.setData({ largeFont: largeFontEnabled() });
    },
  },
});

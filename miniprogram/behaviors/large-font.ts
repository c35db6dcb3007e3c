/**
 * Large-font mode for elderly users: a stored preference, applied by each page as the class `page--large` on its
 * root view (app.wxss enlarges our text and TDesign's font tokens under it). Pages using this behavior declare
 * `largeFont` in their data and call `syncLargeFont(this)` in onShow, so a change on the 我的 page reaches every
 * page when it is shown again.
 */
const STORAGE_KEY = 'largeFont';

export function largeFontEnabled(): boolean {
  return wx.getStorageSync(STORAGE_KEY) === true;
}

export function setLargeFontEnabled(on: boolean): void {
  wx.setStorageSync(STORAGE_KEY, on);
}

interface HasLargeFont {
  data: { largeFont: boolean };
  setData(data: { largeFont: boolean }): void;
}

/** Applies the stored preference to a page (cheap when nothing changed). */
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

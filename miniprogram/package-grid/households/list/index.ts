import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText } from '../../../services/cloud';
import { listHouseholds, printPlates } from '../../../services/households';
import { getOrg } from '../../../services/orgs';
import { resolveScene } from '../../../services/qr';
import { scanScene } from '../../../services/scene';
import { HOUSEHOLD_URLS, TAG_OPTIONS, householdItem, type HouseholdItem } from '../../../utils/household-views';

type Status = 'loading' | 'ready' | 'error';

const PAGE = 20;

/**
 * 住户登记 (`?gridId=`): the households of a grid by address, or found by a member's name; a tag filter; each with
 * its completeness, its duplicate warning and the last visit. 登记住户, 扫门牌 (a door code opens the household) and
 * 打印门牌 (one printable file for the grid).
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    gridId: '',
    gridName: '',
    q: '',
    tag: '',
    tagOptions: [{ value: '', label: '全部' }, ...TAG_OPTIONS],
    items: [] as HouseholdItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    printing: false,
    loaded: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ gridId: query.gridId ?? '' });
      return this.load();
    },

    /** Back from registering or editing: the list shows it. */
    onShow() {
      syncLargeFont(this);
      if (this.data.loaded) return this.load(false);
      return undefined;
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load(false);
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      return this.more();
    },

    query() {
      const { gridId, q, tag } = this.data;
      return { gridId, limit: PAGE, ...(q.trim() ? { q: q.trim() } : {}), ...(tag ? { tag: tag as never } : {}) };
    },

    async load(spinner = true): Promise<void> {
      if (spinner) this.setData({ status: 'loading' });
      try {
        const [grid, page] = await Promise.all([
          this.data.gridName ? Promise.resolve({ name: this.data.gridName }) : getOrg(this.data.gridId),
          listHouseholds(this.query()),
        ]);
        this.setData({
          status: 'ready',
          loaded: true,
          gridName: grid.name,
          items: page.items.map(householdItem),
          nextCursor: page.nextCursor,
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    async more(): Promise<void> {
      const cursor = this.data.nextCursor;
      if (!cursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      try {
        const page = await listHouseholds({ ...this.query(), cursor });
        this.setData({ items: [...this.data.items, ...page.items.map(householdItem)], nextCursor: page.nextCursor });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ loadingMore: false });
      }
    },

    retry() {
      return this.load();
    },

    onSearchChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value });
    },

    onSearch() {
      return this.load();
    },

    onSearchClear() {
      this.setData({ q: '' });
      return this.load();
    },

    pickTag(e: WechatMiniprogram.BaseEvent) {
      this.setData({ tag: String(e.currentTarget.dataset.value ?? '') });
      return this.load();
    },

    open(e: WechatMiniprogram.BaseEvent) {
      wx.navigateTo({ url: HOUSEHOLD_URLS.detail(String(e.currentTarget.dataset.id)) });
    },

    register() {
      wx.navigateTo({ url: HOUSEHOLD_URLS.create(this.data.gridId) });
    },

    /** A door code: the household's record when it is in the worker's scope, otherwise the door card. */
    async scanDoor(): Promise<void> {
      try {
        const scene = await scanScene();
        if (!scene) return;
        const qr = await resolveScene(scene);
        if (qr.type !== 'household') {
          wx.showToast({ title: '这不是门牌二维码', icon: 'none' });
          return;
        }
        wx.navigateTo({ url: qr.view.household ? HOUSEHOLD_URLS.detail(qr.id) : HOUSEHOLD_URLS.door(scene) });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      }
    },

    /** The grid's door plates in one HTML file: its link is copied, to open and print on a computer. */
    async print(): Promise<void> {
      if (this.data.printing) return;
      this.setData({ printing: true });
      try {
        const { tempUrl, fileID, count } = await printPlates(this.data.gridId);
        wx.setClipboardData({ data: tempUrl ?? fileID });
        wx.showModal({
          title: `已生成 ${count} 张门牌`,
          content: '下载链接已复制。请在电脑浏览器中打开，用 A4 纸打印（每页 6 张），贴在各户门口。',
          showCancel: false,
          confirmText: '知道了',
        });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ printing: false });
      }
    },
  },
});

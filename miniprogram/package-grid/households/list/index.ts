import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../../behaviors/paged-list';
import { listHouseholds, printPlates } from '../../../services/households';
import { getOrg } from '../../../services/orgs';
import { resolveScene } from '../../../services/qr';
import type { HouseholdTag } from '../../../shared/households';
import { ROUTES } from '../../../shared/routes';
import { toast, toastError, whileBusy } from '../../../utils/feedback';
import { TAG_OPTIONS, householdItem, type HouseholdItem } from '../../../utils/household-views';
import { dataOf, go } from '../../../utils/navigate';
import { scanScene } from '../../../utils/scene-routing';

/**
 * 住户登记 (`?gridId=`): the households of a grid by address, or found by a member's name; a tag filter; each with
 * its completeness, its duplicate warning and the last visit. 登记住户, 扫门牌 (a door code opens the household) and
 * 打印门牌 (one printable file for the grid).
 */
Component({
  behaviors: [largeFont, pagedList],
  data: {
    gridId: '',
    gridName: '',
    q: '',
    tag: '',
    tagOptions: [{ value: '', label: '全部' }, ...TAG_OPTIONS],
    items: [] as HouseholdItem[],
    printing: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ gridId: query.gridId ?? '' });
      return this.load();
    },

    /** Back from registering or editing: the list shows it. */
    onShow() {
      syncLargeFont(this);
      return this.data.status === 'ready' ? this.load() : undefined;
    },

    async listHead() {
      return this.data.gridName ? {} : { gridName: (await getOrg(this.data.gridId)).name };
    },

    async fetchPage(query: ListQuery) {
      const { gridId, q, tag } = this.data;
      const page = await listHouseholds({
        ...query,
        gridId,
        ...(q.trim() ? { q: q.trim() } : {}),
        ...(tag ? { tag: tag as HouseholdTag } : {}),
      });
      return mapPage(page, householdItem);
    },

    onSearchChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value });
    },

    onSearch() {
      return this.load({ spinner: true });
    },

    onSearchClear() {
      this.setData({ q: '' });
      return this.load({ spinner: true });
    },

    pickTag(e: WechatMiniprogram.BaseEvent) {
      this.setData({ tag: String(dataOf(e).value ?? '') });
      return this.load({ spinner: true });
    },

    open(e: WechatMiniprogram.BaseEvent) {
      go(ROUTES.householdDetail(String(dataOf(e).id)));
    },

    register() {
      go(ROUTES.householdCreate(this.data.gridId));
    },

    /** A door code: the household's record when it is in the worker's scope, otherwise the door card. */
    async scanDoor(): Promise<void> {
      try {
        const scene = await scanScene();
        if (!scene) return;
        const qr = await resolveScene(scene);
        if (qr.type !== 'household') toast('这不是门牌二维码');
        else go(qr.view.household ? ROUTES.householdDetail(qr.id) : ROUTES.door(scene));
      } catch (err) {
        toastError(err);
      }
    },

    /** The grid's door plates in one HTML file: its link is copied, to open and print on a computer. */
    print() {
      return whileBusy(this, 'printing', async () => {
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
          toastError(err);
        }
      });
    },
  },
});

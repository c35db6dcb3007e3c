import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText } from '../../../services/cloud';
import { getOrg } from '../../../services/orgs';
import { getQrImage } from '../../../services/qr';
import { PAGES } from '../../../services/scene';
import { getMe } from '../../../services/users';
import { HOUSEHOLD_URLS } from '../../../utils/household-views';
import { REQUEST_URLS } from '../../../utils/request-views';

type Status = 'loading' | 'ready' | 'error';

interface GridItem {
  id: string;
  name: string;
  qrStatus: 'loading' | 'ready' | 'error';
  qrUrl: string;
  qrError: string;
}

/** 我的网格 (grid workers): the grids the worker is bound to, each with the grid's QR code for the door boards. */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    grids: [] as GridItem[],
  },
  methods: {
    onLoad() {
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load();
      wx.stopPullDownRefresh();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading' });
      try {
        const me = await getMe();
        const grids: GridItem[] = me.roles
          .filter((r) => r.role === 'grid_worker')
          .map((r) => ({ id: r.orgId, name: r.orgName, qrStatus: 'loading', qrUrl: '', qrError: '' }));
        this.setData({ status: 'ready', grids });
        await Promise.all(grids.map((_, i) => this.loadQr(i)));
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    /** The grid's code opens the home page of the grid (its worker card) for whoever scans it. */
    async loadQr(index: number): Promise<void> {
      const grid = this.data.grids[index];
      if (!grid) return;
      this.setData({ [`grids[${index}].qrStatus`]: 'loading' });
      try {
        const org = await getOrg(grid.id);
        const image = await getQrImage({ scene: org.scene, page: PAGES.home.slice(1) });
        this.setData({
          [`grids[${index}].qrStatus`]: 'ready',
          [`grids[${index}].qrUrl`]: image.tempUrl ?? image.fileID,
        });
      } catch (err) {
        this.setData({ [`grids[${index}].qrStatus`]: 'error', [`grids[${index}].qrError`]: errorText(err) });
      }
    },

    retry() {
      return this.load();
    },

    retryQr(e: WechatMiniprogram.BaseEvent) {
      return this.loadQr(Number(e.currentTarget.dataset.index));
    },

    /** Full screen, where WeChat offers to save or send the image for printing. */
    previewQr(e: WechatMiniprogram.BaseEvent) {
      const url = this.data.grids[Number(e.currentTarget.dataset.index)]?.qrUrl;
      if (url) wx.previewImage({ urls: [url], current: url });
    },

    /** The grid's requests (the queue in the staff subpackage, which grid workers use too). */
    goRequests(e: WechatMiniprogram.BaseEvent) {
      const grid = this.data.grids[Number(e.currentTarget.dataset.index)];
      if (grid) wx.navigateTo({ url: `${REQUEST_URLS.queue}?orgId=${encodeURIComponent(grid.id)}` });
    },

    /** The grid's registry: households, door codes, visits. */
    goHouseholds(e: WechatMiniprogram.BaseEvent) {
      const grid = this.data.grids[Number(e.currentTarget.dataset.index)];
      if (grid) wx.navigateTo({ url: HOUSEHOLD_URLS.list(grid.id) });
    },

    goMe() {
      wx.switchTab({ url: PAGES.me });
    },
  },
});

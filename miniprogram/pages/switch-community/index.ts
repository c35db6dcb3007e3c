import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { setHome } from '../../services/users';
import { ROUTES } from '../../shared/routes';
import type { OrgChoice } from '../../utils/dialogs';
import { toast, toastError, whileBusy } from '../../utils/feedback';
import { go } from '../../utils/navigate';

/**
 * 选择社区: browse the org tree (org-picker) from the cities, or from `?orgId=` (a street's QR code, the home page's
 * "选择网格"), down to a community or a grid, and make it the user's home.
 */
Component({
  behaviors: [largeFont],
  data: {
    startId: '',
    /** The picker is rendered once `startId` is known, so that it opens there at once. */
    started: false,
    choosing: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ startId: query.orgId ?? '', started: true });
    },

    onShow() {
      syncLargeFont(this);
    },

    async onPullDownRefresh(): Promise<void> {
      const picker = this.selectComponent('.switch-picker') as unknown as { load(): Promise<void> } | null;
      await picker?.load();
      wx.stopPullDownRefresh();
    },

    /** Makes a community or grid the user's home and returns to the home page, which reloads. */
    onSelect(e: WechatMiniprogram.CustomEvent<OrgChoice>) {
      return whileBusy(this, 'choosing', async () => {
        try {
          const { home } = await setHome(e.detail.id);
          toast(`已切换到${home.gridName ?? home.communityName}`);
          go(ROUTES.home());
        } catch (err) {
          toastError(err);
        }
      });
    },
  },
});

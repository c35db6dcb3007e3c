import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { errorText } from '../../services/cloud';
import { listEvents } from '../../services/events';
import { landPendingScene, PAGES, rememberScene, sceneFromOptions } from '../../services/scene';
import { getMe } from '../../services/users';
import { EVENT_URLS, eventItem, type EventItem } from '../../utils/event-views';

type Status = 'loading' | 'ready' | 'error' | 'nohome';

const PAGE_SIZE = 20;

/**
 * 活动: upcoming events of the user's community and of the street, district and city above it (a street-wide 长街宴
 * shows here too), soonest first, with type tags, seats left and the deadline; more as the list scrolls.
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    communityName: '',
    items: [] as EventItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    /** Staff and admins get a way to the events they run. */
    manages: false,
    seq: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      rememberScene(sceneFromOptions({ scene: query.scene }));
    },

    async onShow(): Promise<void> {
      syncLargeFont(this);
      await landPendingScene('other');
      await this.load();
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load();
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      return this.loadMore();
    },

    async load(): Promise<void> {
      const seq = this.data.seq + 1;
      this.setData({ seq, ...(this.data.status === 'ready' ? {} : { status: 'loading' }) });
      try {
        const me = await getMe();
        const manages = me.roles.some((r) => r.role === 'staff' || r.role === 'admin');
        if (!me.home) {
          if (seq === this.data.seq) this.setData({ status: 'nohome', manages, communityName: '' });
          return;
        }
        const page = await listEvents({ limit: PAGE_SIZE });
        if (seq !== this.data.seq) return;
        this.setData({
          status: 'ready',
          manages,
          communityName: me.home.communityName,
          items: page.items.map(eventItem),
          nextCursor: page.nextCursor,
        });
      } catch (err) {
        if (seq === this.data.seq) this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    async loadMore(): Promise<void> {
      const { nextCursor, loadingMore, seq } = this.data;
      if (!nextCursor || loadingMore || this.data.status !== 'ready') return;
      this.setData({ loadingMore: true });
      try {
        const page = await listEvents({ limit: PAGE_SIZE, cursor: nextCursor });
        if (seq !== this.data.seq) return;
        this.setData({ items: [...this.data.items, ...page.items.map(eventItem)], nextCursor: page.nextCursor });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ loadingMore: false });
      }
    },

    retry() {
      return this.load();
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const id = e.currentTarget.dataset.id as string | undefined;
      if (id) wx.navigateTo({ url: EVENT_URLS.detail(id) });
    },

    goMine() {
      wx.navigateTo({ url: EVENT_URLS.mine });
    },

    goManage() {
      wx.navigateTo({ url: EVENT_URLS.manage() });
    },

    goHome() {
      wx.switchTab({ url: PAGES.home });
    },

    goSwitchCommunity() {
      wx.navigateTo({ url: PAGES.switchCommunity });
    },
  },
});

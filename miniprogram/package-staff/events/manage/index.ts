import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText } from '../../../services/cloud';
import { listEvents } from '../../../services/events';
import { getMe } from '../../../services/users';
import { EVENT_URLS, eventItem, type EventItem } from '../../../utils/event-views';

type Status = 'loading' | 'ready' | 'error' | 'norole';

const PAGE_SIZE = 20;

interface Scope {
  orgId: string;
  orgName: string;
}

/**
 * 活动管理: every upcoming event under one of the orgs the user runs (staff/admin grants; a picker when there are
 * several), with a way to create one. An event opens its detail page, which carries the staff tools.
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    scopes: [] as Scope[],
    orgId: '',
    items: [] as EventItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    shownOnce: false,
    seq: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.orgId) this.setData({ orgId: query.orgId });
    },

    async onShow(): Promise<void> {
      syncLargeFont(this);
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
        let scopes = this.data.scopes;
        if (!scopes.length) {
          const me = await getMe();
          scopes = me.roles
            .filter((r) => r.role === 'staff' || r.role === 'admin')
            .map((r) => ({ orgId: r.orgId, orgName: r.orgName }))
            .filter((s, i, all) => all.findIndex((o) => o.orgId === s.orgId) === i);
        }
        if (!scopes.length) {
          this.setData({ status: 'norole' });
          return;
        }
        const orgId = scopes.some((s) => s.orgId === this.data.orgId) ? this.data.orgId : scopes[0].orgId;
        const page = await listEvents({ orgId, subtree: true, limit: PAGE_SIZE });
        if (seq !== this.data.seq) return;
        this.setData({
          status: 'ready',
          scopes,
          orgId,
          items: page.items.map(eventItem),
          nextCursor: page.nextCursor,
        });
      } catch (err) {
        if (seq === this.data.seq) this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    async loadMore(): Promise<void> {
      const { nextCursor, loadingMore, seq, orgId } = this.data;
      if (!nextCursor || loadingMore || this.data.status !== 'ready') return;
      this.setData({ loadingMore: true });
      try {
        const page = await listEvents({ orgId, subtree: true, limit: PAGE_SIZE, cursor: nextCursor });
        if (seq !== this.data.seq) return;
        this.setData({ items: [...this.data.items, ...page.items.map(eventItem)], nextCursor: page.nextCursor });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ loadingMore: false });
      }
    },

    pickScope(e: WechatMiniprogram.BaseEvent) {
      const orgId = e.currentTarget.dataset.id as string;
      if (orgId === this.data.orgId) return undefined;
      this.setData({ orgId, status: 'loading' });
      return this.load();
    },

    retry() {
      return this.load();
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const id = e.currentTarget.dataset.id as string | undefined;
      if (id) wx.navigateTo({ url: EVENT_URLS.detail(id) });
    },

    goCreate() {
      wx.navigateTo({ url: EVENT_URLS.edit({ orgId: this.data.orgId }) });
    },

    goMe() {
      wx.switchTab({ url: '/pages/me/index' });
    },
  },
});

import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText } from '../../../services/cloud';
import { listMine, myCounts } from '../../../services/requests';
import type { StatusCounts } from '../../../shared/api';
import { REQUEST_STATUS_LABELS, REQUEST_STATUSES, type RequestStatus } from '../../../shared/requests';
import { REQUEST_URLS, requestItem, type RequestItem } from '../../../utils/request-views';

type Status = 'loading' | 'ready' | 'error';
type Tab = RequestStatus | 'all';

interface TabItem {
  value: Tab;
  label: string;
}

const PAGE_SIZE = 20;

function tabs(counts?: StatusCounts): TabItem[] {
  const total = counts ? REQUEST_STATUSES.reduce((n, s) => n + counts[s], 0) : undefined;
  return [
    { value: 'all', label: total ? `全部 ${total}` : '全部' },
    ...REQUEST_STATUSES.map((s) => ({
      value: s,
      label: counts?.[s] ? `${REQUEST_STATUS_LABELS[s]} ${counts[s]}` : REQUEST_STATUS_LABELS[s],
    })),
  ];
}

/**
 * 我的诉求: the user's requests by status (tabs with counts), newest first, a page at a time as the list scrolls;
 * refreshed when shown again (after filing, or coming back from a request that changed).
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    tab: 'all' as Tab,
    tabs: tabs(),
    items: [] as RequestItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    /** Bumped by every reload, so that an answer for a tab the user already left is dropped. */
    seq: 0,
    shownOnce: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = query.status && (REQUEST_STATUSES as readonly string[]).includes(query.status) ? query.status : 'all';
      this.setData({ tab: tab as Tab });
    },

    async onShow(): Promise<void> {
      syncLargeFont(this);
      const first = !this.data.shownOnce;
      this.setData({ shownOnce: true });
      await this.load(first);
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load(false);
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      return this.loadMore();
    },

    /** Loads the counts and the first page of the tab; `spinner` replaces the list with the loading state. */
    async load(spinner = true): Promise<void> {
      const seq = this.data.seq + 1;
      this.setData({ seq, ...(spinner || this.data.status !== 'ready' ? { status: 'loading' } : {}) });
      const { tab } = this.data;
      try {
        const [counts, page] = await Promise.all([
          myCounts(),
          listMine({ limit: PAGE_SIZE, ...(tab === 'all' ? {} : { status: tab }) }),
        ]);
        if (seq !== this.data.seq) return;
        this.setData({
          status: 'ready',
          tabs: tabs(counts),
          items: page.items.map(requestItem),
          nextCursor: page.nextCursor,
        });
      } catch (err) {
        if (seq === this.data.seq) this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    async loadMore(): Promise<void> {
      const { nextCursor, loadingMore, tab, seq } = this.data;
      if (!nextCursor || loadingMore || this.data.status !== 'ready') return;
      this.setData({ loadingMore: true });
      try {
        const page = await listMine({
          limit: PAGE_SIZE,
          cursor: nextCursor,
          ...(tab === 'all' ? {} : { status: tab }),
        });
        if (seq !== this.data.seq) return;
        this.setData({ items: [...this.data.items, ...page.items.map(requestItem)], nextCursor: page.nextCursor });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ loadingMore: false });
      }
    },

    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      if (e.detail.value === this.data.tab) return undefined;
      this.setData({ tab: e.detail.value });
      return this.load();
    },

    retry() {
      return this.load();
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const id = e.currentTarget.dataset.id as string | undefined;
      if (id) wx.navigateTo({ url: REQUEST_URLS.detail(id) });
    },

    goCreate() {
      wx.navigateTo({ url: REQUEST_URLS.create });
    },
  },
});

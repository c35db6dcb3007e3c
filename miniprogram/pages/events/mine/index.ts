import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText } from '../../../services/cloud';
import { mySignups } from '../../../services/events';
import type { EventSummary, SignupView } from '../../../shared/api';
import { EVENT_URLS, eventItem, signupStatusText, type EventItem } from '../../../utils/event-views';

type Status = 'loading' | 'ready' | 'error';

const PAGE_SIZE = 20;

interface MineItem extends EventItem {
  signupId: string;
  statusText: string;
  statusTheme: string;
  partySize: number;
  dishName: string;
}

function mineItem({ signup, event }: { signup: SignupView; event: EventSummary }): MineItem {
  return {
    ...eventItem(event),
    signupId: signup.id,
    statusText: event.status === 'cancelled' ? '活动已取消' : signupStatusText(signup),
    statusTheme: signup.status === 'confirmed' ? 'success' : signup.status === 'waitlisted' ? 'warning' : 'default',
    partySize: signup.partySize,
    dishName: signup.dish?.name ?? '',
  };
}

/** 我的报名: the family's sign-ups, newest first, with their status (已报名, 候补第 N 位, 已签到, 已取消). */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    items: [] as MineItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    seq: 0,
  },
  methods: {
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
        const page = await mySignups({ limit: PAGE_SIZE });
        if (seq !== this.data.seq) return;
        this.setData({ status: 'ready', items: page.items.map(mineItem), nextCursor: page.nextCursor });
      } catch (err) {
        if (seq === this.data.seq) this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    async loadMore(): Promise<void> {
      const { nextCursor, loadingMore, seq } = this.data;
      if (!nextCursor || loadingMore || this.data.status !== 'ready') return;
      this.setData({ loadingMore: true });
      try {
        const page = await mySignups({ limit: PAGE_SIZE, cursor: nextCursor });
        if (seq !== this.data.seq) return;
        this.setData({ items: [...this.data.items, ...page.items.map(mineItem)], nextCursor: page.nextCursor });
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

    goEvents() {
      wx.switchTab({ url: EVENT_URLS.list });
    },
  },
});

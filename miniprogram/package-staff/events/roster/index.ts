import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText } from '../../../services/cloud';
import { exportRoster, getEvent, getRoster, sendReminders } from '../../../services/events';
import type { RosterCounts, RosterItem } from '../../../shared/api';
import { DIETARY_LABELS, SIGNUP_STATUS_LABELS, type SignupStatus } from '../../../shared/events';
import { env } from '../../../config/env';
import { EVENT_URLS } from '../../../utils/event-views';
import { formatTime } from '../../../utils/format';

type Status = 'loading' | 'ready' | 'error';
type Tab = 'active' | SignupStatus;

const PAGE_SIZE = 30;

interface Row extends RosterItem {
  statusLabel: string;
  dietaryText: string;
  checkedInText: string;
}

const row = (r: RosterItem): Row => ({
  ...r,
  statusLabel: SIGNUP_STATUS_LABELS[r.status],
  dietaryText: r.dietary.map((d) => DIETARY_LABELS[d]).join('、'),
  checkedInText: r.checkedInAt ? `${formatTime(r.checkedInAt)} 签到` : '',
});

/**
 * 报名名单: counts (people and families confirmed, waiting, checked in; halal and vegetarian needs), the families
 * by status in sign-up order with masked phones, and the tools: 扫码签到, 发送提醒, 导出 Excel (masked, or with
 * full numbers after stating a reason, audited).
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    id: '',
    title: '',
    tab: 'active' as Tab,
    tabs: [
      { value: 'active', label: '全部' },
      { value: 'confirmed', label: '已报名' },
      { value: 'waitlisted', label: '候补' },
      { value: 'cancelled', label: '已取消' },
    ],
    counts: null as RosterCounts | null,
    items: [] as Row[],
    nextCursor: null as string | null,
    loadingMore: false,
    exporting: false,
    reminding: false,
    seq: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
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

    query(cursor?: string) {
      const { id, tab } = this.data;
      return {
        eventId: id,
        limit: PAGE_SIZE,
        ...(tab === 'active' ? {} : { status: tab }),
        ...(cursor ? { cursor } : {}),
      };
    },

    async load(): Promise<void> {
      const seq = this.data.seq + 1;
      this.setData({ seq, ...(this.data.status === 'ready' ? {} : { status: 'loading' }) });
      try {
        const [event, page] = await Promise.all([getEvent(this.data.id), getRoster(this.query())]);
        if (seq !== this.data.seq) return;
        this.setData({
          status: 'ready',
          title: event.title,
          counts: page.counts,
          items: page.items.map(row),
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
        const page = await getRoster(this.query(nextCursor));
        if (seq !== this.data.seq) return;
        this.setData({ items: [...this.data.items, ...page.items.map(row)], nextCursor: page.nextCursor });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ loadingMore: false });
      }
    },

    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      if (e.detail.value === this.data.tab) return undefined;
      this.setData({ tab: e.detail.value, status: 'loading' });
      return this.load();
    },

    retry() {
      return this.load();
    },

    goCheckin() {
      wx.navigateTo({ url: EVENT_URLS.checkin(this.data.id) });
    },

    async remind(): Promise<void> {
      if (this.data.reminding) return;
      this.setData({ reminding: true });
      try {
        const { sent, skipped } = await sendReminders(this.data.id);
        wx.showToast({ title: sent || skipped ? `已提醒 ${sent} 户` : '没有需要提醒的家庭', icon: 'none' });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ reminding: false });
      }
    },

    /** Masked export by default; full numbers only with a stated reason (written to the audit log). */
    async exportFile(e: WechatMiniprogram.BaseEvent): Promise<void> {
      if (this.data.exporting) return;
      let reason: string | undefined;
      if (e.currentTarget.dataset.full) {
        const res = await wx.showModal({
          title: '导出完整手机号',
          content: '',
          editable: true,
          placeholderText: '请说明用途，例如：电话通知活动安排（将留痕）',
          confirmText: '导出',
          cancelText: '取消',
        });
        if (!res.confirm) return;
        reason = (res.content ?? '').trim();
        if (reason.length < 2) {
          wx.showToast({ title: '请说明导出完整号码的用途', icon: 'none' });
          return;
        }
      }
      this.setData({ exporting: true });
      try {
        const file = await exportRoster({ eventId: this.data.id, ...(reason ? { reason } : {}) });
        await this.openFile(file.fileID, file.tempUrl);
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ exporting: false });
      }
    },

    /** Opens the spreadsheet on the phone; locally the link is copied instead (no cloud download there). */
    async openFile(fileID: string, tempUrl?: string): Promise<void> {
      if (env.mode === 'local') {
        await wx.setClipboardData({ data: tempUrl ?? fileID });
        wx.showToast({ title: '已导出，下载链接已复制', icon: 'none' });
        return;
      }
      const { tempFilePath } = await wx.cloud.downloadFile({ fileID });
      await wx.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true });
    },
  },
});

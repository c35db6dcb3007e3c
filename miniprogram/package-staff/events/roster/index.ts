import { openExportFile } from '../../../utils/export';
import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../../behaviors/paged-list';
import { exportRoster, getEvent, getRoster, sendReminders } from '../../../services/events';
import type { EventCan, RosterCounts, RosterItem } from '../../../shared/api';
import { DIETARY_LABELS, SIGNUP_STATUS_LABELS, type SignupStatus } from '../../../shared/events';
import { ROUTES } from '../../../shared/routes';
import { reasonDialog } from '../../../utils/dialogs';
import { toast, toastError, whileBusy } from '../../../utils/feedback';
import { formatTime } from '../../../utils/format';
import { dataOf, go } from '../../../utils/navigate';
import { invalid } from '../../../utils/validate';

type Tab = 'active' | SignupStatus;

/** Families per page: a roster is read through at the door, longer pages scroll less. */
const ROSTER_PAGE = 30;

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
  behaviors: [largeFont, pagedList],
  data: {
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
    /** What the viewer may do with the event, as the server says (`EventView.can`): the tools shown. */
    can: null as EventCan | null,
    items: [] as Row[],
    exporting: false,
    reminding: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
    },

    async onShow(): Promise<void> {
      syncLargeFont(this);
      await this.load();
    },

    async listHead() {
      const event = await getEvent(this.data.id);
      return { title: event.title, can: event.can };
    },

    /** A page of families; the first one carries the counts. */
    async fetchPage({ cursor }: ListQuery) {
      const { id, tab } = this.data;
      const page = await getRoster({
        eventId: id,
        limit: ROSTER_PAGE,
        ...(tab === 'active' ? {} : { status: tab }),
        ...(cursor ? { cursor } : {}),
      });
      return mapPage(page, row);
    },

    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      if (e.detail.value === this.data.tab) return undefined;
      this.setData({ tab: e.detail.value });
      return this.load({ spinner: true });
    },

    goCheckin() {
      go(ROUTES.eventCheckin(this.data.id));
    },

    remind() {
      return whileBusy(this, 'reminding', async () => {
        try {
          const { sent, skipped } = await sendReminders(this.data.id);
          toast(sent || skipped ? `已提醒 ${sent} 户` : '没有需要提醒的家庭');
        } catch (err) {
          toastError(err);
        }
      });
    },

    /** Masked export by default; full numbers only with a stated reason (written to the audit log). */
    async exportFile(e: WechatMiniprogram.BaseEvent): Promise<void> {
      if (!dataOf(e).full) {
        await whileBusy(this, 'exporting', () => this.download().catch(toastError));
        return;
      }
      await reasonDialog(this, '#export-reason').open({
        title: '导出完整手机号',
        notice: '导出会记录你的姓名、时间和用途。只在需要电话通知时导出，用完请删除文件。',
        label: '用途',
        placeholder: '例如：电话通知活动安排',
        confirmText: '导出',
        submit: async (reason) => {
          if (reason.trim().length < 2) throw invalid('reason', '请说明导出完整号码的用途');
          await this.download(reason.trim());
          return true;
        },
      });
    },

    /** Exports the roster and opens the spreadsheet; locally the link is copied (no cloud download there). */
    async download(reason?: string): Promise<void> {
      await openExportFile(await exportRoster({ eventId: this.data.id, ...(reason ? { reason } : {}) }));
    },
  },
});

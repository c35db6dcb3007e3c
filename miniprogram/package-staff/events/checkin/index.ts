import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { errorText } from '../../../services/errors';
import { checkIn, getEvent } from '../../../services/events';
import type { CheckinResult } from '../../../shared/api';
import { toast, whileBusy } from '../../../utils/feedback';
import { formatTime } from '../../../utils/format';
import { scanScene } from '../../../utils/scene-routing';

interface Outcome {
  ok: boolean;
  title: string;
  detail: string;
}

function outcomeOf(r: CheckinResult): Outcome {
  return {
    ok: true,
    title: r.already ? `${r.name} 已签到过` : `${r.name} 签到成功`,
    detail: r.already ? `${formatTime(r.checkedInAt)} 已签到，${r.partySize} 人` : `${r.partySize} 人，请入场`,
  };
}

/**
 * 扫码签到: staff scan a family's check-in code (or type it) at the door. Each scan checks the family in at once; a
 * second scan says when it was already done; a code of another event, a waitlisted or cancelled sign-up is refused
 * with the reason. Shows the running count.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    id: '',
    title: '',
    checkedInPeople: 0,
    checkedInSignups: 0,
    confirmedPeople: 0,
    confirmedSignups: 0,
    code: '',
    busy: false,
    outcome: null as Outcome | null,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>): Promise<void> {
      this.setData({ id: query.id ?? '' });
      await this.load();
      if (query.code && this.data.status === 'ready') await this.checkCode(decodeURIComponent(query.code));
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      const event = await getEvent(this.data.id);
      if (!event.can.checkin) {
        const errorText = event.canManage ? '活动已取消，不能签到' : '只有该活动的社区工作人员可以签到';
        return { status: 'error', errorText };
      }
      return {
        title: event.title,
        checkedInPeople: event.checkedInPeople,
        checkedInSignups: event.checkedInCount,
        confirmedPeople: event.seatsTaken,
        confirmedSignups: event.confirmedCount,
      };
    },

    async scan(): Promise<void> {
      try {
        const code = await scanScene();
        if (code) await this.checkCode(code);
      } catch (err) {
        this.setData({ outcome: { ok: false, title: '无法识别', detail: errorText(err) } });
      }
    },

    onCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ code: e.detail.value });
    },

    submitCode() {
      const code = this.data.code.trim();
      if (code) return this.checkCode(code);
      toast('请输入签到码');
      return undefined;
    },

    checkCode(code: string) {
      return whileBusy(this, 'busy', async () => {
        try {
          const res = await checkIn(this.data.id, code);
          this.setData({
            outcome: outcomeOf(res),
            code: '',
            checkedInPeople: res.counts.checkedInPeople,
            checkedInSignups: res.counts.checkedInSignups,
            confirmedPeople: res.counts.confirmedPeople,
            confirmedSignups: res.counts.confirmedSignups,
          });
        } catch (err) {
          this.setData({ outcome: { ok: false, title: '签到未成功', detail: errorText(err) } });
        }
      });
    },
  },
});

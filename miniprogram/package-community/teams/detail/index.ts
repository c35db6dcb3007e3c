import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { getTeam, joinTeam, leaveTeam, logHours, setLead, teamHours } from '../../../services/community';
import type { TeamHoursView, TeamMemberView, TeamView } from '../../../shared/api';
import { hoursLabel } from '../../../shared/community';
import { ROUTES } from '../../../shared/routes';
import { confirm, formErrors, toastDone, toastError, whileBusy } from '../../../utils/feedback';
import { dataOf, go } from '../../../utils/navigate';
import { dayToIso, today } from '../../views';

/** Who a session is logged for: a member (not oneself), or 其他志愿者 typed by name. */
interface Target {
  memberId: string;
  label: string;
}

const OTHER = '';

function shown(team: TeamView, hours?: TeamHoursView) {
  const targets: Target[] = [
    ...(team.members ?? []).filter((m) => !m.self).map((m) => ({ memberId: m.memberId, label: m.name })),
    { memberId: OTHER, label: '其他志愿者（填写姓名）' },
  ];
  return {
    team,
    totalText: hoursLabel(team.totalHours),
    myHoursText: hoursLabel(team.myHours),
    members: (team.members ?? []).map((m) => ({ ...m, hoursText: hoursLabel(m.hours) })),
    targets,
    months: (hours?.months ?? []).filter((m) => m.hours > 0).map((m) => ({ ...m, text: hoursLabel(m.hours) })),
    recent: (hours?.recent ?? []).map((h) => ({
      ...h,
      day: h.at.slice(0, 10),
      text: hoursLabel(h.hours),
      auto: h.source === 'event',
    })),
  };
}

/**
 * A volunteer team (`?id=`): what it is, 加入 / 退出 for residents, and for its lead and staff (`can`) its members,
 * 登记时长 for someone else (never oneself), the months' totals, the latest entries and 设为队长 (staff).
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    id: '',
    team: null as TeamView | null,
    totalText: '',
    myHoursText: '',
    members: [] as (TeamMemberView & { hoursText: string })[],
    targets: [] as Target[],
    months: [] as { month: string; text: string }[],
    recent: [] as unknown[],
    targetIndex: 0,
    memberName: '',
    hours: '',
    date: today(),
    maxDate: today(),
    note: '',
    errors: {} as Record<string, string>,
    busy: false,
    logging: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      const team = await getTeam(this.data.id);
      return shown(team, team.can.viewHours ? await teamHours(team.id, 6) : undefined);
    },

    join() {
      return whileBusy(this, 'busy', async () => {
        try {
          this.setData(shown(await joinTeam(this.data.id)));
          toastDone('已加入');
        } catch (err) {
          toastError(err);
        }
      });
    },

    async leave() {
      const ok = await confirm({ title: '退出志愿队', content: '退出后已记录的时长仍然保留。', confirmText: '退出' });
      if (!ok) return;
      await whileBusy(this, 'busy', async () => {
        try {
          this.setData(shown(await leaveTeam(this.data.id)));
          toastDone('已退出');
        } catch (err) {
          toastError(err);
        }
      });
    },

    makeLead(e: WechatMiniprogram.BaseEvent) {
      return whileBusy(this, 'busy', async () => {
        try {
          await setLead(this.data.id, String(dataOf(e).id));
          toastDone('已设为队长');
          await this.load();
        } catch (err) {
          toastError(err);
        }
      });
    },

    onTarget(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ targetIndex: Number(e.detail.value), errors: {} });
    },

    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [String(dataOf(e).field)]: e.detail.value, errors: {} });
    },

    /** 登记时长: the hours go to the chosen member (or the typed name); the cloud refuses one's own. */
    logHours() {
      return whileBusy(this, 'logging', async () => {
        const { id, targets, targetIndex, memberName, hours, date, note } = this.data;
        const target = targets[targetIndex];
        try {
          await logHours({
            teamId: id,
            ...(target?.memberId ? { memberId: target.memberId } : { memberName }),
            hours: Number(hours),
            at: dayToIso(date),
            note,
          });
          this.setData({ hours: '', note: '', memberName: '', errors: {} });
          toastDone('已登记');
          await this.load();
        } catch (err) {
          this.setData({ errors: formErrors(err) ?? {} });
        }
      });
    },

    myHours() {
      go(ROUTES.myHours());
    },
  },
});

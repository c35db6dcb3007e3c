import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { myHours } from '../../services/community';
import { hoursLabel } from '../../shared/community';
import { ROUTES } from '../../shared/routes';
import { dataOf, go } from '../../utils/navigate';

/** 我的志愿时长: the total and each team's hours (teams left included), with the certificate of each. */
Component({
  behaviors: [largeFont, loadable],
  data: {
    total: 0,
    totalText: '',
    name: '',
    teams: [] as {
      teamId: string;
      teamName: string;
      orgName: string;
      text: string;
      sessions: number;
      active: boolean;
    }[],
  },
  methods: {
    onLoad() {
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
      return this.data.status === 'ready' ? this.load() : undefined;
    },

    async fetch() {
      const view = await myHours();
      return {
        total: view.total,
        totalText: hoursLabel(view.total),
        name: view.name ?? '',
        teams: view.teams.map((t) => ({ ...t, text: hoursLabel(t.hours) })),
      };
    },

    openTeam(e: WechatMiniprogram.BaseEvent) {
      go(ROUTES.teamDetail(String(dataOf(e).id)));
    },

    certificate(e: WechatMiniprogram.BaseEvent) {
      const id = dataOf(e).id;
      go(ROUTES.volunteerCertificate(id ? String(id) : undefined));
    },

    findTeams() {
      go(ROUTES.teams());
    },
  },
});

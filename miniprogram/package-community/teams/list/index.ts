import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { createTeam, listTeams } from '../../../services/community';
import { ROUTES } from '../../../shared/routes';
import { formErrors, whileBusy } from '../../../utils/feedback';
import { dataOf, go } from '../../../utils/navigate';
import { teamItem, type TeamItem } from '../../views';

/**
 * 志愿服务队: the teams of the home community and the orgs above it (加入 on the team's page). Opened from a
 * workbench (`?orgId=`) it also lists the teams below the org and offers 新建志愿队 (the cloud checks who may).
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    orgId: '',
    items: [] as TeamItem[],
    name: '',
    description: '',
    errors: {} as Record<string, string>,
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
      return this.data.status === 'ready' ? this.load() : undefined;
    },

    async fetch() {
      const { items } = await listTeams(this.data.orgId || undefined);
      return { items: items.map(teamItem) };
    },

    open(e: WechatMiniprogram.BaseEvent) {
      go(ROUTES.teamDetail(String(dataOf(e).id)));
    },

    myHours() {
      go(ROUTES.myHours());
    },

    onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ name: e.detail.value, errors: {} });
    },

    onDescription(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ description: e.detail.value });
    },

    create() {
      return whileBusy(this, 'saving', async () => {
        const { orgId, name, description } = this.data;
        try {
          const { id } = await createTeam({ orgId, name, ...(description.trim() ? { description } : {}) });
          this.setData({ name: '', description: '', errors: {} });
          go(ROUTES.teamDetail(id));
        } catch (err) {
          this.setData({ errors: formErrors(err) ?? {} });
        }
      });
    },
  },
});

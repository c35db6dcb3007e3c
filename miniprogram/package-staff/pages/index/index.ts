import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText } from '../../../services/cloud';
import { PAGES } from '../../../services/scene';
import { getMe } from '../../../services/users';
import { ROLE_LABELS } from '../../../shared/orgs';
import { REQUEST_URLS } from '../../../utils/request-views';
import { EVENT_URLS } from '../../../utils/event-views';

type Status = 'loading' | 'ready' | 'error';

interface OrgItem {
  key: string;
  orgId: string;
  orgName: string;
  roleLabel: string;
  admin: boolean;
}

/** 社区管理 (staff and admins): the orgs the user works for, with invites and (admins) member grants. */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    orgs: [] as OrgItem[],
  },
  methods: {
    onLoad() {
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load();
      wx.stopPullDownRefresh();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading' });
      try {
        const me = await getMe();
        const orgs = me.roles
          .filter((r) => r.role === 'staff' || r.role === 'admin')
          .map((r) => ({
            key: `${r.role}:${r.orgId}`,
            orgId: r.orgId,
            orgName: r.orgName,
            roleLabel: ROLE_LABELS[r.role],
            admin: r.role === 'admin',
          }));
        this.setData({ status: 'ready', orgs });
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    retry() {
      return this.load();
    },

    goInvite(e: WechatMiniprogram.BaseEvent) {
      const org = this.data.orgs[Number(e.currentTarget.dataset.index)];
      if (org) wx.navigateTo({ url: `/package-staff/pages/invite/index?orgId=${encodeURIComponent(org.orgId)}` });
    },

    /** The requests of the org's subtree (the staff queue). */
    goEvents(e: WechatMiniprogram.BaseEvent) {
      const org = this.data.orgs[Number(e.currentTarget.dataset.index)];
      if (org) wx.navigateTo({ url: EVENT_URLS.manage(org.orgId) });
    },

    goRequests(e: WechatMiniprogram.BaseEvent) {
      const org = this.data.orgs[Number(e.currentTarget.dataset.index)];
      if (org) wx.navigateTo({ url: `${REQUEST_URLS.queue}?orgId=${encodeURIComponent(org.orgId)}` });
    },

    goGrants(e: WechatMiniprogram.BaseEvent) {
      const org = this.data.orgs[Number(e.currentTarget.dataset.index)];
      if (org) wx.navigateTo({ url: `/package-staff/pages/grants/index?orgId=${encodeURIComponent(org.orgId)}` });
    },

    goMe() {
      wx.switchTab({ url: PAGES.me });
    },
  },
});

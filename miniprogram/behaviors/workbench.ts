import { printPoster } from '../services/households';
import { syncUnreadBadge } from '../services/messages';
import { currentMe } from '../services/session';
import { ROLE_LABELS, type Role } from '../shared/orgs';
import { ROUTES } from '../shared/routes';
import { toastError, whileBusy } from '../utils/feedback';
import { dataOf, go } from '../utils/navigate';
import { loadable } from './loadable';

/** An org the user works for, as a workbench card. */
export interface WorkOrg {
  key: string;
  orgId: string;
  orgName: string;
  role: Role;
  roleLabel: string;
}

/**
 * What 我的网格 and 社区管理 (the two workbenches) share: the orgs the user works for in `roles`, from the cached
 * `me` (pull-to-refresh fetches it again), one card each with buttons carrying `data-index`; without such a role
 * the empty state leads to 我的 (扫码加入).
 */
export function workbench(roles: readonly Role[]) {
  return Behavior({
    behaviors: [loadable],
    data: { orgs: [] as WorkOrg[], unread: 0 },
    methods: {
      async fetch({ refresh }: { refresh: boolean }) {
        const [me, unread] = await Promise.all([currentMe({ refresh }), syncUnreadBadge()]);
        const orgs: WorkOrg[] = me.roles
          .filter((r) => roles.includes(r.role))
          .map((r) => ({
            key: `${r.role}:${r.orgId}`,
            orgId: r.orgId,
            orgName: r.orgName,
            role: r.role,
            roleLabel: ROLE_LABELS[r.role],
          }));
        return { orgs, unread };
      },

      /** The org of a tapped card's button. */
      orgAt(e: WechatMiniprogram.BaseEvent): WorkOrg | undefined {
        return this.data.orgs[Number(dataOf(e).index)];
      },

      /** Opens `route(orgId)` for the tapped card. */
      openFor(e: WechatMiniprogram.BaseEvent, route: (orgId: string) => string): void {
        const org = this.orgAt(e);
        if (org) go(route(org.orgId));
      },

      /** The org's notice-board poster in one HTML file: its link is copied, to open and print on a computer. */
      printPoster(e: WechatMiniprogram.BaseEvent) {
        const org = this.orgAt(e);
        if (!org) return;
        return whileBusy(this, 'printingPoster', async () => {
          try {
            const { tempUrl, fileID } = await printPoster(org.orgId);
            wx.setClipboardData({ data: tempUrl ?? fileID });
            wx.showModal({
              title: '已生成二维码海报',
              content: '下载链接已复制。请在电脑浏览器中打开，用 A4 纸打印，贴在公示栏。',
              showCancel: false,
              confirmText: '知道了',
            });
          } catch (err) {
            toastError(err);
          }
        });
      },

      /** 数据看板 of the card's org (a grid worker's: their grid). */
      goStats(e: WechatMiniprogram.BaseEvent) {
        this.openFor(e, ROUTES.statsDashboard);
      },

      /** 通知公告 of the card's org: everything published under it, with 发布 (staff and admins). */
      goNotices(e: WechatMiniprogram.BaseEvent) {
        this.openFor(e, (orgId) => ROUTES.noticeList({ orgId, manage: true }));
      },

      /** 结对认亲 of the card's org: its pairs, and pairing two of its households. */
      goPairs(e: WechatMiniprogram.BaseEvent) {
        this.openFor(e, ROUTES.pairs);
      },

      /** 志愿服务队 of the card's org: its teams (staff also create them), members and hours. */
      goTeams(e: WechatMiniprogram.BaseEvent) {
        this.openFor(e, ROUTES.teams);
      },

      goMe() {
        go(ROUTES.me());
      },

      /** 消息中心: new requests of the user's grid or community, escalations, follow-ups. */
      goMessages() {
        go(ROUTES.messages());
      },
    },
  });
}

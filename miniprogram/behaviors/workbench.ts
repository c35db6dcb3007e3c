import { currentMe } from '../services/session';
import { ROLE_LABELS, type Role } from '../shared/orgs';
import { ROUTES } from '../shared/routes';
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
    data: { orgs: [] as WorkOrg[] },
    methods: {
      async fetch({ refresh }: { refresh: boolean }) {
        const me = await currentMe({ refresh });
        const orgs: WorkOrg[] = me.roles
          .filter((r) => roles.includes(r.role))
          .map((r) => ({
            key: `${r.role}:${r.orgId}`,
            orgId: r.orgId,
            orgName: r.orgName,
            role: r.role,
            roleLabel: ROLE_LABELS[r.role],
          }));
        return { orgs };
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

      goMe() {
        go(ROUTES.me());
      },
    },
  });
}

import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../../behaviors/paged-list';
import { listEvents } from '../../../services/events';
import { currentMe } from '../../../services/session';
import { ROUTES } from '../../../shared/routes';
import { eventItem, type EventItem } from '../../../utils/event-views';
import { dataOf, go } from '../../../utils/navigate';

interface Scope {
  orgId: string;
  orgName: string;
}

/**
 * 活动管理: every upcoming event under one of the orgs the user runs (staff/admin grants; a picker when there are
 * several), with a way to create one. An event opens its detail page, which carries the staff tools.
 */
Component({
  behaviors: [largeFont, pagedList],
  data: {
    scopes: [] as Scope[],
    orgId: '',
    items: [] as EventItem[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.orgId) this.setData({ orgId: query.orgId });
    },

    async onShow(): Promise<void> {
      syncLargeFont(this);
      await this.load();
    },

    /** The orgs the user runs events for; `?orgId=` (or the first) is shown. */
    async listScope({ refresh }: { refresh: boolean }) {
      let scopes = this.data.scopes;
      if (!scopes.length || refresh) {
        const me = await currentMe({ refresh });
        scopes = me.roles
          .filter((r) => r.role === 'staff' || r.role === 'admin')
          .map((r) => ({ orgId: r.orgId, orgName: r.orgName }))
          .filter((s, i, all) => all.findIndex((o) => o.orgId === s.orgId) === i);
      }
      if (!scopes.length) return { status: 'norole' };
      const orgId = scopes.some((s) => s.orgId === this.data.orgId) ? this.data.orgId : scopes[0].orgId;
      return { scopes, orgId };
    },

    async fetchPage(query: ListQuery) {
      return mapPage(await listEvents({ ...query, orgId: this.data.orgId, subtree: true }), eventItem);
    },

    pickScope(e: WechatMiniprogram.BaseEvent) {
      const orgId = dataOf(e).id as string;
      if (orgId === this.data.orgId) return undefined;
      this.setData({ orgId });
      return this.load({ spinner: true });
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const id = dataOf(e).id as string | undefined;
      if (id) go(ROUTES.eventDetail(id));
    },

    goCreate() {
      go(ROUTES.eventEdit({ orgId: this.data.orgId }));
    },

    goMe() {
      go(ROUTES.me());
    },
  },
});

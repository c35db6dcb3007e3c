import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../../behaviors/paged-list';
import { listMine, myCounts } from '../../../services/requests';
import { ROUTES } from '../../../shared/routes';
import {
  requestItem,
  statusOfTab,
  statusTabs,
  tabOfQuery,
  type RequestItem,
  type StatusTab,
} from '../../../utils/request-views';
import { dataOf, go } from '../../../utils/navigate';

/**
 * 我的诉求: the user's requests by status (tabs with counts), newest first, a page at a time as the list scrolls;
 * refreshed when shown again (after filing, or coming back from a request that changed).
 */
Component({
  behaviors: [largeFont, pagedList],
  data: {
    tab: 'all' as StatusTab,
    tabs: statusTabs('first'),
    items: [] as RequestItem[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ tab: tabOfQuery(query.status, 'all') });
    },

    async onShow(): Promise<void> {
      syncLargeFont(this);
      await this.load();
    },

    async listHead() {
      return { tabs: statusTabs('first', await myCounts()) };
    },

    async fetchPage(query: ListQuery) {
      return mapPage(await listMine({ ...query, ...statusOfTab(this.data.tab) }), requestItem);
    },

    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: StatusTab }>) {
      if (e.detail.value === this.data.tab) return undefined;
      this.setData({ tab: e.detail.value });
      return this.load({ spinner: true });
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const id = dataOf(e).id as string | undefined;
      if (id) go(ROUTES.requestDetail(id));
    },

    goCreate() {
      go(ROUTES.requestNew());
    },
  },
});

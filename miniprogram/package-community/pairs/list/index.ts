import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../../behaviors/paged-list';
import { listPairs } from '../../../services/community';
import { ROUTES } from '../../../shared/routes';
import { dataOf, go } from '../../../utils/navigate';
import { pairItem, type PairItem } from '../../views';

/**
 * 结对认亲 (`?orgId=`, from a workbench): the pairs of the worker's org, newest first, with 新建结对. Without an org
 * it is 我的结对: the pairs of the user's own family (claimed with the grid worker's code).
 */
Component({
  behaviors: [largeFont, pagedList],
  data: { orgId: '', items: [] as PairItem[] },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const orgId = query.orgId ?? '';
      this.setData({ orgId });
      wx.setNavigationBarTitle({ title: orgId ? '结对认亲' : '我的结对' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
      return this.data.status === 'ready' ? this.load() : undefined;
    },

    async fetchPage(query: ListQuery) {
      const { orgId } = this.data;
      return mapPage(await listPairs({ ...query, ...(orgId ? { orgId } : { mine: true }) }), pairItem);
    },

    open(e: WechatMiniprogram.BaseEvent) {
      go(ROUTES.pairDetail(String(dataOf(e).id)));
    },

    create() {
      go(ROUTES.pairNew(this.data.orgId));
    },
  },
});

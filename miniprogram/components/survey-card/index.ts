import { listSurveys } from '../../services/surveys';
import { ROUTES } from '../../shared/routes';
import { dataOf, go } from '../../utils/navigate';

interface Item {
  id: string;
  title: string;
  meta: string;
}

/**
 * 首页's survey card: the open surveys of the home community and the orgs above it (`surveys.list`), newest first;
 * shows nothing when there are none (or they cannot be loaded). Reloads for `communityId` and when 首页 is shown
 * again (after answering one).
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    communityId: { type: String, value: '' },
  },
  data: { items: [] as Item[] },
  observers: {
    communityId(id: string) {
      if (id) void this.refresh();
    },
  },
  pageLifetimes: {
    show() {
      if (this.data.communityId) void this.refresh();
    },
  },
  methods: {
    async refresh(): Promise<void> {
      try {
        const page = await listSurveys({ limit: 3 });
        const items = page.items
          .filter((s) => s.open)
          .map((s) => ({
            id: s.id,
            title: s.title,
            meta: [s.orgName, s.closesAt ? `${s.closesAt.slice(5, 10).replace('-', '月')}日截止` : '']
              .filter(Boolean)
              .join(' · '),
          }));
        this.setData({ items });
      } catch {
        this.setData({ items: [] });
      }
    },

    open(e: WechatMiniprogram.BaseEvent) {
      const id = dataOf(e).id as string | undefined;
      if (id) go(ROUTES.surveyAnswer({ id }));
    },
  },
});

import { openExportFile } from '../../utils/export';
import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { getOverview, getReport, getStatsChildren, getTrend } from '../../services/stats';
import { ORG_LEVEL_LABELS } from '../../shared/orgs';
import { ROUTES } from '../../shared/routes';
import type { TrendMetric } from '../../shared/schemas/stats';
import { toastError, whileBusy } from '../../utils/feedback';
import { dataOf, go } from '../../utils/navigate';
import { cardsOf, chartsOf, childRows, currentMonth, TREND_TABS, type ChartData } from './views';

/**
 * 数据看板: the figures of an org's subtree (counts only, small cells as '<5'), its monthly trends, and its children
 * to drill down into (city → district → street → community → grid) and back up. Staff and admins in scope; a grid
 * worker for their own grid. Opened from 社区管理 and 我的网格.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    orgId: '',
    orgName: '',
    levelLabel: '',
    parentId: '' as string,
    asOf: '',
    cards: null as ReturnType<typeof cardsOf> | null,
    charts: null as ReturnType<typeof chartsOf> | null,
    children: [] as ReturnType<typeof childRows>,
    trendTabs: TREND_TABS,
    metric: 'newResidents' as TrendMetric,
    trend: { labels: [], values: [] } as ChartData,
    exporting: false,
    smallNote: '少于 5 人的分项显示为“<5”，不显示任何个人信息',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      const { orgId, metric } = this.data;
      const [overview, children, trend] = await Promise.all([
        getOverview(orgId),
        getStatsChildren(orgId),
        getTrend({ orgId, metric, months: 12 }),
      ]);
      wx.setNavigationBarTitle({ title: `${overview.org.name} · 数据看板` });
      return {
        orgName: overview.org.name,
        levelLabel: ORG_LEVEL_LABELS[overview.org.level],
        parentId: overview.org.parentId ?? '',
        asOf: overview.asOf.slice(0, 16).replace('T', ' '),
        cards: cardsOf(overview),
        charts: chartsOf(overview),
        children: childRows(children.items),
        trend: { labels: trend.points.map((p) => p.month.slice(2)), values: trend.points.map((p) => p.value) },
      };
    },

    /** Another trend metric: only the trend is fetched again. */
    async pickMetric(e: WechatMiniprogram.BaseEvent) {
      const metric = dataOf(e).metric as TrendMetric;
      if (!metric || metric === this.data.metric) return;
      this.setData({ metric });
      try {
        const trend = await getTrend({ orgId: this.data.orgId, metric, months: 12 });
        if (this.data.metric === metric) {
          this.setData({
            trend: { labels: trend.points.map((p) => p.month.slice(2)), values: trend.points.map((p) => p.value) },
          });
        }
      } catch (err) {
        toastError(err);
      }
    },

    /** Drill down into a child org. */
    openChild(e: WechatMiniprogram.BaseEvent) {
      const orgId = String(dataOf(e).id ?? '');
      if (orgId) go(ROUTES.statsDashboard(orgId));
    },

    /** Back up to the parent org (shown only when the user may read it). */
    openParent() {
      if (this.data.parentId) go(ROUTES.statsDashboard(this.data.parentId));
    },

    /** The month's Excel report: opened on the phone; locally its link is copied. */
    exportReport() {
      return whileBusy(this, 'exporting', async () => {
        try {
          await openExportFile(await getReport(this.data.orgId, currentMonth()), '月报已生成，下载链接已复制');
        } catch (err) {
          toastError(err);
        }
      });
    },
  },
});

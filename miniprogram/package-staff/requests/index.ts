import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { errorText } from '../../services/cloud';
import { getQueue, getQueueCounts } from '../../services/requests';
import { PAGES } from '../../services/scene';
import { getMe } from '../../services/users';
import type { StatusCounts } from '../../shared/api';
import { categoryLabel, REQUEST_CATEGORIES, type RequestCategory } from '../../shared/categories';
import { ROLE_LABELS, type Role } from '../../shared/orgs';
import { REQUEST_STATUS_LABELS, REQUEST_STATUSES, type RequestStatus } from '../../shared/requests';
import { REQUEST_URLS, requestItem, type RequestItem } from '../../utils/request-views';

type Status = 'loading' | 'ready' | 'error' | 'norole';
type Tab = RequestStatus | 'all';

interface OrgOption {
  value: string;
  label: string;
  role: Role;
}

const PAGE_SIZE = 20;
const HANDLER_ROLES: readonly Role[] = ['grid_worker', 'staff', 'admin'];
const ALL_CATEGORIES = 'all';

function tabs(counts?: StatusCounts): { value: Tab; label: string }[] {
  return [
    ...REQUEST_STATUSES.map((s) => ({
      value: s as Tab,
      label: counts?.[s] ? `${REQUEST_STATUS_LABELS[s]} ${counts[s]}` : REQUEST_STATUS_LABELS[s],
    })),
    { value: 'all', label: '全部' },
  ];
}

/** What the empty list says, so that it always points somewhere. */
function emptyText(tab: Tab, filtered: boolean): { text: string; hint: string } {
  if (filtered) return { text: '没有符合筛选条件的诉求', hint: '可以换一个类别，或关闭「只看超期」' };
  if (tab === 'submitted')
    return {
      text: '暂无待受理诉求',
      hint: '居民扫描网格二维码或在首页「便民服务」中即可提交诉求；把网格二维码贴在楼栋公示牌上，方便居民找到你',
    };
  if (tab === 'accepted') return { text: '暂无办理中的诉求', hint: '在「待受理」中受理诉求后，会显示在这里' };
  return { text: `暂无${tab === 'all' ? '' : `「${REQUEST_STATUS_LABELS[tab]}」的`}诉求`, hint: '' };
}

/**
 * 诉求办理 (grid workers, staff, admins): the requests of an org's subtree by status (tabs with counts), category
 * and overdue, newest first, a page at a time; the org picker appears when the user works for several.
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    orgs: [] as OrgOption[],
    orgId: '',
    orgName: '',
    orgPickerVisible: false,
    tab: 'submitted' as Tab,
    tabs: tabs(),
    overdueCount: 0,
    category: ALL_CATEGORIES,
    categoryLabel: '全部类别',
    categoryOptions: [
      { value: ALL_CATEGORIES, label: '全部类别' },
      ...REQUEST_CATEGORIES.map(({ value, label }) => ({ value, label })),
    ],
    categoryPickerVisible: false,
    overdue: false,
    items: [] as RequestItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    empty: emptyText('submitted', false),
    isGridWorker: false,
    seq: 0,
    started: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.status && (REQUEST_STATUSES as readonly string[]).includes(query.status))
        this.setData({ tab: query.status as Tab });
      return this.start(query.orgId);
    },

    /** Back from a request: its status may have changed. */
    onShow() {
      syncLargeFont(this);
      if (this.data.started && this.data.status === 'ready') return this.load(false);
      return undefined;
    },

    async onPullDownRefresh(): Promise<void> {
      await (this.data.orgs.length ? this.load(false) : this.start());
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      return this.loadMore();
    },

    /** Finds the orgs the user handles requests for (their roles), then loads the first one's queue. */
    async start(orgId?: string): Promise<void> {
      this.setData({ status: 'loading' });
      try {
        const me = await getMe();
        const seen = new Set<string>();
        const orgs: OrgOption[] = [];
        for (const r of me.roles) {
          if (!HANDLER_ROLES.includes(r.role) || seen.has(r.orgId)) continue;
          seen.add(r.orgId);
          orgs.push({ value: r.orgId, label: `${r.orgName}（${ROLE_LABELS[r.role]}）`, role: r.role });
        }
        if (!orgs.length) {
          this.setData({ status: 'norole', started: true });
          return;
        }
        const chosen = orgs.find((o) => o.value === orgId) ?? orgs[0];
        this.setData({
          orgs,
          orgId: chosen.value,
          orgName: chosen.label,
          isGridWorker: chosen.role === 'grid_worker',
          started: true,
        });
        await this.load();
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err), started: true });
      }
    },

    filters() {
      const { orgId, tab, category, overdue } = this.data;
      return {
        orgId,
        ...(tab === 'all' ? {} : { status: tab }),
        ...(category === ALL_CATEGORIES ? {} : { category: category as RequestCategory }),
        ...(overdue ? { overdue: true } : {}),
      };
    },

    /** The counts and the first page under the current filters; stale answers (filters changed since) are dropped. */
    async load(spinner = true): Promise<void> {
      const seq = this.data.seq + 1;
      this.setData({ seq, ...(spinner || this.data.status !== 'ready' ? { status: 'loading' } : {}) });
      try {
        const [counts, page] = await Promise.all([
          getQueueCounts(this.data.orgId),
          getQueue({ ...this.filters(), limit: PAGE_SIZE }),
        ]);
        if (seq !== this.data.seq) return;
        const { tab, category, overdue } = this.data;
        this.setData({
          status: 'ready',
          tabs: tabs(counts),
          overdueCount: counts.overdue,
          items: page.items.map(requestItem),
          nextCursor: page.nextCursor,
          empty: emptyText(tab, category !== ALL_CATEGORIES || overdue),
        });
      } catch (err) {
        if (seq === this.data.seq) this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    async loadMore(): Promise<void> {
      const { nextCursor, loadingMore, seq, status } = this.data;
      if (!nextCursor || loadingMore || status !== 'ready') return;
      this.setData({ loadingMore: true });
      try {
        const page = await getQueue({ ...this.filters(), limit: PAGE_SIZE, cursor: nextCursor });
        if (seq !== this.data.seq) return;
        this.setData({ items: [...this.data.items, ...page.items.map(requestItem)], nextCursor: page.nextCursor });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ loadingMore: false });
      }
    },

    retry() {
      return this.data.orgs.length ? this.load() : this.start();
    },

    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      if (e.detail.value === this.data.tab) return undefined;
      this.setData({ tab: e.detail.value });
      return this.load();
    },

    openCategoryPicker() {
      this.setData({ categoryPickerVisible: true });
    },

    closeCategoryPicker() {
      this.setData({ categoryPickerVisible: false });
    },

    onCategoryConfirm(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const category = e.detail.value[0] ?? ALL_CATEGORIES;
      this.setData({
        categoryPickerVisible: false,
        category,
        categoryLabel: category === ALL_CATEGORIES ? '全部类别' : categoryLabel(category),
      });
      return this.load();
    },

    onOverdueChange(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ overdue: e.detail.value });
      return this.load();
    },

    openOrgPicker() {
      if (this.data.orgs.length > 1) this.setData({ orgPickerVisible: true });
    },

    closeOrgPicker() {
      this.setData({ orgPickerVisible: false });
    },

    onOrgConfirm(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const org = this.data.orgs.find((o) => o.value === e.detail.value[0]);
      this.setData({ orgPickerVisible: false });
      if (!org || org.value === this.data.orgId) return undefined;
      this.setData({ orgId: org.value, orgName: org.label, isGridWorker: org.role === 'grid_worker' });
      return this.load();
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const id = e.currentTarget.dataset.id as string | undefined;
      if (id) wx.navigateTo({ url: REQUEST_URLS.detail(id, '&from=queue') });
    },

    /** Grid workers print their grid's code from 我的网格. */
    goGridCode() {
      wx.navigateTo({ url: '/package-grid/pages/index/index' });
    },

    goMe() {
      wx.switchTab({ url: PAGES.me });
    },
  },
});

import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../behaviors/paged-list';
import { getQueue, getQueueCounts } from '../../services/requests';
import { currentMe } from '../../services/session';
import { categoryLabel, REQUEST_CATEGORIES, type RequestCategory } from '../../shared/categories';
import { ROLE_LABELS, type Role } from '../../shared/orgs';
import { REQUEST_STATUS_LABELS } from '../../shared/requests';
import { ROUTES } from '../../shared/routes';
import { dataOf, go } from '../../utils/navigate';
import { askSubscribe } from '../../utils/subscribe';
import { SUBSCRIBE_TEMPLATES } from '../../config/templates';
import {
  requestItem,
  statusOfTab,
  statusTabs,
  tabOfQuery,
  type RequestItem,
  type StatusTab,
} from '../../utils/request-views';

interface OrgOption {
  value: string;
  label: string;
  role: Role;
}

const HANDLER_ROLES: readonly Role[] = ['grid_worker', 'staff', 'admin'];
const STAFF_TEMPLATES = ['staffNewRequest', 'staffOverdue'] as const;
/** Asked once per session: WeChat counts each accepted subscription as one message, so one tap a visit is enough. */
let askedThisSession = false;
const ALL_CATEGORIES = 'all';

/** What the empty list says, so that it always points somewhere. */
function emptyText(tab: StatusTab, filtered: boolean): { text: string; hint: string } {
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
  behaviors: [largeFont, pagedList],
  data: {
    orgs: [] as OrgOption[],
    /** The org of `?orgId=` until the user's orgs are known. */
    wantedOrgId: '',
    orgId: '',
    orgName: '',
    orgPickerVisible: false,
    tab: 'submitted' as StatusTab,
    tabs: statusTabs('last'),
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
    empty: emptyText('submitted', false),
    isGridWorker: false,
    /** The 开启新诉求提醒 button: shown until tapped once this session, and only when the templates are set. */
    canSubscribe: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        tab: tabOfQuery(query.status, 'submitted'),
        wantedOrgId: query.orgId ?? '',
        canSubscribe: !askedThisSession && STAFF_TEMPLATES.some((t) => SUBSCRIBE_TEMPLATES[t]),
      });
      return this.load();
    },

    /** Back from a request: its status may have changed. */
    onShow() {
      syncLargeFont(this);
      return this.data.status === 'ready' ? this.load() : undefined;
    },

    /** The orgs the user handles requests for (by role), the first one (or `?orgId=`) chosen. */
    async listScope({ refresh }: { refresh: boolean }) {
      if (this.data.orgs.length && !refresh) return {};
      const me = await currentMe({ refresh });
      const orgs: OrgOption[] = [];
      for (const r of me.roles) {
        if (!HANDLER_ROLES.includes(r.role) || orgs.some((o) => o.value === r.orgId)) continue;
        orgs.push({ value: r.orgId, label: `${r.orgName}（${ROLE_LABELS[r.role]}）`, role: r.role });
      }
      if (!orgs.length) return { status: 'norole' };
      const chosen = orgs.find((o) => o.value === (this.data.orgId || this.data.wantedOrgId)) ?? orgs[0];
      return { orgs, orgId: chosen.value, orgName: chosen.label, isGridWorker: chosen.role === 'grid_worker' };
    },

    async listHead() {
      const { tab, category, overdue } = this.data;
      const counts = await getQueueCounts(this.data.orgId);
      return {
        tabs: statusTabs('last', counts),
        overdueCount: counts.overdue,
        empty: emptyText(tab, category !== ALL_CATEGORIES || overdue),
      };
    },

    async fetchPage(query: ListQuery) {
      const { orgId, tab, category, overdue } = this.data;
      const page = await getQueue({
        ...query,
        orgId,
        ...statusOfTab(tab),
        ...(category === ALL_CATEGORIES ? {} : { category: category as RequestCategory }),
        ...(overdue ? { overdue: true } : {}),
      });
      return mapPage(page, requestItem);
    },

    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: StatusTab }>) {
      if (e.detail.value === this.data.tab) return undefined;
      this.setData({ tab: e.detail.value });
      return this.load({ spinner: true });
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
      return this.load({ spinner: true });
    },

    onOverdueChange(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ overdue: e.detail.value });
      return this.load({ spinner: true });
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
      return this.load({ spinner: true });
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const id = dataOf(e).id as string | undefined;
      if (id) go(ROUTES.requestDetail(id, { from: 'queue' }));
    },

    /** 开启新诉求提醒: WeChat's subscription dialog must come straight from a tap, so nothing is awaited first. */
    subscribeReminders() {
      askSubscribe([...STAFF_TEMPLATES]);
      askedThisSession = true;
      this.setData({ canSubscribe: false });
    },

    /** Grid workers print their grid's code from 我的网格. */
    goGridCode() {
      go(ROUTES.gridWorkbench());
    },

    goMediations() {
      go(ROUTES.mediations(this.data.orgId));
    },

    goMe() {
      go(ROUTES.me());
    },
  },
});

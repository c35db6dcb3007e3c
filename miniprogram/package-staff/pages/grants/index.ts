import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText } from '../../../services/cloud';
import { getOrg } from '../../../services/orgs';
import { listGrants, revokeGrant } from '../../../services/users';
import type { GrantView } from '../../../shared/api';
import { ROLE_LABELS } from '../../../shared/orgs';
import { formatTime } from '../../../utils/format';

type Status = 'loading' | 'ready' | 'error';

interface GrantItem {
  id: string;
  name: string;
  roleLabel: string;
  orgName: string;
  createdAt: string;
}

const PAGE_SIZE = 20;

function grantItem(g: GrantView): GrantItem {
  return {
    id: g.id,
    name: g.name || '未填写姓名',
    roleLabel: ROLE_LABELS[g.role],
    orgName: g.orgName,
    createdAt: formatTime(g.createdAt),
  };
}

/** 成员授权 (admins): who holds which role in the org's subtree, a page at a time, with revoke. */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    orgId: '',
    orgName: '',
    items: [] as GrantItem[],
    nextCursor: null as string | null,
    loadingMore: false,
    confirm: { visible: false, content: '', index: -1 },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load();
      wx.stopPullDownRefresh();
    },

    onReachBottom() {
      return this.loadMore();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading' });
      try {
        const [org, page] = await Promise.all([
          getOrg(this.data.orgId),
          listGrants({ orgId: this.data.orgId, limit: PAGE_SIZE }),
        ]);
        this.setData({
          status: 'ready',
          orgName: org.name,
          items: page.items.map(grantItem),
          nextCursor: page.nextCursor,
        });
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    async loadMore(): Promise<void> {
      const { nextCursor, loadingMore, orgId } = this.data;
      if (!nextCursor || loadingMore) return;
      this.setData({ loadingMore: true });
      try {
        const page = await listGrants({ orgId, limit: PAGE_SIZE, cursor: nextCursor });
        this.setData({ items: [...this.data.items, ...page.items.map(grantItem)], nextCursor: page.nextCursor });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      } finally {
        this.setData({ loadingMore: false });
      }
    },

    retry() {
      return this.load();
    },

    askRevoke(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const item = this.data.items[index];
      if (!item) return;
      this.setData({
        confirm: {
          visible: true,
          index,
          content: `撤销后，${item.name}将不再是「${item.roleLabel} · ${item.orgName}」，不能再处理相关工作。`,
        },
      });
    },

    closeConfirm() {
      this.setData({ 'confirm.visible': false });
    },

    async revoke(): Promise<void> {
      const item = this.data.items[this.data.confirm.index];
      this.closeConfirm();
      if (!item) return;
      try {
        await revokeGrant(item.id);
        this.setData({ items: this.data.items.filter((g) => g.id !== item.id) });
        wx.showToast({ title: '已撤销', icon: 'success' });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      }
    },

    goInvite() {
      wx.navigateTo({ url: `/package-staff/pages/invite/index?orgId=${encodeURIComponent(this.data.orgId)}` });
    },
  },
});

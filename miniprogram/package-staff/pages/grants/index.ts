import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../../behaviors/paged-list';
import { getOrg } from '../../../services/orgs';
import { listGrants, revokeGrant } from '../../../services/users';
import type { GrantView } from '../../../shared/api';
import { ROLE_LABELS } from '../../../shared/orgs';
import { ROUTES } from '../../../shared/routes';
import { confirm, toastDone, toastError } from '../../../utils/feedback';
import { formatTime } from '../../../utils/format';
import { dataOf, go } from '../../../utils/navigate';

interface GrantItem {
  id: string;
  name: string;
  roleLabel: string;
  orgName: string;
  createdAt: string;
}

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
  behaviors: [largeFont, pagedList],
  data: {
    orgId: '',
    orgName: '',
    items: [] as GrantItem[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async listHead() {
      return { orgName: (await getOrg(this.data.orgId)).name };
    },

    async fetchPage(query: ListQuery) {
      return mapPage(await listGrants({ ...query, orgId: this.data.orgId }), grantItem);
    },

    /** Revokes a grant after the admin confirms what it ends. */
    async askRevoke(e: WechatMiniprogram.BaseEvent): Promise<void> {
      const item = this.data.items[Number(dataOf(e).index)];
      if (!item) return;
      const sure = await confirm({
        title: '撤销授权',
        content: `撤销后，${item.name}将不再是「${item.roleLabel} · ${item.orgName}」，不能再处理相关工作。`,
        confirmText: '撤销',
        danger: true,
      });
      if (!sure) return;
      try {
        await revokeGrant(item.id);
        this.setData({ items: this.data.items.filter((g) => g.id !== item.id) });
        toastDone('已撤销');
      } catch (err) {
        toastError(err);
      }
    },

    goInvite() {
      go(ROUTES.invite(this.data.orgId));
    },
  },
});

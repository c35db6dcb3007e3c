import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../behaviors/paged-list';
import { listNotices } from '../../services/notices';
import { currentMe } from '../../services/session';
import { NOTICE_KIND_LABELS, type NoticeKind } from '../../shared/notices';
import { PAGES, ROUTES } from '../../shared/routes';
import { isNoticeKind, NOTICE_TABS, noticeItem, type NoticeItem } from '../../utils/notice-views';
import { dataOf, go } from '../../utils/navigate';
import { adoptSharedCommunity, chatShare, shareFrom, timelineShare } from '../../utils/share';

/**
 * 通知公告 · 政策宣传 · 办事指南: what the user's community and the street, district and city above it published,
 * pinned first, newest first, by kind (tabs), a page at a time. Staff open it from their workbench for one org
 * (`?orgId=&manage=1`): everything published under it, with 发布. A shared list (`?from=`) gives a user with no home
 * the sharer's community.
 */
Component({
  behaviors: [largeFont, pagedList],
  data: {
    tabs: NOTICE_TABS,
    kind: '' as NoticeKind | '',
    orgId: '',
    manage: false,
    scopeName: '',
    items: [] as NoticeItem[],
    shareFrom: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>): Promise<void> {
      const kind = isNoticeKind(query.kind) ? query.kind : '';
      this.setData({ kind, orgId: query.orgId ?? '', manage: query.manage === '1' });
      if (kind) wx.setNavigationBarTitle({ title: NOTICE_KIND_LABELS[kind] });
      await adoptSharedCommunity(query.from);
      if (!this.data.orgId && query.from) this.setData({ orgId: query.from });
      await this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    /** Whose notices: an org given (staff, a shared card), else the home community (none yet: pick one). */
    async listScope({ refresh }: { refresh: boolean }) {
      const [me, from] = await Promise.all([currentMe({ refresh }), shareFrom()]);
      const patch = { shareFrom: from ?? '' };
      if (this.data.manage) return { ...patch, scopeName: '本辖区发布的全部内容' };
      if (!me.home && !this.data.orgId) return { ...patch, status: 'nohome' };
      return { ...patch, scopeName: this.data.orgId ? '' : me.home!.communityName };
    },

    async fetchPage(query: ListQuery) {
      const { kind, orgId, manage } = this.data;
      const page = await listNotices({
        ...query,
        ...(kind ? { kind } : {}),
        ...(orgId ? { orgId } : {}),
        ...(manage ? { subtree: true } : {}),
      });
      return mapPage(page, noticeItem);
    },

    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: NoticeKind | '' }>) {
      if (e.detail.value === this.data.kind) return undefined;
      this.setData({ kind: e.detail.value });
      return this.load({ spinner: true });
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const id = dataOf(e).id as string | undefined;
      if (id) go(ROUTES.noticeDetail(id));
    },

    goPublish() {
      go(ROUTES.noticeEdit({ orgId: this.data.orgId }));
    },

    goSwitchCommunity() {
      go(ROUTES.switchCommunity());
    },

    /** A list shared to a chat opens on the same tab, of the sharer's community. */
    onShareAppMessage() {
      const { kind, shareFrom: from } = this.data;
      return chatShare({ title: shareTitle(kind) }, PAGES.noticeList, { kind, from });
    },

    onShareTimeline() {
      const { kind, shareFrom: from } = this.data;
      return timelineShare({ title: shareTitle(kind) }, { kind, from });
    },
  },
});

function shareTitle(kind: NoticeKind | ''): string {
  return kind ? `社区${NOTICE_KIND_LABELS[kind]}，一起来看看` : '社区通知公告、政策宣传和办事指南';
}

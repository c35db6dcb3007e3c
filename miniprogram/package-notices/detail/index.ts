import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { isCloudError } from '../../services/errors';
import { getNotice, noticeImageUrls, removeNotice } from '../../services/notices';
import type { NoticeView } from '../../shared/api';
import { NOTICE_KIND_LABELS } from '../../shared/notices';
import { PAGES, ROUTES } from '../../shared/routes';
import { confirm, toastDone, toastError, whileBusy } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { dataOf, go, goBack } from '../../utils/navigate';
import { blockItems, NOTICE_KIND_THEMES, noticeShareTitle, type BlockItem } from '../../utils/notice-views';
import { adoptSharedCommunity, chatShare, shareFrom, timelineShare } from '../../utils/share';

/**
 * One notice, policy item or guide: its blocks rendered as plain text and images (never HTML), its photos, and for
 * staff in scope how many have read it, 编辑 and 删除 (as `can` says). Opening it counts the user's first reading.
 * Shared to a chat or to Moments with its title and first image; a card opened by a user with no home gives them
 * the sharer's community (`?from=`).
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    id: '',
    notice: null as NoticeView | null,
    blocks: [] as BlockItem[],
    gallery: [] as { fileID: string; url: string }[],
    kindLabel: '',
    kindTheme: 'primary',
    timeText: '',
    shareFrom: '',
    removing: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>): Promise<void> {
      if (!query.id) {
        this.setData({ status: 'notfound' });
        return;
      }
      this.setData({ id: query.id });
      await adoptSharedCommunity(query.from);
      await this.load();
    },

    onShow() {
      syncLargeFont(this);
      // Back from 编辑: show the notice as saved.
      if (this.data.status === 'ready') return this.load();
      return undefined;
    },

    async fetch() {
      try {
        const [notice, from] = await Promise.all([getNotice(this.data.id), shareFrom()]);
        const fileIds = [...notice.body.flatMap((b) => (b.type === 'img' ? [b.fileID] : [])), ...notice.images];
        const urls = await noticeImageUrls(fileIds);
        const urlOf = (fileID: string) => urls[fileIds.indexOf(fileID)] ?? '';
        wx.setNavigationBarTitle({ title: NOTICE_KIND_LABELS[notice.kind] });
        return {
          notice,
          blocks: blockItems(notice.body, urlOf),
          gallery: notice.images.map((fileID) => ({ fileID, url: urlOf(fileID) })),
          kindLabel: NOTICE_KIND_LABELS[notice.kind],
          kindTheme: NOTICE_KIND_THEMES[notice.kind],
          timeText: formatTime(notice.createdAt),
          shareFrom: from ?? '',
        };
      } catch (err) {
        if (isCloudError(err, 'NOT_FOUND')) return { status: 'notfound' };
        throw err;
      }
    },

    previewImage(e: WechatMiniprogram.BaseEvent) {
      const current = dataOf(e).url as string;
      const urls = [...this.data.blocks.map((b) => b.url ?? ''), ...this.data.gallery.map((g) => g.url)].filter(
        Boolean,
      );
      if (current) wx.previewImage({ current, urls });
    },

    goEdit() {
      go(ROUTES.noticeEdit({ id: this.data.id }));
    },

    remove() {
      return whileBusy(this, 'removing', async () => {
        const ok = await confirm({
          title: '删除这条内容？',
          content: '删除后居民将看不到它，分享出去的卡片也会打不开。',
          confirmText: '删除',
          danger: true,
        });
        if (!ok) return;
        try {
          await removeNotice(this.data.id);
          toastDone('已删除');
          goBack();
        } catch (err) {
          toastError(err);
        }
      });
    },

    goHome() {
      go(ROUTES.home());
    },

    shareCard() {
      const notice = this.data.notice;
      if (!notice) return { title: '社区通知公告' };
      return { title: noticeShareTitle(notice), ...(notice.cover ? { imageUrl: notice.cover } : {}) };
    },

    onShareAppMessage() {
      return chatShare(this.shareCard(), PAGES.noticeDetail, { id: this.data.id, from: this.data.shareFrom });
    },

    onShareTimeline() {
      return timelineShare(this.shareCard(), { id: this.data.id, from: this.data.shareFrom });
    },
  },
});

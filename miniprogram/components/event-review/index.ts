import { getReview, likeReview, noticeImageUrls } from '../../services/notices';
import type { ReviewCan, ReviewView } from '../../shared/api';
import { ROUTES } from '../../shared/routes';
import { toastError, whileBusy } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { dataOf, go } from '../../utils/navigate';

/**
 * 活动回顾 on the event page: the photos and short review staff posted after the event, with 点赞 (once per person);
 * staff who ran it get 发布/编辑回顾 (as `can` says). Nothing shows before there is a review, unless the user may post
 * one. Reloads when the page is shown again (back from writing it).
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    eventId: { type: String, value: '' },
  },
  data: {
    review: null as ReviewView | null,
    can: { postReview: false, likeReview: false } as ReviewCan,
    photos: [] as { fileID: string; url: string }[],
    timeText: '',
    liking: false,
    /** Loaded once: a later show of the page loads it again. */
    loaded: false,
  },
  observers: {
    eventId(id: string) {
      if (id) void this.refresh();
    },
  },
  pageLifetimes: {
    show() {
      if (this.data.loaded) void this.refresh();
    },
  },
  methods: {
    async refresh(): Promise<void> {
      try {
        const { review, can } = await getReview(this.data.eventId);
        const urls = review ? await noticeImageUrls(review.images) : [];
        this.setData({
          review,
          can,
          photos: (review?.images ?? []).map((fileID, i) => ({ fileID, url: urls[i] ?? '' })),
          timeText: review ? formatTime(review.postedAt) : '',
          loaded: true,
        });
      } catch {
        // The event page shows without its review.
      }
    },

    like() {
      const review = this.data.review;
      if (!review || review.liked) return undefined;
      return whileBusy(this, 'liking', async () => {
        try {
          const { likes } = await likeReview(this.data.eventId);
          this.setData({ 'review.likes': likes, 'review.liked': true });
        } catch (err) {
          toastError(err);
        }
      });
    },

    preview(e: WechatMiniprogram.BaseEvent) {
      const current = dataOf(e).url as string;
      if (current) wx.previewImage({ current, urls: this.data.photos.map((p) => p.url).filter(Boolean) });
    },

    goWrite() {
      go(ROUTES.reviewEdit(this.data.eventId));
    },
  },
});

import { listNotices } from '../../services/notices';
import type { NoticeSummary } from '../../shared/api';
import { ROUTES } from '../../shared/routes';
import { go } from '../../utils/navigate';

/**
 * 首页's outreach card: the community's pinned notice (its own or from the street, district or city above), and the
 * ways in to 政策宣传 and the newcomer guide (新市民指南: the newest guide). Loads for `communityId` (the home
 * community; reloads when it changes); if the notices cannot be loaded, only the entries show.
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    communityId: { type: String, value: '' },
  },
  data: {
    pinned: null as NoticeSummary | null,
    guideId: '',
  },
  observers: {
    communityId(id: string) {
      if (id) void this.refresh();
    },
  },
  pageLifetimes: {
    /** Back on 首页 (after reading or publishing): the pinned notice may have changed. */
    show() {
      if (this.data.communityId) void this.refresh();
    },
  },
  methods: {
    async refresh(): Promise<void> {
      try {
        const [first, guides] = await Promise.all([
          listNotices({ limit: 1 }),
          listNotices({ kind: 'guide', limit: 1 }),
        ]);
        const top = first.items[0];
        this.setData({ pinned: top?.pinned ? top : null, guideId: guides.items[0]?.id ?? '' });
      } catch {
        this.setData({ pinned: null, guideId: '' });
      }
    },

    openPinned() {
      if (this.data.pinned) go(ROUTES.noticeDetail(this.data.pinned.id));
    },

    goNotices() {
      go(ROUTES.noticeList());
    },

    goPolicy() {
      go(ROUTES.noticeList({ kind: 'policy' }));
    },

    /** The newest guide itself; with none yet, the guides' tab. */
    goGuide() {
      go(this.data.guideId ? ROUTES.noticeDetail(this.data.guideId) : ROUTES.noticeList({ kind: 'guide' }));
    },
  },
});

import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../../behaviors/paged-list';
import { mySignups } from '../../../services/events';
import type { EventSummary, SignupView } from '../../../shared/api';
import { ROUTES } from '../../../shared/routes';
import { eventItem, signupStatusText, type EventItem } from '../../../utils/event-views';
import { dataOf, go } from '../../../utils/navigate';

interface MineItem extends EventItem {
  signupId: string;
  statusText: string;
  statusTheme: string;
  partySize: number;
  dishName: string;
}

function mineItem({ signup, event }: { signup: SignupView; event: EventSummary }): MineItem {
  return {
    ...eventItem(event),
    signupId: signup.id,
    statusText: event.status === 'cancelled' ? '活动已取消' : signupStatusText(signup),
    statusTheme: signup.status === 'confirmed' ? 'success' : signup.status === 'waitlisted' ? 'warning' : 'default',
    partySize: signup.partySize,
    dishName: signup.dish?.name ?? '',
  };
}

/** 我的报名: the family's sign-ups, newest first, with their status (已报名, 候补第 N 位, 已签到, 已取消). */
Component({
  behaviors: [largeFont, pagedList],
  data: {
    items: [] as MineItem[],
  },
  methods: {
    async onShow(): Promise<void> {
      syncLargeFont(this);
      await this.load();
    },

    async fetchPage(query: ListQuery) {
      return mapPage(await mySignups(query), mineItem);
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const id = dataOf(e).id as string | undefined;
      if (id) go(ROUTES.eventDetail(id));
    },

    goEvents() {
      go(ROUTES.events());
    },
  },
});

import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { mapPage, pagedList, type ListQuery } from '../../behaviors/paged-list';
import { listMessages, markRead, syncUnreadBadge } from '../../services/messages';
import type { MessageView } from '../../shared/api';
import { MESSAGE_TYPES } from '../../shared/messages';
import { formatTime } from '../../utils/format';
import { toastError } from '../../utils/feedback';
import { dataOf, go } from '../../utils/navigate';

interface MessageItem {
  id: string;
  typeLabel: string;
  title: string;
  body: string;
  link: string;
  read: boolean;
  atText: string;
}

const messageItem = (m: MessageView): MessageItem => ({
  id: m.id,
  typeLabel: MESSAGE_TYPES[m.type] ?? '消息',
  title: m.title,
  body: m.body,
  link: m.link,
  read: m.read,
  atText: formatTime(m.at),
});

/**
 * 消息中心: the user's messages, newest first (new requests, their progress, escalations, follow-ups). Opening one
 * marks it read and goes to what it is about; 全部已读 clears the badge of the 我的 tab.
 */
Component({
  behaviors: [largeFont, pagedList],
  data: { items: [] as MessageItem[], unread: 0 },
  methods: {
    async onShow(): Promise<void> {
      syncLargeFont(this);
      await this.load();
    },

    async listHead() {
      return { unread: await syncUnreadBadge() };
    },

    async fetchPage(query: ListQuery) {
      return mapPage(await listMessages(query), messageItem);
    },

    async openItem(e: WechatMiniprogram.BaseEvent): Promise<void> {
      const index = this.data.items.findIndex((m) => m.id === dataOf(e).id);
      const item = this.data.items[index];
      if (!item) return;
      if (!item.read) {
        this.setData({ [`items[${index}].read`]: true, unread: Math.max(0, this.data.unread - 1) });
        markRead({ ids: [item.id] })
          .then(() => syncUnreadBadge())
          .catch(() => undefined);
      }
      if (item.link) go(item.link);
    },

    async readAll(): Promise<void> {
      try {
        await markRead({ all: true });
        this.setData({ items: this.data.items.map((m) => ({ ...m, read: true })), unread: 0 });
        await syncUnreadBadge();
      } catch (err) {
        toastError(err);
      }
    },
  },
});

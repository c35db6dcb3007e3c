import { messagesSchemas } from '../../miniprogram/shared/schemas/messages';
import { _, db } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { invalid } from '../../backend/core/errors';
import { pageOf, readPage } from '../../backend/core/paging';
import { action, createRouter } from '../../backend/core/router';
import { toMessageView } from '../../backend/messages/model';
import type { MessageDoc } from '../../backend/messages/send';

/**
 * The message centre: every action is about the caller's own messages only (`openid` is always part of the query),
 * so someone else's message id is simply not found among them and marking it changes nothing.
 */
export const main = createRouter('messages', {
  list: action({
    schema: messagesSchemas.list,
    async handler(input, ctx) {
      const where: Record<string, unknown> = { openid: ctx.openid };
      if (input.unreadOnly) where.read = false;
      const rows = await readPage<MessageDoc>({
        collection: COLLECTIONS.messages,
        where,
        orderBy: 'sortKey',
        order: 'desc',
        limit: input.limit,
        after: input.cursor,
      });
      return pageOf(rows, toMessageView);
    },
  }),

  unreadCount: action({
    schema: messagesSchemas.unreadCount,
    async handler(_input, ctx) {
      const { total } = await db.collection(COLLECTIONS.messages).where({ openid: ctx.openid, read: false }).count();
      return { count: total };
    },
  }),

  markRead: action({
    schema: messagesSchemas.markRead,
    limit: { max: 120, windowSeconds: 60 },
    async handler(input, ctx) {
      if (!input.ids === !input.all) throw invalid({ ids: '请给出要标记的消息，或标记全部' });
      const where: Record<string, unknown> = { openid: ctx.openid, read: false };
      if (input.ids) where._id = _.in(input.ids);
      const { stats } = await db
        .collection(COLLECTIONS.messages)
        .where(where)
        .update({ data: { read: true, readAt: new Date() } });
      return { updated: stats.updated };
    },
  }),
});

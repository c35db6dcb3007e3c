import * as v from 'valibot';
import { id, listParams } from './common';

export const messagesSchemas = {
  list: v.strictObject({ unreadOnly: v.optional(v.boolean('必须是是/否')), ...listParams }),
  unreadCount: v.strictObject({}),
  markRead: v.strictObject({
    ids: v.optional(v.pipe(v.array(id, '必须是列表'), v.minLength(1, '至少一条'), v.maxLength(50, '一次最多 50 条'))),
    all: v.optional(v.literal(true, '只能为 true')),
  }),
};

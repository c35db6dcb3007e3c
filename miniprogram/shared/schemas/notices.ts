import * as v from 'valibot';
import {
  bodyLength,
  MARKUP,
  MAX_BLOCK_TEXT,
  MAX_NOTICE_BLOCKS,
  MAX_NOTICE_BODY,
  MAX_NOTICE_IMAGES,
  MAX_NOTICE_TITLE,
  MAX_REVIEW_IMAGES,
  MAX_REVIEW_TEXT,
  NOTICE_KINDS,
} from '../notices';
import { id, listParams, text } from './common';

const fileId = v.pipe(
  v.string('必须是文本'),
  v.maxLength(300, '文件编号过长'),
  v.regex(/^cloud:\/\/\S+$/, '图片文件无效'),
);

/** Text a page shows as it is: no markup (see shared/notices.ts). */
const plain = (max: number) =>
  v.pipe(
    text(max),
    v.check((s) => !MARKUP.test(s), '不支持 HTML 标签，请输入纯文本'),
  );

const textBlock = v.strictObject({
  type: v.picklist(['p', 'h', 'li'], '段落类型无效'),
  text: plain(MAX_BLOCK_TEXT),
  bold: v.optional(v.boolean('必须是是/否')),
});
const imageBlock = v.strictObject({ type: v.literal('img', '段落类型无效'), fileID: fileId });

const block = v.variant('type', [textBlock, imageBlock], '段落类型无效');

const body = v.pipe(
  v.array(block, '正文必须是段落列表'),
  v.minLength(1, '正文不能为空'),
  v.maxLength(MAX_NOTICE_BLOCKS, `正文最多 ${MAX_NOTICE_BLOCKS} 段`),
  v.check((blocks) => bodyLength(blocks) <= MAX_NOTICE_BODY, `正文不能超过 ${MAX_NOTICE_BODY} 个字`),
  v.check((blocks) => blocks.some((b) => b.type !== 'img'), '正文不能为空'),
);

const images = (max: number) =>
  v.pipe(
    v.array(fileId, '必须是列表'),
    v.maxLength(max, `最多 ${max} 张图片`),
    v.check((list) => new Set(list).size === list.length, '图片重复'),
  );

const noticeFields = {
  kind: v.picklist(NOTICE_KINDS, '类型无效：只能是通知公告、政策宣传或办事指南'),
  title: plain(MAX_NOTICE_TITLE),
  body,
  images: v.optional(images(MAX_NOTICE_IMAGES)),
  pinned: v.optional(v.boolean('必须是是/否')),
};

export const noticesSchemas = {
  create: v.strictObject({ orgId: id, ...noticeFields }),
  update: v.strictObject({ id, ...v.partial(v.strictObject(noticeFields)).entries }),
  remove: v.strictObject({ id }),
  list: v.strictObject({
    kind: v.optional(v.picklist(NOTICE_KINDS, '类型无效')),
    /** The notices shown to residents of this org (default: the caller's home). */
    orgId: v.optional(id),
    /** Everything published under `orgId` (staff/admin in scope), instead of what its residents see. */
    subtree: v.optional(v.boolean('必须是是/否')),
    ...listParams,
  }),
  get: v.strictObject({ id }),
  readers: v.strictObject({ id }),
  /** After an event (百家宴 memories): staff post or replace the review of a held event. */
  postReview: v.strictObject({
    eventId: id,
    text: plain(MAX_REVIEW_TEXT),
    images: v.optional(images(MAX_REVIEW_IMAGES)),
  }),
  review: v.strictObject({ eventId: id }),
  likeReview: v.strictObject({ eventId: id }),
};

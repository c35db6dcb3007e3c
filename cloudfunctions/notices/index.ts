import crypto from 'node:crypto';
import { noticesSchemas } from '../../miniprogram/shared/schemas/notices';
import { audit } from '../../backend/core/audit';
import { _, db, findById, isDuplicateKey } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { checkText } from '../../backend/core/content';
import { invalid, notFound, precondition } from '../../backend/core/errors';
import { isArchived, loadOrg, type OrgDoc } from '../../backend/core/orgs';
import { pageOf, readPage } from '../../backend/core/paging';
import { action, createRouter } from '../../backend/core/router';
import { enforce } from '../../backend/core/rules';
import { homeOrgIdOf } from '../../backend/core/users';
import { loadEvent } from '../../backend/events/model';
import {
  loadNotice,
  noticeSortKey,
  readKeyOf,
  toNoticeSummary,
  toNoticeView,
  toReviewView,
  type NoticeDoc,
} from '../../backend/notices/model';
import {
  mayPublish,
  noticeCan,
  noticeRules,
  publishRefusal,
  reviewCan,
  reviewRules,
} from '../../backend/notices/rules';
import { checkBody, imagesOf, verifyNewImages } from './content';
import { findReview, hasLiked, likeReview, saveReview } from './reviews';

/** Counts the caller's first reading of a notice: true only for the first (a unique key settles parallel reads). */
async function markRead(notice: NoticeDoc, openid: string): Promise<boolean> {
  try {
    await db
      .collection(COLLECTIONS.noticeReads)
      .add({ data: { _id: readKeyOf(notice._id, openid), noticeId: notice._id, openid, at: new Date() } });
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
  await db
    .collection(COLLECTIONS.notices)
    .doc(notice._id)
    .update({ data: { readCount: _.inc(1) } });
  return true;
}

/** The org whose residents' notices a list shows: the one asked for, else the caller's home. */
async function listOrg(orgId: string | undefined, openid: string): Promise<OrgDoc> {
  if (orgId) return loadOrg(orgId);
  const home = await homeOrgIdOf(openid);
  if (!home) throw precondition('NO_HOME', '请先选择所在社区');
  return loadOrg(home);
}

const router = createRouter('notices', {
  /** Staff/admin publish to an org in their scope; its whole subtree sees it. */
  create: action({
    schema: noticesSchemas.create,
    limit: { max: 30, windowSeconds: 3600 },
    async handler(input, ctx) {
      const [caller, org] = await Promise.all([ctx.caller(), findById<OrgDoc>(COLLECTIONS.orgs, input.orgId)]);
      enforce(publishRefusal(caller, org));
      if (isArchived(org!)) throw precondition('ORG_ARCHIVED', `“${org!.name}”已归档，不能再发布通知`);
      const images = input.images ?? [];
      const allImages = imagesOf(input.body, images);
      await checkText(ctx.openid, 'title', input.title);
      await checkBody(ctx.openid, input.body);
      await verifyNewImages(ctx.openid, allImages);
      const id = crypto.randomBytes(16).toString('hex');
      const now = new Date();
      const pinned = input.pinned ?? false;
      const notice: NoticeDoc = {
        _id: id,
        orgId: org!._id,
        orgName: org!.name,
        ancestors: org!.ancestors,
        kind: input.kind,
        title: input.title,
        body: input.body,
        images,
        pinned,
        status: 'published',
        sortKey: noticeSortKey(pinned, now, id),
        readCount: 0,
        createdBy: ctx.openid,
        createdAt: now,
        updatedBy: ctx.openid,
        updatedAt: now,
      };
      await db.collection(COLLECTIONS.notices).add({ data: notice });
      return { id };
    },
  }),

  /** Edits a notice (staff/admin in scope); new text is checked, new images must be the editor's own uploads. */
  update: action({
    schema: noticesSchemas.update,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const [notice, caller] = await Promise.all([loadNotice(input.id), ctx.caller()]);
      enforce(noticeRules.update(notice, caller));
      const body = input.body ?? notice.body;
      const images = input.images ?? notice.images;
      const allImages = imagesOf(body, images);
      if (input.title !== undefined) await checkText(ctx.openid, 'title', input.title);
      if (input.body !== undefined) await checkBody(ctx.openid, input.body);
      const held = [...notice.body.flatMap((b) => (b.type === 'img' ? [b.fileID] : [])), ...notice.images];
      await verifyNewImages(ctx.openid, allImages, held);
      const pinned = input.pinned ?? notice.pinned;
      const now = new Date();
      const set = {
        kind: input.kind ?? notice.kind,
        title: input.title ?? notice.title,
        pinned,
        sortKey: noticeSortKey(pinned, new Date(notice.createdAt), notice._id),
        updatedBy: ctx.openid,
        updatedAt: now,
      };
      const { stats } = await db
        .collection(COLLECTIONS.notices)
        .where({ _id: notice._id, status: 'published' })
        .update({ data: { ...set, body: _.set(body), images: _.set(images) } });
      if (stats.updated !== 1) throw notFound('通知不存在或已删除'); // removed meanwhile
      const updated: NoticeDoc = { ...notice, ...set, body, images };
      return toNoticeView(updated, noticeCan(updated, caller));
    },
  }),

  /** Removes a notice (staff/admin in scope): from then on it is NOT_FOUND for everyone. Audited. */
  remove: action({
    schema: noticesSchemas.remove,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const [notice, caller] = await Promise.all([loadNotice(input.id), ctx.caller()]);
      enforce(noticeRules.remove(notice, caller));
      const now = new Date();
      await db
        .collection(COLLECTIONS.notices)
        .where({ _id: notice._id, status: 'published' })
        .update({ data: { status: 'removed', removedAt: now, removedBy: ctx.openid, updatedAt: now } });
      await audit({
        actor: ctx.openid,
        action: 'notice.remove',
        targetType: 'notice',
        targetId: notice._id,
        orgId: notice.orgId,
        details: { title: notice.title, kind: notice.kind },
      });
      return { removed: true as const };
    },
  }),

  /**
   * Notices shown to residents of an org (default: the caller's home): its own and its ancestors', pinned first,
   * newest first. `subtree` (staff/admin in scope of `orgId`): everything published under the org.
   */
  list: action({
    schema: noticesSchemas.list,
    async handler(input, ctx) {
      let where: Record<string, unknown>;
      if (input.subtree) {
        if (!input.orgId) throw invalid({ orgId: '请选择组织' });
        const [org, caller] = await Promise.all([loadOrg(input.orgId), ctx.caller()]);
        enforce(mayPublish(caller, org) ? undefined : publishRefusal(caller, undefined));
        where = { ancestors: org._id, status: 'published' };
      } else {
        const org = await listOrg(input.orgId, ctx.openid);
        where = { orgId: _.in(org.ancestors), status: 'published' };
      }
      if (input.kind) where.kind = input.kind;
      const rows = await readPage<NoticeDoc>({
        collection: COLLECTIONS.notices,
        where,
        orderBy: 'sortKey',
        order: 'desc',
        limit: input.limit,
        after: input.cursor,
      });
      return pageOf(rows, toNoticeSummary);
    },
  }),

  /** One notice (anyone: notices are public and shared to chats); the caller's first reading is counted. */
  get: action({
    schema: noticesSchemas.get,
    async handler(input, ctx) {
      const [notice, caller] = await Promise.all([loadNotice(input.id), ctx.caller()]);
      const first = await markRead(notice, ctx.openid);
      const seen = first ? { ...notice, readCount: notice.readCount + 1 } : notice;
      return toNoticeView(seen, noticeCan(seen, caller));
    },
  }),

  /** How many people opened the notice (staff/admin in scope). */
  readers: action({
    schema: noticesSchemas.readers,
    async handler(input, ctx) {
      const [notice, caller] = await Promise.all([loadNotice(input.id), ctx.caller()]);
      enforce(noticeRules.readers(notice, caller));
      return { read: notice.readCount };
    },
  }),

  /** Staff who manage a held event post (or replace) its review: a short text and photos of their own. */
  postReview: action({
    schema: noticesSchemas.postReview,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const [event, caller] = await Promise.all([loadEvent(input.eventId), ctx.caller()]);
      enforce(reviewRules.postReview(event, caller));
      return saveReview(event, ctx.openid, input);
    },
  }),

  /** The event's review, if any, with whether the caller liked it (anyone: events are public). */
  review: action({
    schema: noticesSchemas.review,
    async handler(input, ctx) {
      const [event, review, caller, liked] = await Promise.all([
        loadEvent(input.eventId),
        findReview(input.eventId),
        ctx.caller(),
        hasLiked(input.eventId, ctx.openid),
      ]);
      return { review: review ? toReviewView(review, liked) : null, can: reviewCan(event, caller, Boolean(review)) };
    },
  }),

  /** Likes the event's review, once per person (a repeat answers the same). */
  likeReview: action({
    schema: noticesSchemas.likeReview,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const [event, review, caller] = await Promise.all([
        loadEvent(input.eventId),
        findReview(input.eventId),
        ctx.caller(),
      ]);
      enforce(reviewRules.likeReview(event, caller, Boolean(review)));
      return { likes: await likeReview(event._id, ctx.openid), liked: true as const };
    },
  }),
});

export const main = router;

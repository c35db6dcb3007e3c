import type { NoticeCan, NoticeSummary, NoticeView, ReviewView } from '../../miniprogram/shared/api';
import { bodyText, type NoticeBlock, type NoticeKind } from '../../miniprogram/shared/notices';
import { findById, type Doc } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { notFound } from '../core/errors';
import { toIso } from '../core/time';

/**
 * A notice, a policy item or a guide, published by staff to their org and so shown to its whole subtree. A removed
 * notice is kept (`status: 'removed'`, for the record) but answers NOT_FOUND to everyone.
 */
export interface NoticeDoc extends Doc {
  orgId: string;
  orgName: string;
  /** The org's path from the root, itself included (follows org moves: backend/core/scoped-collections.ts). */
  ancestors: string[];
  kind: NoticeKind;
  title: string;
  body: NoticeBlock[];
  images: string[];
  pinned: boolean;
  status: 'published' | 'removed';
  /** `<1 pinned | 0><createdAt ms base36, padded>-<id>`: lists walk it descending, pinned first, newest first. */
  sortKey: string;
  /** People who opened it, each counted once (`noticeReads`). */
  readCount: number;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
  removedAt?: Date;
  removedBy?: string;
}

/** One person's first reading of a notice: `_id = <noticeId>:<openid>`, so a second reading cannot be stored. */
export interface NoticeReadDoc extends Doc {
  noticeId: string;
  openid: string;
  at: Date;
}

export const readKeyOf = (noticeId: string, openid: string) => `${noticeId}:${openid}`;

export function noticeSortKey(pinned: boolean, createdAt: Date, id: string): string {
  return `${pinned ? 1 : 0}${createdAt.getTime().toString(36).padStart(10, '0')}-${id}`;
}

/** A published notice, or NOT_FOUND (a removed one is gone for everyone). */
export async function loadNotice(id: string): Promise<NoticeDoc> {
  const notice = await findById<NoticeDoc>(COLLECTIONS.notices, id);
  if (!notice || notice.status !== 'published') throw notFound('通知不存在或已删除');
  return notice;
}

/** Every image of a notice, body blocks first: the first one is its cover. */
export function noticeImages(notice: Pick<NoticeDoc, 'body' | 'images'>): string[] {
  const inBody = notice.body.flatMap((b) => (b.type === 'img' ? [b.fileID] : []));
  return [...inBody, ...notice.images];
}

const EXCERPT_LENGTH = 60;

export function toNoticeSummary(notice: NoticeDoc): NoticeSummary {
  const text = bodyText(notice.body).replace(/\s+/g, ' ');
  const summary: NoticeSummary = {
    id: notice._id,
    orgId: notice.orgId,
    orgName: notice.orgName,
    kind: notice.kind,
    title: notice.title,
    excerpt: text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text,
    pinned: notice.pinned,
    createdAt: toIso(notice.createdAt),
    updatedAt: toIso(notice.updatedAt),
  };
  const cover = noticeImages(notice)[0];
  if (cover) summary.cover = cover;
  return summary;
}

export function toNoticeView(notice: NoticeDoc, can: NoticeCan): NoticeView {
  const view: NoticeView = { ...toNoticeSummary(notice), body: notice.body, images: notice.images, can };
  if (can.readers) view.readCount = notice.readCount;
  return view;
}

/**
 * The review of a held event (百家宴 memories): one per event (`_id` = the event's id), written by staff who manage
 * the event, liked by anyone once (`reviewLikes`, `_id = <eventId>:<openid>`).
 */
export interface ReviewDoc extends Doc {
  eventId: string;
  /** The event's org path (follows org moves, after the event itself). */
  ancestors: string[];
  text: string;
  images: string[];
  likes: number;
  postedBy: string;
  postedAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

export const likeKeyOf = (eventId: string, openid: string) => `${eventId}:${openid}`;

export function toReviewView(review: ReviewDoc, liked: boolean): ReviewView {
  return {
    eventId: review.eventId,
    text: review.text,
    images: review.images,
    likes: review.likes,
    liked,
    postedAt: toIso(review.postedAt),
    updatedAt: toIso(review.updatedAt),
  };
}

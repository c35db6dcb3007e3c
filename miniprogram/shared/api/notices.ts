import type { NoticeBlock, NoticeKind } from '../notices';
import type { noticesSchemas } from '../schemas/notices';
import type { In, Page } from './common';

/** Notices, policy outreach and guides, and event reviews (`notices`). */

/** What the caller may do with a notice now (the rules the actions enforce: staff/admin whose scope covers it). */
export interface NoticeCan {
  update: boolean;
  remove: boolean;
  readers: boolean;
}

export interface NoticeSummary {
  id: string;
  orgId: string;
  orgName: string;
  kind: NoticeKind;
  title: string;
  /** The first characters of the body's text. */
  excerpt: string;
  pinned: boolean;
  /** The first image of the notice (body or gallery), for list thumbnails and share cards. */
  cover?: string;
  createdAt: string;
  updatedAt: string;
}

export interface NoticeView extends NoticeSummary {
  body: NoticeBlock[];
  images: string[];
  /** People who opened it (only for callers who may see `readers`). */
  readCount?: number;
  can: NoticeCan;
}

export interface ReviewCan {
  postReview: boolean;
  likeReview: boolean;
}

export interface ReviewView {
  eventId: string;
  text: string;
  images: string[];
  likes: number;
  /** The caller has liked it. */
  liked: boolean;
  postedAt: string;
  updatedAt: string;
}

export interface NoticesApi {
  create: { req: In<typeof noticesSchemas.create>; res: { id: string } };
  update: { req: In<typeof noticesSchemas.update>; res: NoticeView };
  remove: { req: In<typeof noticesSchemas.remove>; res: { removed: true } };
  list: { req: In<typeof noticesSchemas.list>; res: Page<NoticeSummary> };
  get: { req: In<typeof noticesSchemas.get>; res: NoticeView };
  readers: { req: In<typeof noticesSchemas.readers>; res: { read: number } };
  postReview: { req: In<typeof noticesSchemas.postReview>; res: ReviewView };
  review: { req: In<typeof noticesSchemas.review>; res: { review: ReviewView | null; can: ReviewCan } };
  likeReview: { req: In<typeof noticesSchemas.likeReview>; res: { likes: number; liked: true } };
}

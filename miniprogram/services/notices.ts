import type { ReqOf } from '../shared/api';
import { callCloud } from './cloud';
import { imageUrls } from './images';

/** Notices of the user's home (or of `orgId`), pinned first; with `subtree`, everything staff published under it. */
export const listNotices = (req: ReqOf<'notices', 'list'>) => callCloud('notices', 'list', req);

/** One notice; the user's first opening of it is counted. */
export const getNotice = (id: string) => callCloud('notices', 'get', { id });

/** Staff: publish to an org of their scope (its whole subtree sees it). */
export const createNotice = (req: ReqOf<'notices', 'create'>) => callCloud('notices', 'create', req);

export const updateNotice = (req: ReqOf<'notices', 'update'>) => callCloud('notices', 'update', req);

export const removeNotice = (id: string) => callCloud('notices', 'remove', { id });

/** Staff: how many people opened it. */
export const noticeReaders = (id: string) => callCloud('notices', 'readers', { id });

/** The review of an event (百家宴 memories), whether the user liked it, and whether they may post one. */
export const getReview = (eventId: string) => callCloud('notices', 'review', { eventId });

export const postReview = (req: ReqOf<'notices', 'postReview'>) => callCloud('notices', 'postReview', req);

/** Likes the review once (a repeat changes nothing). */
export const likeReview = (eventId: string) => callCloud('notices', 'likeReview', { eventId });

/** URLs to show notice and review photos ('' where none is available: locally, see transports/storage.ts). */
export const noticeImageUrls = imageUrls;

import type { ReviewView } from '../../miniprogram/shared/api';
import { _, db, findById, isDuplicateKey } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { checkText } from '../../backend/core/content';
import type { EventDoc } from '../../backend/events/model';
import { likeKeyOf, toReviewView, type ReviewDoc } from '../../backend/notices/model';
import { verifyNewImages } from './content';

export async function findReview(eventId: string): Promise<ReviewDoc | undefined> {
  return findById<ReviewDoc>(COLLECTIONS.eventReviews, eventId);
}

export async function hasLiked(eventId: string, openid: string): Promise<boolean> {
  return Boolean(await findById(COLLECTIONS.reviewLikes, likeKeyOf(eventId, openid)));
}

/** Writes the event's one review (or replaces its text and photos), after the content and photo checks. */
export async function saveReview(
  event: EventDoc,
  openid: string,
  input: { text: string; images?: string[] },
): Promise<ReviewView> {
  const existing = await findReview(event._id);
  const images = input.images ?? [];
  await checkText(openid, 'text', input.text);
  await verifyNewImages(
    openid,
    images.map((fileID, i) => ({ fileID, field: `images.${i}` })),
    existing?.images,
  );
  const now = new Date();
  const change = { text: input.text, images: _.set(images), updatedBy: openid, updatedAt: now };
  if (!existing) {
    const review: ReviewDoc = {
      _id: event._id,
      eventId: event._id,
      ancestors: event.ancestors,
      text: input.text,
      images,
      likes: 0,
      postedBy: openid,
      postedAt: now,
      updatedBy: openid,
      updatedAt: now,
    };
    try {
      await db.collection(COLLECTIONS.eventReviews).add({ data: review });
      return toReviewView(review, false);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // posted a moment earlier by another call: replace it
    }
  }
  await db.collection(COLLECTIONS.eventReviews).doc(event._id).update({ data: change });
  const saved = (await findReview(event._id))!;
  return toReviewView(saved, await hasLiked(event._id, openid));
}

/** Likes the review once per person: a repeat (or a racing double tap) changes nothing. */
export async function likeReview(eventId: string, openid: string): Promise<number> {
  try {
    await db
      .collection(COLLECTIONS.reviewLikes)
      .add({ data: { _id: likeKeyOf(eventId, openid), eventId, openid, at: new Date() } });
    await db
      .collection(COLLECTIONS.eventReviews)
      .doc(eventId)
      .update({ data: { likes: _.inc(1) } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return (await findReview(eventId))?.likes ?? 0;
}

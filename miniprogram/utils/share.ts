import { currentMe } from '../services/session';
import { setHome } from '../services/users';
import { pageUrl, type PagePath } from '../shared/routes';
import { toast } from './feedback';

/**
 * Sharing to a chat (`onShareAppMessage`) and to Moments (`onShareTimeline`), the one pattern of every shareable
 * page (events, notices, guides). A card opens the very page with its id and `from`: the sharer's home community.
 * The landing page calls `adoptSharedCommunity(from)`: a user with no home community yet gets the sharer's (as a
 * scanned community code would give it), so that the lists and 首页 they see next are of the community that the
 * group is about; a user who has a home keeps it.
 */

export interface ShareCard {
  title: string;
  /** A cloud fileID or a URL; none: WeChat shows a picture of the page itself (chat) or the app's logo (Moments). */
  imageUrl?: string;
}

/** The sharer's home community, to send along as `from` (undefined before they have one). */
export async function shareFrom(): Promise<string | undefined> {
  try {
    return (await currentMe()).home?.communityId;
  } catch {
    return undefined;
  }
}

/** `onShareAppMessage`'s answer: `page` with `query` and `from`. */
export function chatShare(card: ShareCard, page: PagePath, query: Record<string, string | undefined>) {
  return { title: card.title, path: pageUrl(page, query), ...(card.imageUrl ? { imageUrl: card.imageUrl } : {}) };
}

/** `onShareTimeline`'s answer: Moments take the query alone (the page is the one shared). */
export function timelineShare(card: ShareCard, query: Record<string, string | undefined>) {
  const pairs = Object.entries(query)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${encodeURIComponent(value!)}`);
  return { title: card.title, query: pairs.join('&'), ...(card.imageUrl ? { imageUrl: card.imageUrl } : {}) };
}

/**
 * A shared card was opened: a user with no home community yet takes the sharer's. Nothing happens for a user with
 * a home, or when it fails (the page shows the shared thing either way).
 */
export async function adoptSharedCommunity(from: string | undefined): Promise<void> {
  if (!from) return;
  try {
    const me = await currentMe();
    if (me.home) return;
    const { home } = await setHome(from);
    toast(`已进入${home.communityName}`);
  } catch {
    // The card still shows what was shared.
  }
}

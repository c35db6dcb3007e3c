import type { ReqOf } from '../shared/api';
import { PAGES, TAB_PAGES } from '../shared/routes';
import { callCloud } from './cloud';

/** The caller's own messages, newest first (`unreadOnly`: the unread ones). */
export const listMessages = (req: ReqOf<'messages', 'list'>) => callCloud('messages', 'list', req);

export const unreadCount = () => callCloud('messages', 'unreadCount', {});

export const markRead = (req: ReqOf<'messages', 'markRead'>) => callCloud('messages', 'markRead', req);

/**
 * Fetches the unread count and shows it as the 我的 tab's badge (removed at zero). The badge is a hint: a failed
 * count or a page without the tab bar leaves it as it was. Resolves with the count (0 when unknown).
 */
export async function syncUnreadBadge(): Promise<number> {
  let count: number;
  try {
    count = (await unreadCount()).count;
  } catch {
    return 0;
  }
  const index = TAB_PAGES.indexOf(PAGES.me);
  const noop = () => undefined;
  if (count > 0) wx.setTabBarBadge({ index, text: count > 99 ? '99+' : String(count), fail: noop });
  else wx.removeTabBarBadge({ index, fail: noop });
  return count;
}

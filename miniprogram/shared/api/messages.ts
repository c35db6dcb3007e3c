import type { MessageType } from '../messages';
import type { messagesSchemas } from '../schemas/messages';
import type { In, Page } from './common';

/** The in-app message centre (`messages`): each caller reads and marks only their own messages. */

export interface MessageView {
  id: string;
  type: MessageType;
  title: string;
  body: string;
  /** A page's URL with its query (a request's detail page), opened when the message is tapped. */
  link: string;
  read: boolean;
  at: string;
}

export interface MessagesApi {
  list: { req: In<typeof messagesSchemas.list>; res: Page<MessageView> };
  unreadCount: { req: In<typeof messagesSchemas.unreadCount>; res: { count: number } };
  markRead: { req: In<typeof messagesSchemas.markRead>; res: { updated: number } };
}

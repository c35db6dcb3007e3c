import type { MessageView } from '../../miniprogram/shared/api';
import { toIso } from '../core/time';
import type { MessageDoc } from './send';

export function toMessageView(doc: MessageDoc): MessageView {
  return {
    id: doc._id,
    type: doc.type,
    title: doc.title,
    body: doc.body,
    link: doc.link,
    read: doc.read,
    at: toIso(doc.at),
  };
}

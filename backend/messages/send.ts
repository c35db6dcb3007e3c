import crypto from 'node:crypto';
import type { MessageType } from '../../miniprogram/shared/messages';
import type { Role } from '../../miniprogram/shared/orgs';
import { _, db, isDuplicateKey, type Doc } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import type { Grant } from '../core/identity';

/** A message of the in-app message centre, owned by one user (`openid`); only they read or mark it. */
export interface MessageDoc extends Doc {
  openid: string;
  type: MessageType;
  title: string;
  body: string;
  link: string;
  read: boolean;
  at: Date;
  /** Newest first, unique: `<at ms base36, padded>-<id>`; the index key of the list and its cursor. */
  sortKey: string;
}

export interface NewMessage {
  type: MessageType;
  title: string;
  body: string;
  link: string;
}

/**
 * Puts a message in each recipient's message centre. With `eventKey` (what happened, e.g. `<requestId>:3` for the
 * request's third timeline entry) each message's id is derived from the event and the recipient, so a retried step
 * or two overlapping timer runs cannot double it. A failure is logged and never breaks the change that caused it.
 */
export async function sendMessages(recipients: string[], message: NewMessage, eventKey?: string): Promise<number> {
  const now = new Date();
  let sent = 0;
  for (const openid of new Set(recipients)) {
    const id = eventKey
      ? crypto.createHash('sha256').update(`${eventKey}\0${openid}`).digest('hex').slice(0, 32)
      : crypto.randomBytes(16).toString('hex');
    const doc: MessageDoc = {
      _id: id,
      openid,
      ...message,
      title: message.title.slice(0, 40),
      body: message.body.slice(0, 200),
      read: false,
      at: now,
      sortKey: `${now.getTime().toString(36).padStart(10, '0')}-${id}`,
    };
    try {
      await db.collection(COLLECTIONS.messages).add({ data: doc });
      sent++;
    } catch (err) {
      if (!isDuplicateKey(err)) console.warn(`messages.send failed: ${String((err as Error)?.message ?? err)}`);
    }
  }
  return sent;
}

/**
 * Who holds one of `roles` on exactly one of the orgs `at` (not above, not below). `anchorId` is an org whose
 * subtree holds them all (the grants' ancestors index finds them with one read).
 */
export async function grantHolders(
  anchorId: string,
  at: { orgId: string; roles: readonly Role[] }[],
): Promise<string[]> {
  const roles = [...new Set(at.flatMap((a) => a.roles))];
  const { data } = await db
    .collection(COLLECTIONS.grants)
    .where({ ancestors: anchorId, role: _.in(roles) })
    .limit(1000)
    .get();
  return (data as Grant[])
    .filter((g) => at.some((a) => a.orgId === g.orgId && a.roles.includes(g.role)))
    .map((g) => g.openid);
}

import type { Role } from '../../miniprogram/shared/orgs';
import { db, type Doc } from './cloud';
import { COLLECTIONS } from './collections';
import { newCode } from './ids';

/**
 * An invite: a one-time code that gives `role` on `orgId`. It is identified by its id (the target of its QR scene,
 * `inviteId` in the API) and redeemed by its code, a bearer secret that the QR hands out (qr.resolve).
 */
export interface InviteDoc extends Doc {
  code: string;
  scene: string;
  role: Role;
  orgId: string;
  orgName: string;
  ancestors: string[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  usedBy: string | null;
  /** Set by users.revokeInvite: the code and the QR stop working. Absent on invites made before revocation existed. */
  revokedAt?: Date | null;
  revokedBy?: string;
}

/**
 * Replaces the code of an unused invite. Called whenever an existing invite gets a new scene (qr.rotate): the old
 * QR handed out the old code, so rotating a leaked QR must kill that code too. The old code is then unknown
 * (`NOT_FOUND` on redeem), as a rotated scene is.
 */
export async function reissueInviteCode(inviteId: string): Promise<void> {
  await db
    .collection(COLLECTIONS.invites)
    .where({ _id: inviteId, usedBy: null })
    .update({ data: { code: newCode(), codeIssuedAt: new Date() } });
}

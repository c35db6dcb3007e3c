import crypto from 'node:crypto';
import type * as v from 'valibot';
import type { HouseholdCard } from '../../miniprogram/shared/api';
import type { householdsSchemas } from '../../miniprogram/shared/schemas/households';
import { audit } from '../../backend/core/audit';
import { _, db } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { notFound, precondition } from '../../backend/core/errors';
import type { Caller } from '../../backend/core/identity';
import { loadOrgs } from '../../backend/core/orgs';
import { blindIndex } from '../../backend/core/pii';
import type { RequestContext } from '../../backend/core/router';
import { enforce } from '../../backend/core/rules';
import { toIso } from '../../backend/core/time';
import { householdInScope, membersOf, type HouseholdDoc, type MemberDoc } from '../../backend/households/model';
import { memberRules } from '../../backend/households/rules';
import { toHouseholdCard } from '../../backend/households/views';

/**
 * How a resident gets their own household card: the grid worker, face to face, issues a one-time claim code for
 * the resident's member record (8 characters, valid 3 days, only its keyed hash is stored); the resident types it
 * in, and the record is linked to their openid. A phone number typed into a profile proves nothing, so phones are
 * never used for linking.
 */

const CLAIM_TTL_DAYS = 3;
// No 0/O, 1/I: read aloud or copied from a screen, they get mixed up.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const claimHashOf = (code: string) => blindIndex(`claim:${code}`);

function newClaimCode(): string {
  const bytes = crypto.randomBytes(8);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

type ClaimCodeInput = v.InferOutput<typeof householdsSchemas.claimCode>;

export async function issueClaimCode(
  input: ClaimCodeInput,
  ctx: RequestContext,
  caller: Caller,
): Promise<{ code: string; expiresAt: string }> {
  const household = await householdInScope(caller, input.id);
  const { data } = await db
    .collection(COLLECTIONS.householdMembers)
    .where({ _id: input.memberId, householdId: household._id })
    .limit(1)
    .get();
  const member = data[0] as MemberDoc | undefined;
  if (!member) throw notFound('成员不存在');
  enforce(memberRules.claimCode(household, member));
  const code = newClaimCode();
  const expiresAt = new Date(Date.now() + CLAIM_TTL_DAYS * 86400_000);
  await db
    .collection(COLLECTIONS.householdMembers)
    .doc(input.memberId)
    .update({ data: { claimHash: claimHashOf(code), claimExpiresAt: expiresAt } });
  await audit({
    actor: ctx.openid,
    action: 'household.claimCode',
    targetType: 'householdMember',
    targetId: input.memberId,
    orgId: household.gridId,
  });
  return { code, expiresAt: toIso(expiresAt) };
}

async function cardsFor(selves: MemberDoc[]): Promise<HouseholdCard[]> {
  if (selves.length === 0) return [];
  const ids = selves.map((m) => m.householdId);
  const { data } = await db
    .collection(COLLECTIONS.households)
    .where({ _id: _.in(ids), status: 'active' })
    .limit(ids.length)
    .get();
  const households = data as HouseholdDoc[];
  const grids = await loadOrgs(households.map((h) => h.gridId));
  const cards: HouseholdCard[] = [];
  for (const h of households) {
    const self = selves.find((m) => m.householdId === h._id)!;
    cards.push(toHouseholdCard(h, await membersOf(h._id), self, grids.get(h.gridId)));
  }
  return cards;
}

/** Links the caller to the member record the code was issued for; the code works once. */
export async function claimMember(code: string, ctx: RequestContext): Promise<HouseholdCard> {
  const hash = claimHashOf(code);
  const { data } = await db.collection(COLLECTIONS.householdMembers).where({ claimHash: hash }).limit(1).get();
  const member = data[0] as MemberDoc | undefined;
  if (!member || member.status !== 'active') throw notFound('认领码无效');
  if (!member.claimExpiresAt || new Date(member.claimExpiresAt).getTime() < Date.now())
    throw precondition('CLAIM_EXPIRED', '认领码已过期，请联系网格员重新获取');
  // Single use even under a race: only the call that still finds the hash wins.
  const { stats } = await db
    .collection(COLLECTIONS.householdMembers)
    .where({ _id: member._id, claimHash: hash })
    .update({
      data: { openid: ctx.openid, claimHash: null, claimExpiresAt: null, linkedAt: new Date() },
    });
  if (stats.updated !== 1) throw notFound('认领码无效');
  // A person is one member: an older link (a household they left without being moved out) gives way to this one.
  const { stats: unlinked } = await db
    .collection(COLLECTIONS.householdMembers)
    .where({ openid: ctx.openid, _id: _.neq(member._id) })
    .update({ data: { openid: null } });
  await audit({
    actor: ctx.openid,
    action: 'household.claim',
    targetType: 'householdMember',
    targetId: member._id,
    orgId: member.gridId,
    ...(unlinked.updated ? { details: { replacedLinks: unlinked.updated } } : {}),
  });
  const [card] = await cardsFor([{ ...member, openid: ctx.openid }]);
  if (!card) throw notFound('认领码无效');
  return card;
}

/** The caller's own household(s), as claimed. */
export async function myHouseholds(openid: string): Promise<HouseholdCard[]> {
  const { data } = await db.collection(COLLECTIONS.householdMembers).where({ openid, status: 'active' }).limit(5).get();
  return cardsFor(data as MemberDoc[]);
}

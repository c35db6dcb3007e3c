import crypto from 'node:crypto';
import type { HouseholdView } from '../../miniprogram/shared/api';
import { householdsSchemas, idMismatch } from '../../miniprogram/shared/schemas/households';
import { audit } from '../../backend/core/audit';
import { _, db, findById } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { invalid, notFound } from '../../backend/core/errors';
import { can, type Caller } from '../../backend/core/identity';
import { loadActiveOrg, loadOrg, type OrgDoc } from '../../backend/core/orgs';
import { decrypt } from '../../backend/core/pii';
import { rateLimit } from '../../backend/core/ratelimit';
import { createOnce, type Replay } from '../../backend/core/replay';
import { action, createRouter } from '../../backend/core/router';
import { enforce } from '../../backend/core/rules';
import { refreshDuplicates } from '../../backend/households/duplicates';
import { memberChanges, memberDoc, newId } from '../../backend/households/members';
import {
  HOUSEHOLD_NOT_FOUND,
  assertGridInScope,
  SCOPE_ROLES,
  householdInScope,
  membersOf,
  refreshHousehold,
  type HouseholdDoc,
  type MemberDoc,
} from '../../backend/households/model';
import { addrKeyOf, writeHousehold, type CreateInput } from '../../backend/households/register';
import { householdActive, householdRules, memberRules } from '../../backend/households/rules';
import { countHouseholdChange } from '../../backend/stats/hooks';
import { claimMember, issueClaimCode, myHouseholds } from './claims';
import { householdView } from './common';
import { listHouseholds } from './list';
import { addVisit, listVisits } from './visits';

/** A household id derived from the caller and their client token, so that a double tap creates one household. */
function idForToken(openid: string, token: string): string {
  return crypto.createHash('sha256').update(`${openid}\u0000${token}`).digest('hex').slice(0, 32);
}

function memberOf(members: MemberDoc[], memberId: string): MemberDoc {
  const m = members.find((x) => x._id === memberId);
  if (!m) throw notFound('成员不存在');
  return m;
}

/** Writes a new household (backend/households/register.ts) and answers with it as the caller sees it. */
async function registerHousehold(
  input: CreateInput,
  openid: string,
  caller: Caller,
  grid: OrgDoc,
  _id: string,
): Promise<HouseholdView> {
  const { household, members, flagged } = await writeHousehold(input, openid, grid, _id);
  return householdView(caller, household, flagged ? undefined : members);
}

export const main = createRouter('households', {
  /**
   * Registers a household and its members in a grid; the door code (scene) is created with it. A repeated
   * `clientToken` answers with the household it created, if the caller may still see it (else NOT_FOUND).
   */
  create: action({
    schema: householdsSchemas.create,
    async handler(input, ctx) {
      const [caller, grid] = await Promise.all([ctx.caller(), loadActiveOrg(input.gridId)]);
      assertGridInScope(caller, grid);
      const { clientToken } = input;
      const _id = clientToken ? idForToken(ctx.openid, clientToken) : newId();
      const replay: Replay<HouseholdDoc> | undefined = clientToken
        ? {
            find: () => findById<HouseholdDoc>(COLLECTIONS.households, _id),
            visible: (h) => can(caller, SCOPE_ROLES, h.ancestors),
            notFoundMessage: HOUSEHOLD_NOT_FOUND,
          }
        : undefined;
      return createOnce(
        replay,
        (earlier) => householdView(caller, earlier),
        async () => {
          // Limited here rather than by the router: a repeat of one token counts once.
          await rateLimit(ctx.openid, 'households.create', 120, 3600, { token: clientToken });
          return registerHousehold(input, ctx.openid, caller, grid, _id);
        },
      );
    },
  }),

  /** One household with its members (masked), completeness and what is missing, and duplicate flags. */
  get: action({
    schema: householdsSchemas.get,
    async handler(input, ctx) {
      const caller = await ctx.caller();
      return householdView(caller, await householdInScope(caller, input.id));
    },
  }),

  /** A grid's (or a community's) households by address, by tag, or found by a member's name. */
  list: action({
    schema: householdsSchemas.list,
    async handler(input, ctx) {
      return listHouseholds(input, await ctx.caller());
    },
  }),

  /** Address, housing type and tags. */
  update: action({
    schema: householdsSchemas.update,
    limit: { max: 300, windowSeconds: 3600 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const household = await householdInScope(caller, input.id);
      enforce(householdRules.update(household));
      const set: Partial<HouseholdDoc> = {};
      if (input.address)
        Object.assign(set, { address: input.address, addrKey: addrKeyOf(input.address, household._id) });
      if (input.housing !== undefined) set.housing = input.housing || null;
      if (input.tags) set.tags = input.tags;
      const members = await membersOf(household._id);
      // _.set replaces the whole address: a plain object would be merged field by field, keeping a removed 小区.
      const write = input.address ? { ...set, address: _.set(input.address) } : set;
      const updated = await refreshHousehold({ ...household, ...set }, members, write);
      await countHouseholdChange({ household, members }, { household: updated, members });
      return householdView(caller, updated, members);
    },
  }),

  /** Adds a member; an ID number already registered elsewhere is flagged as a duplicate. */
  addMember: action({
    schema: householdsSchemas.addMember,
    limit: { max: 300, windowSeconds: 3600 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const household = await householdInScope(caller, input.id);
      const members = await membersOf(household._id);
      enforce(householdRules.addMember(household, members));
      const active = members.filter((m) => m.status === 'active');
      const doc = memberDoc(input.member, household, new Date());
      if (doc.idNumberHash && active.some((m) => m.idNumberHash === doc.idNumberHash)) {
        throw invalid({ 'member.idNumber': '与同户其他成员的身份证号重复' });
      }
      await db.collection(COLLECTIONS.householdMembers).add({ data: doc as unknown as Record<string, unknown> });
      const flagged = await refreshDuplicates([doc.idNumberHash]);
      const all = flagged ? await membersOf(household._id) : [...members, doc];
      const updated = await refreshHousehold(household, all);
      await countHouseholdChange({ household, members }, { household: updated, members: all });
      return householdView(caller, updated, all);
    },
  }),

  /** Changes a member; gender and birth date are checked against the (stored or new) ID number. */
  updateMember: action({
    schema: householdsSchemas.updateMember,
    limit: { max: 300, windowSeconds: 3600 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const household = await householdInScope(caller, input.id);
      enforce(householdActive(household));
      const members = await membersOf(household._id);
      const current = memberOf(members, input.memberId);
      enforce(memberRules.update(household, current));
      const patch = input.member;
      if (!patch.idNumber && patch.idNumber !== '' && current.idNumberEnc && (patch.gender || patch.birthDate)) {
        const mismatch = idMismatch({
          idNumber: decrypt(current.idNumberEnc),
          gender: patch.gender,
          birthDate: patch.birthDate || undefined,
        });
        if (mismatch.gender) throw invalid({ 'member.gender': mismatch.gender });
        if (mismatch.birthDate) throw invalid({ 'member.birthDate': mismatch.birthDate });
      }
      if (patch.idNumber && !patch.gender) {
        const mismatch = idMismatch({ idNumber: patch.idNumber, gender: current.gender });
        if (mismatch.gender) throw invalid({ 'member.gender': mismatch.gender });
      }
      const set = memberChanges(patch, current);
      if (
        set.idNumberHash &&
        members.some((m) => m._id !== current._id && m.status === 'active' && m.idNumberHash === set.idNumberHash)
      ) {
        throw invalid({ 'member.idNumber': '与同户其他成员的身份证号重复' });
      }
      await db
        .collection(COLLECTIONS.householdMembers)
        .doc(current._id)
        .update({ data: { ...set, updatedAt: new Date() } });
      const flagged =
        set.idNumberHash !== undefined && (await refreshDuplicates([current.idNumberHash, set.idNumberHash]));
      const all = flagged
        ? await membersOf(household._id)
        : members.map((m) => (m._id === current._id ? { ...m, ...set } : m));
      const updated = await refreshHousehold(household, all);
      await countHouseholdChange({ household, members }, { household: updated, members: all });
      return householdView(caller, updated, all);
    },
  }),

  /** A member leaves the household, or (without memberId) the whole household leaves: its door code stops working. */
  moveOut: action({
    schema: householdsSchemas.moveOut,
    limit: { max: 60, windowSeconds: 3600 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const household = await householdInScope(caller, input.id);
      enforce(householdActive(household));
      const members = await membersOf(household._id);
      const now = new Date();
      const gone = {
        status: 'moved_out',
        movedOutAt: now,
        moveOutReason: input.reason,
        duplicate: false,
        updatedAt: now,
      };
      let leaving: MemberDoc[];
      let extra: Partial<HouseholdDoc> = {};
      if (input.memberId) {
        const member = memberOf(members, input.memberId);
        enforce(memberRules.moveOut(household, member));
        leaving = [member];
        await db.collection(COLLECTIONS.householdMembers).doc(member._id).update({ data: gone });
      } else {
        enforce(householdRules.moveOut(household));
        leaving = members.filter((m) => m.status === 'active');
        await db
          .collection(COLLECTIONS.householdMembers)
          .where({ householdId: household._id, status: 'active' })
          .update({ data: gone });
        await db
          .collection(COLLECTIONS.qrScenes)
          .doc(household.scene)
          .update({ data: { revokedAt: now } });
        extra = { status: 'moved_out', movedOutAt: now, moveOutReason: input.reason };
      }
      await refreshDuplicates(leaving.map((m) => m.idNumberHash));
      const all = members.map((m) => (leaving.includes(m) ? ({ ...m, ...gone } as MemberDoc) : m));
      const updated = await refreshHousehold({ ...household, ...extra }, all, extra);
      await countHouseholdChange({ household, members }, { household: updated, members: all });
      await audit({
        actor: ctx.openid,
        action: input.memberId ? 'household.member.moveOut' : 'household.moveOut',
        targetType: input.memberId ? 'householdMember' : 'household',
        targetId: input.memberId ?? household._id,
        orgId: household.gridId,
        reason: input.reason,
      });
      return householdView(caller, updated, all);
    },
  }),

  /** Hands the household to another grid (in this or another community); its records follow, audited. */
  transfer: action({
    schema: householdsSchemas.transfer,
    limit: { max: 60, windowSeconds: 3600 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const household = await householdInScope(caller, input.id);
      enforce(householdRules.transfer(household));
      const target = await loadOrg(input.toGridId);
      if (target.level !== 'grid') throw invalid({ toGridId: '只能转到网格' });
      if (target._id === household.gridId) throw invalid({ toGridId: '已在该网格' });
      const moved = { gridId: target._id, communityId: target.parentId ?? target._id, ancestors: target.ancestors };
      const address = input.address ?? household.address;
      await db
        .collection(COLLECTIONS.households)
        .doc(household._id)
        .update({
          data: {
            ...moved,
            ancestors: _.set(target.ancestors),
            address: _.set(address),
            addrKey: addrKeyOf(address, household._id),
            updatedAt: new Date(),
          },
        });
      await db
        .collection(COLLECTIONS.householdMembers)
        .where({ householdId: household._id })
        .update({ data: { ...moved, ancestors: _.set(target.ancestors) } });
      await db
        .collection(COLLECTIONS.householdVisits)
        .where({ householdId: household._id })
        .update({ data: { ...moved, ancestors: _.set(target.ancestors) } });
      const members = await membersOf(household._id);
      await countHouseholdChange({ household, members }, { household: { ...household, ...moved }, members });
      await audit({
        actor: ctx.openid,
        action: 'household.transfer',
        targetType: 'household',
        targetId: household._id,
        orgId: target._id,
        reason: input.reason,
        details: { fromGridId: household.gridId },
      });
      return householdView(caller, { ...household, ...moved, address, addrKey: addrKeyOf(address, household._id) });
    },
  }),

  /** The full ID number or phone of one member, for a stated reason; in scope only, and written to the audit log. */
  reveal: action({
    schema: householdsSchemas.reveal,
    limit: { max: 30, windowSeconds: 3600 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const household = await householdInScope(caller, input.id);
      const { data } = await db
        .collection(COLLECTIONS.householdMembers)
        .where({ _id: input.memberId, householdId: household._id })
        .limit(1)
        .get();
      const member = data[0] as MemberDoc | undefined;
      if (!member) throw notFound('成员不存在');
      const rule = input.field === 'idNumber' ? memberRules.revealIdNumber : memberRules.revealPhone;
      enforce(rule(household, member));
      const sealed = (input.field === 'idNumber' ? member.idNumberEnc : member.phoneEnc)!;
      await audit({
        actor: ctx.openid,
        action: 'household.reveal',
        targetType: 'householdMember',
        targetId: member._id,
        orgId: household.gridId,
        reason: input.reason,
        details: { field: input.field, householdId: household._id },
      });
      return { value: decrypt(sealed) };
    },
  }),

  addVisit: action({
    schema: householdsSchemas.addVisit,
    limit: { max: 120, windowSeconds: 3600 },
    async handler(input, ctx) {
      return addVisit(input, ctx, await ctx.caller());
    },
  }),

  visits: action({
    schema: householdsSchemas.visits,
    async handler(input, ctx) {
      return listVisits(input, ctx, await ctx.caller());
    },
  }),

  claimCode: action({
    schema: householdsSchemas.claimCode,
    limit: { max: 30, windowSeconds: 3600 },
    async handler(input, ctx) {
      return issueClaimCode(input, ctx, await ctx.caller());
    },
  }),

  claim: action({
    schema: householdsSchemas.claim,
    limit: { max: 10, windowSeconds: 600 },
    async handler(input, ctx) {
      return claimMember(input.code, ctx);
    },
  }),

  mine: action({
    schema: householdsSchemas.mine,
    async handler(_input, ctx) {
      return { items: await myHouseholds(ctx.openid) };
    },
  }),
});

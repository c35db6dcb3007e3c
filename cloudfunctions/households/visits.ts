import crypto from 'node:crypto';
import type * as v from 'valibot';
import type { Page, VisitView } from '../../miniprogram/shared/api';
import type { RequestCategory } from '../../miniprogram/shared/categories';
import type { householdsSchemas } from '../../miniprogram/shared/schemas/households';
import { _, db, findById, type Doc } from '../../backend/core/cloud';
import { invalid, precondition } from '../../backend/core/errors';
import type { Caller } from '../../backend/core/identity';
import { loadOrg } from '../../backend/core/orgs';
import { decrypt } from '../../backend/core/pii';
import type { RequestContext } from '../../backend/core/router';
import { toIso } from '../../backend/core/time';
import {
  HOUSEHOLDS,
  MEMBERS,
  VISITS,
  householdInScope,
  type MemberDoc,
  type VisitDoc,
} from '../../backend/households/model';
import { createRequest } from '../../backend/requests/create';

type AddVisitInput = v.InferOutput<typeof householdsSchemas.addVisit>;
type VisitsInput = v.InferOutput<typeof householdsSchemas.visits>;

function toVisitView(visit: VisitDoc, viewer: string): VisitView {
  const view: VisitView = {
    id: visit._id,
    at: toIso(visit.at),
    mine: visit.by === viewer,
    notes: visit.notes,
    needs: visit.needs as RequestCategory[],
  };
  if (visit.byName) view.byName = visit.byName;
  if (visit.requestId) view.requestId = visit.requestId;
  return view;
}

/**
 * A visit (走访) to a household, optionally opening a service request on its behalf. The request belongs to the
 * member it is for when that member has claimed their record (so they follow it and are notified), otherwise to the
 * grid worker; it is tied to the household either way, and its timeline says who opened it and when.
 */
export async function addVisit(input: AddVisitInput, ctx: RequestContext, caller: Caller): Promise<VisitView> {
  const household = await householdInScope(caller, input.id);
  if (household.status !== 'active') throw precondition('HOUSEHOLD_MOVED_OUT', '该住户已迁出');
  const user = await findById<Doc & { profile?: { name?: string } }>('users', ctx.openid);
  const byName = user?.profile?.name ?? null;
  let requestId: string | null = null;
  if (input.openRequest) {
    const { memberId, category, description } = input.openRequest;
    let member: MemberDoc | undefined;
    if (memberId) {
      const { data } = await db
        .collection(MEMBERS)
        .where({ _id: memberId, householdId: household._id, status: 'active' })
        .limit(1)
        .get();
      member = data[0] as MemberDoc | undefined;
      if (!member) throw invalid({ 'openRequest.memberId': '该成员不在本户' });
    }
    const request = await createRequest({
      requesterOpenid: member?.openid ?? ctx.openid,
      ...(byName ? { requesterName: byName } : {}),
      org: await loadOrg(household.gridId),
      category,
      description,
      ...(member ? { contactName: member.name } : {}),
      ...(member?.phoneEnc ? { contactPhone: decrypt(member.phoneEnc) } : {}),
      householdId: household._id,
      note: byName ? `网格员${byName}走访时代为提交` : '网格员走访时代为提交',
    });
    requestId = request._id;
  }
  const at = new Date();
  const _id = crypto.randomBytes(16).toString('hex');
  const visit: VisitDoc = {
    _id,
    householdId: household._id,
    gridId: household.gridId,
    communityId: household.communityId,
    ancestors: household.ancestors,
    by: ctx.openid,
    byName,
    at,
    sortKey: `${String(at.getTime()).padStart(15, '0')}\u0001${_id}`,
    notes: input.notes,
    needs: input.needs ?? [],
    requestId,
  };
  await db.collection(VISITS).add({ data: visit });
  await db
    .collection(HOUSEHOLDS)
    .doc(household._id)
    .update({ data: { visitCount: _.inc(1), lastVisitAt: at } });
  return toVisitView(visit, ctx.openid);
}

/** A household's visits, newest first. */
export async function listVisits(input: VisitsInput, ctx: RequestContext, caller: Caller): Promise<Page<VisitView>> {
  const household = await householdInScope(caller, input.id);
  const limit = input.limit ?? 20;
  const where: Record<string, unknown> = { householdId: household._id };
  if (input.cursor) where.sortKey = _.lt(input.cursor);
  const { data } = await db
    .collection(VISITS)
    .where(where)
    .orderBy('sortKey', 'desc')
    .limit(limit + 1)
    .get();
  const page = (data as VisitDoc[]).slice(0, limit);
  return {
    items: page.map((v) => toVisitView(v, ctx.openid)),
    nextCursor: data.length > limit ? page[page.length - 1].sortKey : null,
  };
}

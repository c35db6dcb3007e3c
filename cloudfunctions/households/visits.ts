import crypto from 'node:crypto';
import type * as v from 'valibot';
import type { Page, VisitView } from '../../miniprogram/shared/api';
import type { RequestCategory } from '../../miniprogram/shared/categories';
import type { householdsSchemas } from '../../miniprogram/shared/schemas/households';
import { _, db } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { invalid } from '../../backend/core/errors';
import type { Caller } from '../../backend/core/identity';
import { loadOrg } from '../../backend/core/orgs';
import { pageOf, readPage } from '../../backend/core/paging';
import { decrypt } from '../../backend/core/pii';
import type { RequestContext } from '../../backend/core/router';
import { enforce } from '../../backend/core/rules';
import { toIso } from '../../backend/core/time';
import { profileName } from '../../backend/core/users';
import { householdInScope, type MemberDoc, type VisitDoc } from '../../backend/households/model';
import { householdRules } from '../../backend/households/rules';
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
  enforce(householdRules.addVisit(household));
  const byName = (await profileName(ctx.openid)) ?? null;
  let requestId: string | null = null;
  if (input.openRequest) {
    const { memberId, category, description } = input.openRequest;
    let member: MemberDoc | undefined;
    if (memberId) {
      const { data } = await db
        .collection(COLLECTIONS.householdMembers)
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
  await db.collection(COLLECTIONS.householdVisits).add({ data: visit });
  await db
    .collection(COLLECTIONS.households)
    .doc(household._id)
    .update({ data: { visitCount: _.inc(1), lastVisitAt: at } });
  return toVisitView(visit, ctx.openid);
}

/** A household's visits, newest first. */
export async function listVisits(input: VisitsInput, ctx: RequestContext, caller: Caller): Promise<Page<VisitView>> {
  const household = await householdInScope(caller, input.id);
  const rows = await readPage<VisitDoc>({
    collection: COLLECTIONS.householdVisits,
    where: { householdId: household._id },
    orderBy: 'sortKey',
    order: 'desc',
    limit: input.limit,
    after: input.cursor,
  });
  return pageOf(rows, (v) => toVisitView(v, ctx.openid));
}

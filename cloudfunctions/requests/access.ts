import type { Role } from '../../miniprogram/shared/orgs';
import { findById } from '../../backend/core/cloud';
import { denied, notFound } from '../../backend/core/errors';
import { can } from '../../backend/core/identity';
import type { RequestContext } from '../../backend/core/router';
import type { RequestDoc } from '../../backend/requests/model';

export const HANDLERS: readonly Role[] = ['grid_worker', 'staff', 'admin'];
export const SUPERVISORS: readonly Role[] = ['staff', 'admin'];

export interface Access {
  doc: RequestDoc;
  isRequester: boolean;
  isAssignee: boolean;
  /** Holds one of `roles` over the request's org. */
  inScope(roles: readonly Role[]): Promise<boolean>;
}

/**
 * Loads a request for the caller. Whoever is neither its requester nor a grid worker, staff or admin over its org
 * gets NOT_FOUND: the existence of someone else's request is private.
 */
export async function loadRequest(id: string, ctx: RequestContext): Promise<Access> {
  const doc = await findById<RequestDoc>('requests', id);
  if (!doc) throw notFound('诉求不存在');
  const inScope = async (roles: readonly Role[]) => can(await ctx.caller(), roles, doc.ancestors);
  const access: Access = {
    doc,
    isRequester: doc.requesterOpenid === ctx.openid,
    isAssignee: doc.assigneeOpenid === ctx.openid,
    inScope,
  };
  if (!access.isRequester && !(await inScope(HANDLERS))) throw notFound('诉求不存在');
  return access;
}

/** Only the requester may do this; others who can see the request are refused, others still get NOT_FOUND. */
export function requireRequester(access: Access): void {
  if (!access.isRequester) throw denied('只有提交人可以执行此操作');
}

/** The assignee, or staff/admin over the request's org. */
export async function requireOwnerOrSupervisor(access: Access, message: string): Promise<void> {
  if (!access.isAssignee && !(await access.inScope(SUPERVISORS))) throw denied(message);
}

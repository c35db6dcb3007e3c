import { findById } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { notFound } from '../../backend/core/errors';
import type { RequestContext } from '../../backend/core/router';
import type { RequestDoc } from '../../backend/requests/model';
import { maySeeRequest, type RequestActor } from '../../backend/requests/rules';

export const NOT_FOUND_MESSAGE = '诉求不存在';

export interface Access {
  doc: RequestDoc;
  /** The caller with their grants: what the rules (backend/requests/rules.ts) and the view judge. */
  actor: RequestActor;
}

export async function actorOf(ctx: RequestContext): Promise<RequestActor> {
  return { openid: ctx.openid, caller: await ctx.caller() };
}

/**
 * Loads a request for the caller. Whoever is neither its requester nor a grid worker, staff or admin over its org
 * gets NOT_FOUND: the existence of someone else's request is private.
 */
export async function loadRequest(id: string, ctx: RequestContext): Promise<Access> {
  const [doc, actor] = await Promise.all([findById<RequestDoc>(COLLECTIONS.requests, id), actorOf(ctx)]);
  if (!doc || !maySeeRequest(doc, actor)) throw notFound(NOT_FOUND_MESSAGE);
  return { doc, actor };
}

/** Whether the caller may see the request at all: its requester, or a handler whose scope covers its org. */
export async function maySee(doc: RequestDoc, ctx: RequestContext): Promise<boolean> {
  return maySeeRequest(doc, await actorOf(ctx));
}

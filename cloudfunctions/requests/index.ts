import type { StatusCounts } from '../../miniprogram/shared/api';
import { categoryLabel } from '../../miniprogram/shared/categories';
import { ROLE_LABELS } from '../../miniprogram/shared/orgs';
import {
  REQUEST_PAGES,
  REQUEST_STATUS_LABELS,
  REQUEST_STATUSES,
  type RequestStatus,
  type TimelineType,
} from '../../miniprogram/shared/requests';
import { requestsSchemas } from '../../miniprogram/shared/schemas/requests';
import { audit } from '../../backend/core/audit';
import { _, db, findById, type Doc } from '../../backend/core/cloud';
import { checkText } from '../../backend/core/content';
import { denied, invalid, precondition } from '../../backend/core/errors';
import { can, type Caller } from '../../backend/core/identity';
import { notify } from '../../backend/core/notify';
import { loadOrg } from '../../backend/core/orgs';
import { decrypt } from '../../backend/core/pii';
import { rateLimit } from '../../backend/core/ratelimit';
import { action, createRouter, type RequestContext } from '../../backend/core/router';
import { toIso } from '../../backend/core/time';
import { chinaDayKey } from '../../backend/core/workdays';
import { createRequest, findByClientToken } from '../../backend/requests/create';
import { verifyImages } from '../../backend/requests/images';
import {
  toSummary,
  toView,
  type RequestDoc,
  type StoredMessage,
  type StoredTimelineEntry,
} from '../../backend/requests/model';
import { HANDLERS, loadRequest, requireOwnerOrSupervisor, requireRequester, SUPERVISORS } from './access';
import crypto from 'node:crypto';

/** Requests one resident may file per day (China time); `REQUESTS_PER_DAY` overrides. */
const dailyLimit = () => Number(process.env.REQUESTS_PER_DAY) || 5;

interface UserDoc extends Doc {
  profile?: { name?: string };
}

/** How staff appear to residents: their name and role, never their openid. */
async function staffName(ctx: RequestContext, doc: RequestDoc): Promise<string> {
  const [user, caller] = await Promise.all([findById<UserDoc>('users', ctx.openid), ctx.caller()]);
  const grant = caller.grants.find((g) => doc.ancestors.includes(g.orgId));
  const role = grant ? ROLE_LABELS[grant.role] : '工作人员';
  return user?.profile?.name ? `${user.profile.name}（${role}）` : role;
}

function entry(
  by: string,
  type: TimelineType,
  actor: 'requester' | 'staff',
  name?: string,
  note?: string,
): StoredTimelineEntry {
  return { at: new Date(), by, type, actor, ...(name ? { name } : {}), ...(note ? { note } : {}) };
}

/**
 * Moves a request from one of `from` states with a conditional update, so that two people racing on the same
 * request cannot both succeed; the loser is told the state it found. Returns the document as the caller sees it.
 */
async function transition(
  action: string,
  doc: RequestDoc,
  from: readonly RequestStatus[],
  set: Partial<RequestDoc>,
  timeline: StoredTimelineEntry,
  extraWhere: Record<string, unknown> = {},
): Promise<RequestDoc> {
  const now = new Date();
  const { stats } = await db
    .collection('requests')
    .where({ _id: doc._id, status: _.in([...from]), ...extraWhere })
    .update({ data: { ...set, updatedAt: now, timeline: _.push(timeline) } });
  if (stats.updated !== 1) await refuseStale(doc._id, action);
  return { ...doc, ...set, updatedAt: now, timeline: [...doc.timeline, timeline] };
}

/** After a lost conditional update: explains, from the request's current state, why the step cannot happen. */
async function refuseStale(id: string, action: string): Promise<never> {
  wrongState((await findById<RequestDoc>('requests', id))!, action);
}

function wrongState(doc: RequestDoc, action: string): never {
  if (doc.status === 'accepted' && action === 'accept') throw precondition('ALREADY_ACCEPTED', '该诉求已被他人受理');
  const reasons: Record<RequestStatus, string> = {
    submitted: 'NOT_ACCEPTED',
    accepted: 'NOT_RESOLVED',
    resolved: 'ALREADY_RESOLVED',
    closed: 'ALREADY_CLOSED',
    withdrawn: 'WITHDRAWN',
  };
  throw precondition(
    reasons[doc.status],
    `诉求当前状态为“${REQUEST_STATUS_LABELS[doc.status]}”，不能${action === 'rate' ? '评价' : '执行此操作'}`,
  );
}

/** Tells the requester about a change; a refused or unconfigured subscription never breaks the change. */
async function tellRequester(doc: RequestDoc, note: string): Promise<void> {
  await notify(doc.requesterOpenid, 'TEMPLATE_REQUEST_UPDATE', `${REQUEST_PAGES.detail}?id=${doc._id}`, {
    thing1: categoryLabel(doc.category),
    phrase2: REQUEST_STATUS_LABELS[doc.status],
    thing3: note,
    time4: toIso(doc.updatedAt).slice(0, 16).replace('T', ' '),
  });
}

/** The org whose queue a handler looks at: the one asked for (if in scope), else their first grant. */
async function queueOrg(ctx: RequestContext, orgId?: string): Promise<string> {
  const caller: Caller = await ctx.caller();
  if (orgId) {
    const org = await loadOrg(orgId);
    if (!can(caller, HANDLERS, org.ancestors)) throw denied('该组织不在你的管辖范围内');
    return org._id;
  }
  const grant = caller.grants.find((g) => HANDLERS.includes(g.role));
  if (grant) return grant.orgId;
  if (caller.isRootAdmin) throw invalid({ orgId: '请选择要查看的组织' });
  throw denied('只有网格员、社区工作人员和管理员可以查看诉求队列');
}

async function countBy(where: Record<string, unknown>): Promise<StatusCounts> {
  const now = new Date();
  const [byStatus, overdue] = await Promise.all([
    Promise.all(
      REQUEST_STATUSES.map((status) =>
        db
          .collection('requests')
          .where({ ...where, status })
          .count(),
      ),
    ),
    Promise.all(
      ['submitted', 'accepted'].map((status) =>
        db
          .collection('requests')
          .where({ ...where, status, dueAt: _.lt(now) })
          .count(),
      ),
    ),
  ]);
  const counts = Object.fromEntries(REQUEST_STATUSES.map((s, i) => [s, byStatus[i].total])) as StatusCounts;
  counts.overdue = overdue[0].total + overdue[1].total;
  return counts;
}

async function page(where: Record<string, unknown>, limit = 20, cursor?: string) {
  const { data } = await db
    .collection('requests')
    .where(cursor ? { ...where, sortKey: _.lt(cursor) } : where)
    .orderBy('sortKey', 'desc')
    .limit(limit + 1)
    .get();
  const docs = (data as RequestDoc[]).slice(0, limit);
  return { items: docs.map(toSummary), nextCursor: data.length > limit ? docs[docs.length - 1].sortKey : null };
}

export const main = createRouter('requests', {
  create: action({
    schema: requestsSchemas.create,
    async handler(input, ctx) {
      const repeat = await findByClientToken(ctx.openid, input.clientToken);
      if (repeat) return toView(repeat, ctx.openid);
      const org = await loadOrg(input.orgId);
      if (input.images?.length) await verifyImages(ctx.openid, input.images);
      await checkText(ctx.openid, 'description', input.description);
      const max = dailyLimit();
      await rateLimit(
        ctx.openid,
        `requests.create.${chinaDayKey(new Date())}`,
        max,
        86400,
        `每天最多提交 ${max} 件诉求，请明天再来`,
      );
      const doc = await createRequest({ ...input, requesterOpenid: ctx.openid, org });
      return toView(doc, ctx.openid);
    },
  }),

  listMine: action({
    schema: requestsSchemas.listMine,
    async handler(input, ctx) {
      const where: Record<string, unknown> = { requesterOpenid: ctx.openid };
      if (input.status) where.status = input.status;
      return page(where, input.limit, input.cursor);
    },
  }),

  myCounts: action({
    schema: requestsSchemas.myCounts,
    async handler(_input, ctx) {
      return countBy({ requesterOpenid: ctx.openid });
    },
  }),

  get: action({
    schema: requestsSchemas.get,
    async handler(input, ctx) {
      return toView((await loadRequest(input.id, ctx)).doc, ctx.openid);
    },
  }),

  queue: action({
    schema: requestsSchemas.queue,
    async handler(input, ctx) {
      const where: Record<string, unknown> = { ancestors: await queueOrg(ctx, input.orgId) };
      if (input.status) where.status = input.status;
      if (input.category) where.category = input.category;
      if (input.overdue) {
        where.dueAt = _.lt(new Date());
        if (!input.status) where.status = _.in(['submitted', 'accepted']);
        else if (input.status !== 'submitted' && input.status !== 'accepted') return { items: [], nextCursor: null };
      }
      return page(where, input.limit, input.cursor);
    },
  }),

  counts: action({
    schema: requestsSchemas.counts,
    async handler(input, ctx) {
      return countBy({ ancestors: await queueOrg(ctx, input.orgId) });
    },
  }),

  accept: action({
    schema: requestsSchemas.accept,
    limit: { max: 120, windowSeconds: 60 },
    async handler(input, ctx) {
      const access = await loadRequest(input.id, ctx);
      if (!(await access.inScope(HANDLERS))) throw denied('只有网格员和社区工作人员可以受理诉求');
      const name = await staffName(ctx, access.doc);
      // 首问负责: only the first accept flips an unassigned submitted request; everyone after is told who was first.
      const doc = await transition(
        'accept',
        access.doc,
        ['submitted'],
        { status: 'accepted', assigneeOpenid: ctx.openid, assigneeName: name },
        entry(ctx.openid, 'accept', 'staff', name),
        { assigneeOpenid: null },
      );
      await tellRequester(doc, `${name}已受理`);
      return toView(doc, ctx.openid);
    },
  }),

  reply: action({
    schema: requestsSchemas.reply,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const access = await loadRequest(input.id, ctx);
      if (access.doc.status === 'withdrawn' || access.doc.status === 'closed') wrongState(access.doc, 'reply');
      await checkText(ctx.openid, 'text', input.text);
      const fromStaff = !access.isRequester;
      const name = fromStaff ? await staffName(ctx, access.doc) : undefined;
      const message: StoredMessage = {
        id: crypto.randomBytes(8).toString('hex'),
        at: new Date(),
        by: ctx.openid,
        from: fromStaff ? 'staff' : 'requester',
        ...(name ? { name } : {}),
        text: input.text,
      };
      const timeline = entry(ctx.openid, 'reply', message.from, name);
      const { stats } = await db
        .collection('requests')
        .where({ _id: access.doc._id, status: _.nin(['withdrawn', 'closed']) })
        .update({ data: { messages: _.push(message), timeline: _.push(timeline), updatedAt: message.at } });
      if (stats.updated !== 1) await refuseStale(input.id, 'reply');
      const doc: RequestDoc = {
        ...access.doc,
        messages: [...access.doc.messages, message],
        timeline: [...access.doc.timeline, timeline],
        updatedAt: message.at,
      };
      if (fromStaff) await tellRequester(doc, `${name}回复了您`);
      return toView(doc, ctx.openid);
    },
  }),

  resolve: action({
    schema: requestsSchemas.resolve,
    limit: { max: 120, windowSeconds: 60 },
    async handler(input, ctx) {
      const access = await loadRequest(input.id, ctx);
      await requireOwnerOrSupervisor(access, '只有受理人或社区工作人员可以办结');
      const name = await staffName(ctx, access.doc);
      const doc = await transition(
        'resolve',
        access.doc,
        ['submitted', 'accepted'],
        { status: 'resolved', resolution: input.resolution },
        entry(ctx.openid, 'resolve', 'staff', name, input.resolution),
      );
      await tellRequester(doc, '已办结，请评价');
      return toView(doc, ctx.openid);
    },
  }),

  rate: action({
    schema: requestsSchemas.rate,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const access = await loadRequest(input.id, ctx);
      requireRequester(access);
      if (input.comment) await checkText(ctx.openid, 'comment', input.comment);
      const rating = input.comment ? { score: input.score, comment: input.comment } : { score: input.score };
      const doc = await transition(
        'rate',
        access.doc,
        ['resolved'],
        { status: 'closed', rating },
        entry(ctx.openid, 'rate', 'requester', undefined, `${input.score} 星`),
      );
      return toView(doc, ctx.openid);
    },
  }),

  withdraw: action({
    schema: requestsSchemas.withdraw,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const access = await loadRequest(input.id, ctx);
      requireRequester(access);
      const doc = await transition(
        'withdraw',
        access.doc,
        ['submitted', 'accepted'],
        { status: 'withdrawn' },
        entry(ctx.openid, 'withdraw', 'requester'),
      );
      return toView(doc, ctx.openid);
    },
  }),

  transfer: action({
    schema: requestsSchemas.transfer,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const access = await loadRequest(input.id, ctx);
      await requireOwnerOrSupervisor(access, '只有受理人或社区工作人员可以转办');
      const target = await loadOrg(input.toOrgId);
      if (target.level !== 'community' && target.level !== 'grid') throw invalid({ toOrgId: '只能转办到社区或网格' });
      if (target._id === access.doc.orgId) throw invalid({ toOrgId: '不能转办给当前所属组织' });
      const name = await staffName(ctx, access.doc);
      // Back to submitted under the new org; the hop stays in the timeline (from, to, why).
      const note = `从${access.doc.orgName}转至${target.name}：${input.reason}`;
      const doc = await transition(
        'transfer',
        access.doc,
        ['submitted', 'accepted'],
        {
          status: 'submitted',
          orgId: target._id,
          orgName: target.name,
          ancestors: target.ancestors,
          assigneeOpenid: null,
          assigneeName: _.remove() as never,
        },
        entry(ctx.openid, 'transfer', 'staff', name, note),
      );
      delete doc.assigneeName;
      await audit({
        actor: ctx.openid,
        action: 'request.transfer',
        targetType: 'request',
        targetId: doc._id,
        orgId: target._id,
        reason: input.reason,
        details: { from: access.doc.orgId },
      });
      await tellRequester(doc, `已转至${target.name}`);
      return toView(doc, ctx.openid);
    },
  }),

  revealContact: action({
    schema: requestsSchemas.revealContact,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const access = await loadRequest(input.id, ctx);
      if (!access.isAssignee && !(await access.inScope(SUPERVISORS)))
        throw denied('只有受理人或社区工作人员可以查看完整电话');
      if (!access.doc.contactPhoneEnc) throw precondition('NO_CONTACT_PHONE', '该诉求没有留电话');
      await audit({
        actor: ctx.openid,
        action: 'request.revealContact',
        targetType: 'request',
        targetId: access.doc._id,
        orgId: access.doc.orgId,
        reason: input.reason,
      });
      return { contactPhone: decrypt(access.doc.contactPhoneEnc) };
    },
  }),
});

import type { StatusCounts } from '../../miniprogram/shared/api';
import { categoryLabel } from '../../miniprogram/shared/categories';
import { ROLE_LABELS } from '../../miniprogram/shared/orgs';
import {
  REQUEST_STATUS_LABELS,
  REQUEST_STATUSES,
  type RequestStatus,
  type TimelineType,
} from '../../miniprogram/shared/requests';
import { PAGES } from '../../miniprogram/shared/routes';
import { requestsSchemas } from '../../miniprogram/shared/schemas/requests';
import { audit } from '../../backend/core/audit';
import { _, db, findById } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import { checkText } from '../../backend/core/content';
import { denied, invalid } from '../../backend/core/errors';
import { can, type Caller } from '../../backend/core/identity';
import { notify } from '../../backend/core/notify';
import { loadActiveOrg, loadOrg } from '../../backend/core/orgs';
import { decrypt } from '../../backend/core/pii';
import { pageOf, readPage } from '../../backend/core/paging';
import { rateLimit } from '../../backend/core/ratelimit';
import { action, createRouter, type RequestContext } from '../../backend/core/router';
import { enforce } from '../../backend/core/rules';
import { settingCount } from '../../backend/core/settings';
import { toIso } from '../../backend/core/time';
import { profileLanguages, profileName } from '../../backend/core/users';
import { chinaDayKey } from '../../backend/core/workdays';
import { createOnce, type Replay } from '../../backend/core/replay';
import { checkRequestOrg, createRequest, findByClientToken } from '../../backend/requests/create';
import { verifyImages } from '../../backend/requests/images';
import { acceptedEscalateAt, escalateDue, sendDueFollowUps } from '../../backend/requests/escalate';
import { exportMediationLedger, recordMediation, toLedgerItem } from '../../backend/requests/mediation';
import { tellFrontLine, tellRequesterInApp } from '../../backend/requests/messages';
import { escalatedFirst } from '../../backend/requests/queue';
import { verifyVoice } from '../../backend/requests/voice';
import { isTimerCall, runTimer } from '../../backend/core/timer';
import { countRequestChange } from '../../backend/stats/hooks';
import {
  toSummary,
  toView,
  type RequestDoc,
  type StoredMessage,
  type StoredTimelineEntry,
} from '../../backend/requests/model';
import { HANDLERS, requestRules, STEP_FROM, SUPERVISORS, wrongState } from '../../backend/requests/rules';
import { actorOf, loadRequest, maySee, NOT_FOUND_MESSAGE } from './access';
import crypto from 'node:crypto';

/** How staff appear to residents: their name and role, never their openid. */
async function staffName(ctx: RequestContext, doc: RequestDoc): Promise<string> {
  const [name, caller] = await Promise.all([profileName(ctx.openid), ctx.caller()]);
  const grant = caller.grants.find((g) => doc.ancestors.includes(g.orgId));
  const role = grant ? ROLE_LABELS[grant.role] : '工作人员';
  return name ? `${name}（${role}）` : role;
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
    .collection(COLLECTIONS.requests)
    .where({ _id: doc._id, status: _.in([...from]), ...extraWhere })
    .update({ data: { ...set, updatedAt: now, timeline: _.push(timeline) } });
  if (stats.updated !== 1) await refuseStale(doc._id, action);
  const next = { ...doc, ...set, updatedAt: now, timeline: [...doc.timeline, timeline] };
  await countRequestChange(doc, next);
  return next;
}

/** After a lost conditional update: explains, from the request's current state, why the step cannot happen. */
async function refuseStale(id: string, action: string): Promise<never> {
  throw wrongState((await findById<RequestDoc>(COLLECTIONS.requests, id))!, action);
}

/**
 * Tells the requester about a change: in the message centre, and by subscribe message; a refused or unconfigured
 * subscription never breaks the change.
 */
async function tellRequester(doc: RequestDoc, note: string): Promise<void> {
  await tellRequesterInApp(doc, note);
  await notify(doc.requesterOpenid, 'TEMPLATE_REQUEST_UPDATE', `${PAGES.requestDetail}?id=${doc._id}`, {
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
          .collection(COLLECTIONS.requests)
          .where({ ...where, status })
          .count(),
      ),
    ),
    Promise.all(
      ['submitted', 'accepted'].map((status) =>
        db
          .collection(COLLECTIONS.requests)
          .where({ ...where, status, dueAt: _.lt(now) })
          .count(),
      ),
    ),
  ]);
  const counts = Object.fromEntries(REQUEST_STATUSES.map((s, i) => [s, byStatus[i].total])) as StatusCounts;
  counts.overdue = overdue[0].total + overdue[1].total;
  return counts;
}

/** Requests newest first; the cursor is the last one's sortKey. */
async function page(where: Record<string, unknown>, limit?: number, cursor?: string) {
  const rows = await readPage<RequestDoc>({
    collection: COLLECTIONS.requests,
    where,
    orderBy: 'sortKey',
    order: 'desc',
    limit,
    after: cursor,
  });
  return pageOf(rows, toSummary);
}

const router = createRouter('requests', {
  create: action({
    schema: requestsSchemas.create,
    async handler(input, ctx) {
      const { clientToken } = input;
      const replay: Replay<RequestDoc> | undefined = clientToken
        ? {
            find: () => findByClientToken(ctx.openid, clientToken),
            visible: (doc) => maySee(doc, ctx),
            notFoundMessage: NOT_FOUND_MESSAGE,
          }
        : undefined;
      const actor = await actorOf(ctx);
      return createOnce(
        replay,
        (doc) => toView(doc, actor),
        async () => {
          const org = await loadActiveOrg(input.orgId);
          checkRequestOrg(org);
          if (input.images?.length) await verifyImages(ctx.openid, input.images);
          const { voice: voiceFile, voiceSeconds, ...fields } = input;
          if (voiceFile && !voiceSeconds) throw invalid({ voiceSeconds: '请提供语音时长' });
          if (voiceFile) await verifyVoice(ctx.openid, voiceFile);
          await checkText(ctx.openid, 'description', input.description);
          // Counted after the checks and after the token was looked up: racing repeats of one tap count once.
          const max = settingCount('REQUESTS_PER_DAY');
          await rateLimit(ctx.openid, `requests.create.${chinaDayKey(new Date())}`, max, 86400, {
            message: `每天最多提交 ${max} 件诉求，请明天再来`,
            token: clientToken,
          });
          const voice = voiceFile ? { fileID: voiceFile, seconds: Math.round(voiceSeconds!) } : undefined;
          return toView(await createRequest({ ...fields, voice, requesterOpenid: ctx.openid, org }), actor);
        },
      );
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
      const { doc, actor } = await loadRequest(input.id, ctx);
      return toView(doc, actor);
    },
  }),

  queue: action({
    schema: requestsSchemas.queue,
    async handler(input, ctx) {
      const orgId = await queueOrg(ctx, input.orgId);
      const where: Record<string, unknown> = { ancestors: orgId };
      if (input.status) where.status = input.status;
      if (input.category) where.category = input.category;
      if (input.overdue) {
        where.dueAt = _.lt(new Date());
        if (!input.status) where.status = _.in(['submitted', 'accepted']);
        else if (input.status !== 'submitted' && input.status !== 'accepted') return { items: [], nextCursor: null };
      }
      return escalatedFirst(orgId, where, input, await profileLanguages(ctx.openid));
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
      const { doc: found, actor } = await loadRequest(input.id, ctx);
      enforce(requestRules.accept(found, actor));
      const name = await staffName(ctx, found);
      // 首问负责: only the first accept flips an unassigned submitted request; everyone after is told who was first.
      const doc = await transition(
        'accept',
        found,
        STEP_FROM.accept,
        { status: 'accepted', assigneeOpenid: ctx.openid, assigneeName: name, escalateAt: acceptedEscalateAt(found) },
        entry(ctx.openid, 'accept', 'staff', name),
        { assigneeOpenid: null },
      );
      await tellRequester(doc, `${name}已受理`);
      return toView(doc, actor);
    },
  }),

  reply: action({
    schema: requestsSchemas.reply,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const { doc: found, actor } = await loadRequest(input.id, ctx);
      enforce(requestRules.reply(found, actor));
      await checkText(ctx.openid, 'text', input.text);
      const fromStaff = found.requesterOpenid !== ctx.openid;
      const name = fromStaff ? await staffName(ctx, found) : undefined;
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
        .collection(COLLECTIONS.requests)
        .where({ _id: found._id, status: _.in([...STEP_FROM.reply]) })
        .update({ data: { messages: _.push(message), timeline: _.push(timeline), updatedAt: message.at } });
      if (stats.updated !== 1) await refuseStale(input.id, 'reply');
      const doc: RequestDoc = {
        ...found,
        messages: [...found.messages, message],
        timeline: [...found.timeline, timeline],
        updatedAt: message.at,
      };
      if (fromStaff) await tellRequester(doc, `${name}回复了您`);
      return toView(doc, actor);
    },
  }),

  resolve: action({
    schema: requestsSchemas.resolve,
    limit: { max: 120, windowSeconds: 60 },
    async handler(input, ctx) {
      const { doc: found, actor } = await loadRequest(input.id, ctx);
      enforce(requestRules.resolve(found, actor));
      const name = await staffName(ctx, found);
      const doc = await transition(
        'resolve',
        found,
        STEP_FROM.resolve,
        { status: 'resolved', resolution: input.resolution },
        entry(ctx.openid, 'resolve', 'staff', name, input.resolution),
      );
      await tellRequester(doc, '已办结，请评价');
      return toView(doc, actor);
    },
  }),

  rate: action({
    schema: requestsSchemas.rate,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const { doc: found, actor } = await loadRequest(input.id, ctx);
      enforce(requestRules.rate(found, actor));
      if (input.comment) await checkText(ctx.openid, 'comment', input.comment);
      const rating = input.comment ? { score: input.score, comment: input.comment } : { score: input.score };
      const doc = await transition(
        'rate',
        found,
        STEP_FROM.rate,
        { status: 'closed', rating },
        entry(ctx.openid, 'rate', 'requester', undefined, `${input.score} 星`),
      );
      return toView(doc, actor);
    },
  }),

  withdraw: action({
    schema: requestsSchemas.withdraw,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const { doc: found, actor } = await loadRequest(input.id, ctx);
      enforce(requestRules.withdraw(found, actor));
      const doc = await transition(
        'withdraw',
        found,
        STEP_FROM.withdraw,
        { status: 'withdrawn' },
        entry(ctx.openid, 'withdraw', 'requester'),
      );
      return toView(doc, actor);
    },
  }),

  transfer: action({
    schema: requestsSchemas.transfer,
    limit: { max: 60, windowSeconds: 60 },
    async handler(input, ctx) {
      const { doc: found, actor } = await loadRequest(input.id, ctx);
      enforce(requestRules.transfer(found, actor));
      const target = await loadActiveOrg(input.toOrgId);
      if (target.level !== 'community' && target.level !== 'grid') throw invalid({ toOrgId: '只能转办到社区或网格' });
      if (target._id === found.orgId) throw invalid({ toOrgId: '不能转办给当前所属组织' });
      const name = await staffName(ctx, found);
      // Back to submitted under the new org; the hop stays in the timeline (from, to, why).
      const note = `从${found.orgName}转至${target.name}：${input.reason}`;
      const doc = await transition(
        'transfer',
        found,
        STEP_FROM.transfer,
        {
          status: 'submitted',
          orgId: target._id,
          orgName: target.name,
          ancestors: target.ancestors,
          assigneeOpenid: null,
          assigneeName: _.remove() as never,
          // A fresh start under the new org: escalation climbs its chain from its own level.
          escalatedLevel: null,
          escalatedOrgId: _.remove() as never,
          escalatedOrgName: _.remove() as never,
        },
        entry(ctx.openid, 'transfer', 'staff', name, note),
      );
      delete doc.assigneeName;
      delete doc.escalatedOrgId;
      delete doc.escalatedOrgName;
      await audit({
        actor: ctx.openid,
        action: 'request.transfer',
        targetType: 'request',
        targetId: doc._id,
        orgId: target._id,
        reason: input.reason,
        details: { from: found.orgId },
      });
      await tellRequester(doc, `已转至${target.name}`);
      await tellFrontLine(doc, target, true);
      return toView(doc, actor);
    },
  }),

  revealContact: action({
    schema: requestsSchemas.revealContact,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const { doc, actor } = await loadRequest(input.id, ctx);
      enforce(requestRules.revealContact(doc, actor));
      await audit({
        actor: ctx.openid,
        action: 'request.revealContact',
        targetType: 'request',
        targetId: doc._id,
        orgId: doc.orgId,
        reason: input.reason,
      });
      return { contactPhone: decrypt(doc.contactPhoneEnc!) };
    },
  }),

  mediation: action({
    schema: requestsSchemas.mediation,
    limit: { max: 30, windowSeconds: 60 },
    async handler(input, ctx) {
      const { doc: found, actor } = await loadRequest(input.id, ctx);
      enforce(requestRules.mediation(found, actor));
      await checkText(ctx.openid, 'agreement', input.agreement);
      const doc = await recordMediation(found, input, { openid: ctx.openid, name: await staffName(ctx, found) });
      return toView(doc, actor);
    },
  }),

  mediations: action({
    schema: requestsSchemas.mediations,
    async handler(input, ctx) {
      const [org, caller] = await Promise.all([loadOrg(input.orgId), ctx.caller()]);
      if (!can(caller, SUPERVISORS, org.ancestors)) throw denied('只有社区工作人员和管理员可以查看调解台账');
      const rows = await readPage<RequestDoc>({
        collection: COLLECTIONS.requests,
        where: { ancestors: org._id, mediationMonth: input.month },
        orderBy: 'sortKey',
        order: 'desc',
        limit: input.limit,
        after: input.cursor,
      });
      return pageOf(rows, toLedgerItem);
    },
  }),

  /** The month's ledger as an Excel file for the 矛盾纠纷排查 report: who may read `mediations`; audited. */
  exportMediations: action({
    schema: requestsSchemas.exportMediations,
    limit: { max: 10, windowSeconds: 60 },
    async handler(input, ctx) {
      const [org, caller] = await Promise.all([loadOrg(input.orgId), ctx.caller()]);
      if (!can(caller, SUPERVISORS, org.ancestors)) throw denied('只有社区工作人员和管理员可以导出调解台账');
      const file = await exportMediationLedger(org, input.month, ctx.openid, ctx.deadline);
      await audit({
        actor: ctx.openid,
        action: 'mediation.export',
        targetType: 'org',
        targetId: org._id,
        orgId: org._id,
        details: { month: input.month, rows: file.rows, truncated: file.truncated },
      });
      return { ...file, ...(file.tempUrl ? { tempFileURL: file.tempUrl } : {}) };
    },
  }),
});

/**
 * The function's entry: the hourly timer trigger (config.json `triggers`) escalates overdue requests and delivers
 * the day's mediation follow-ups; every other call goes through the router.
 */
export async function main(event: Record<string, unknown>, context?: { request_id?: string }) {
  if (isTimerCall(event)) {
    return runTimer('requests', async () => ({ ...(await escalateDue()), ...(await sendDueFollowUps()) }));
  }
  return router(event, context);
}

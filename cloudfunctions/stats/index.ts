import { statsSchemas } from '../../miniprogram/shared/schemas/stats';
import { audit } from '../../backend/core/audit';
import { db } from '../../backend/core/cloud';
import { COLLECTIONS } from '../../backend/core/collections';
import type { Caller } from '../../backend/core/identity';
import type { OrgDoc } from '../../backend/core/orgs';
import {
  action,
  createRouter,
  deadlineOf,
  type InvocationContext,
  type RequestContext,
} from '../../backend/core/router';
import { isTimerCall, runTimer } from '../../backend/core/timer';
import {
  loadOrgsWithStats,
  mayReadParent,
  mayReadStats,
  mayRecount,
  type OrgWithStats,
} from '../../backend/stats/access';
import { recountList, subtreeOrgs } from '../../backend/stats/recount';
import { writeReport } from '../../backend/stats/report';
import { childOf, overviewOf, statsOrg, trendOf } from '../../backend/stats/views';

/** Reads above a community (a street's, a district's or a city's figures) are written to the audit log. */
const AUDITED_LEVELS = new Set(['city', 'district', 'street']);

async function auditRead(ctx: RequestContext, org: OrgDoc, what: string, details?: Record<string, unknown>) {
  if (!AUDITED_LEVELS.has(org.level) && what !== 'stats.report') return;
  await audit({ actor: ctx.openid, action: what, targetType: 'org', targetId: org._id, orgId: org._id, details });
}

/**
 * One read of the org (and its children) with their counters, the scope check, and the audit of reads above a
 * community: three database calls at most (grants, the joined read, the audit), whatever the number of residents.
 */
async function read(ctx: RequestContext, orgId: string, what: string, withChildren = false) {
  const caller = await ctx.caller();
  const loaded = await loadOrgsWithStats(caller, orgId, mayReadStats, withChildren);
  await auditRead(ctx, loaded.self.org, what);
  return { caller, ...loaded };
}

const view = (caller: Caller, { org }: OrgWithStats) => statsOrg(org, mayReadParent(caller, org));

const router = createRouter('stats', {
  overview: action({
    schema: statsSchemas.overview,
    async handler(input, ctx) {
      const { caller, self } = await read(ctx, input.orgId, 'stats.overview');
      return overviewOf(view(caller, self), self.stats);
    },
  }),

  trend: action({
    schema: statsSchemas.trend,
    async handler(input, ctx) {
      const { self } = await read(ctx, input.orgId, 'stats.trend');
      return trendOf(self.stats, input.metric, input.months ?? 12);
    },
  }),

  children: action({
    schema: statsSchemas.children,
    async handler(input, ctx) {
      const { caller, self, children } = await read(ctx, input.orgId, 'stats.children', true);
      return { org: view(caller, self), items: children.map(({ org, stats }) => childOf(org, stats)) };
    },
  }),

  report: action({
    schema: statsSchemas.report,
    limit: { max: 20, windowSeconds: 3600 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      const { self, children } = await loadOrgsWithStats(caller, input.orgId, mayReadStats, true);
      const file = await writeReport(self, children, input.month, ctx.openid);
      await auditRead(ctx, self.org, 'stats.report', { month: input.month });
      return file;
    },
  }),

  /** The consistency check of a subtree, by a manager; as far as the time limit allows (the nightly run does the rest). */
  recount: action({
    schema: statsSchemas.recount,
    limit: { max: 10, windowSeconds: 3600 },
    async handler(input, ctx) {
      const caller = await ctx.caller();
      await loadOrgsWithStats(caller, input.orgId, mayRecount);
      const result = await recountList(await subtreeOrgs(input.orgId), ctx.deadline);
      await audit({
        actor: ctx.openid,
        action: 'stats.recount',
        targetType: 'org',
        targetId: input.orgId,
        orgId: input.orgId,
        details: { orgs: result.orgs, repaired: result.repaired.length, done: result.done },
      });
      return { orgs: result.orgs, records: result.records, repaired: result.repaired.slice(0, 50), done: result.done };
    },
  }),
});

/** Where the nightly check stopped last time (a document of orgStats that is no org's). */
const CURSOR_ID = '_recount';

/**
 * The nightly consistency check over every org, deepest first. What the time limit leaves undone is resumed by the
 * next run from the stored position; the answer (logged by the platform) says what was repaired.
 */
async function nightlyRecount(deadline: number) {
  const { data } = await db.collection(COLLECTIONS.orgStats).where({ _id: CURSOR_ID }).limit(1).get();
  const start = Number((data[0] as { next?: number } | undefined)?.next ?? 0);
  const all = await subtreeOrgs(undefined);
  const result = await recountList(all, deadline, start < all.length ? start : 0);
  const next = result.done ? 0 : result.next;
  if (data[0])
    await db
      .collection(COLLECTIONS.orgStats)
      .doc(CURSOR_ID)
      .update({ data: { next, at: new Date() } });
  else await db.collection(COLLECTIONS.orgStats).add({ data: { _id: CURSOR_ID, next, at: new Date() } });
  for (const r of result.repaired) console.log(`[stats.recount] repaired ${r.orgId}: ${JSON.stringify(r.drift)}`);
  return { orgs: result.orgs, records: result.records, repaired: result.repaired.length, done: result.done };
}

export async function main(event: Record<string, unknown>, context?: InvocationContext) {
  if (isTimerCall(event)) return runTimer('stats', () => nightlyRecount(deadlineOf(context)));
  return router(event, context);
}

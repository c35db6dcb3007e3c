import type { MoveView } from '../../miniprogram/shared/api';
import { ORG_LEVELS } from '../../miniprogram/shared/orgs';
import { _, db, isDuplicateKey, type Doc } from './cloud';
import { COLLECTIONS, collectionNamed } from './collections';
import { precondition } from './errors';
import type { OrgDoc } from './orgs';
import { SCOPED_COLLECTIONS, type ScopedCollection } from './scoped-collections';
import { moveSubtreeCounters } from '../stats/counters';
import { toIso } from './time';

/**
 * Moving an org (a grid to another community) rewrites the `ancestors` of every record under it, in every collection
 * of SCOPED_COLLECTIONS. There can be tens of thousands (a grid's members), more than one invocation can write, so
 * the move is a job:
 *
 * 1. `orgMoves` gets the job first: from, to, the moved org's old and new ancestors, progress per collection.
 * 2. Each collection is rewritten in batches: read up to N records still under the old parent, then one conditional
 *    update per distinct new path (`where({ _id: _.in(ids), ancestors: oldParent })`). A record is "stale" exactly
 *    while its ancestors hold the old parent, so a batch that runs twice, or two runners at once, change nothing
 *    more: the job is resumable from any point, without a cursor.
 * 3. The move call runs the job as far as its time allows; `orgs.resumeMoves` and the hourly timer finish it.
 *
 * While a job is unfinished, no other move may touch its subtree (`MOVE_IN_PROGRESS`): a unique `activeKey` (the
 * moved org's id while running) settles two concurrent moves of one org.
 */

/** Records read and rewritten per batch. */
export const MOVE_BATCH_SIZE = 200;

/** Time kept free at the end of an invocation for the answer (a batch takes well under a second). */
const MARGIN_MS = 5_000;

export interface MoveJobDoc extends Doc {
  orgId: string;
  orgName: string;
  fromParentId: string;
  toParentId: string;
  /** The moved org's path before and after, itself included. */
  oldAncestors: string[];
  newAncestors: string[];
  /** The moved org's id while running, `done:<jobId>` after: one unfinished move per org (unique index). */
  activeKey: string;
  status: 'running' | 'done';
  progress: Record<string, { updated: number; done: boolean }>;
  batches: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface RunLimits {
  /** When the invocation ends (RequestContext.deadline); the run stops MARGIN_MS before it. */
  deadline: number;
  batchSize?: number;
  /** Stop after this many batches (an operator slowing a move down; tests simulating a crash). */
  maxBatches?: number;
}

export function toMoveView(job: MoveJobDoc): MoveView {
  const view: MoveView = {
    id: job._id,
    orgId: job.orgId,
    orgName: job.orgName,
    fromParentId: job.fromParentId,
    toParentId: job.toParentId,
    status: job.status,
    progress: SCOPED_COLLECTIONS.map(({ name }) => ({
      collection: name,
      updated: job.progress[name]?.updated ?? 0,
      done: job.progress[name]?.done ?? false,
    })),
    createdAt: toIso(job.createdAt),
  };
  if (job.finishedAt) view.finishedAt = toIso(job.finishedAt);
  return view;
}

/** Unfinished moves, oldest first (they are few: a move finishes within the hour). */
export async function runningMoves(limit = 50): Promise<MoveJobDoc[]> {
  const { data } = await db
    .collection(COLLECTIONS.orgMoves)
    .where({ status: 'running' })
    .orderBy('createdAt', 'asc')
    .limit(limit)
    .get();
  return data as MoveJobDoc[];
}

/** Whether a running move's subtree and `org`'s overlap: one holds the other (or they are the same org). */
function overlaps(job: MoveJobDoc, org: OrgDoc): boolean {
  return org.ancestors.includes(job.orgId) || job.oldAncestors.includes(org._id) || job.newAncestors.includes(org._id);
}

function moveInProgress(): Error {
  return precondition('MOVE_IN_PROGRESS', '该组织正在调整所属关系，请稍后再试');
}

/**
 * Records the move of `org` under `target` as a job and returns it (nothing is rewritten yet). Refused while another
 * unfinished move touches the same subtree.
 */
export async function startMove(org: OrgDoc, target: OrgDoc, actor: string): Promise<MoveJobDoc> {
  // A record is stale while its path holds the old parent, which needs the new path not to hold it; and the grid
  // registry is found by gridId. Both hold for a grid moving between communities, the only move offered.
  if (org.level !== 'grid' || target.ancestors.includes(org.parentId ?? '')) {
    throw new Error('only a grid moves, and not under its old parent');
  }
  if ((await runningMoves()).some((job) => overlaps(job, org))) throw moveInProgress();
  const now = new Date();
  const job = {
    orgId: org._id,
    orgName: org.name,
    fromParentId: org.parentId!,
    toParentId: target._id,
    oldAncestors: org.ancestors,
    newAncestors: [...target.ancestors, org._id],
    activeKey: org._id,
    status: 'running' as const,
    progress: {},
    batches: 0,
    createdBy: actor,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  try {
    const { _id } = await db.collection(COLLECTIONS.orgMoves).add({ data: job });
    await moveSubtreeCounters(org._id, org.ancestors.slice(0, -1), target.ancestors);
    return { _id, ...job } as MoveJobDoc;
  } catch (err) {
    if (isDuplicateKey(err)) throw moveInProgress(); // a concurrent move of the same org won
    throw err;
  }
}

/** The records of `collection` under the moved org that still hold the old parent. */
function staleQuery(job: MoveJobDoc, collection: ScopedCollection): Record<string, unknown> {
  if (collection.locate === 'gridId') return { gridId: job.orgId, ancestors: job.fromParentId };
  return _.and([{ ancestors: job.orgId }, { ancestors: job.fromParentId }]) as unknown as Record<string, unknown>;
}

/** A record's path after the move: the moved org's new path, then whatever lay below the moved org. */
function rewrittenPath(job: MoveJobDoc, ancestors: string[]): string[] {
  const at = ancestors.indexOf(job.orgId);
  return [...job.newAncestors, ...ancestors.slice(at + 1)];
}

const COMMUNITY_DEPTH = ORG_LEVELS.indexOf('community');

/** Rewrites one batch of `collection`; `done` when no stale record was left beyond it. */
async function rewriteBatch(
  job: MoveJobDoc,
  collection: ScopedCollection,
  batchSize: number,
): Promise<{ updated: number; done: boolean }> {
  const coll = db.collection(collectionNamed(collection.name));
  const { data } = await coll.where(staleQuery(job, collection)).field({ ancestors: true }).limit(batchSize).get();
  const groups = new Map<string, { path: string[]; ids: string[] }>();
  for (const doc of data as { _id: string; ancestors: string[] }[]) {
    const path = rewrittenPath(job, doc.ancestors);
    const key = path.join('/');
    if (!groups.has(key)) groups.set(key, { path, ids: [] });
    groups.get(key)!.ids.push(doc._id);
  }
  let updated = 0;
  for (const { path, ids } of groups.values()) {
    const set: Record<string, unknown> = { ancestors: _.set(path) };
    if (collection.communityId && path[COMMUNITY_DEPTH]) set.communityId = path[COMMUNITY_DEPTH];
    if (collection.name === COLLECTIONS.orgs) {
      set.path = `/${path.join('/')}/`;
      set.depth = path.length - 1;
      if (ids.includes(job.orgId)) {
        // Only the moved org changes parent; orgs below it keep theirs. Its path alone is one group.
        const moved = await coll
          .where({ _id: job.orgId, ancestors: job.fromParentId })
          .update({ data: { ...set, parentId: job.toParentId, updatedAt: new Date() } });
        updated += moved.stats.updated;
        ids.splice(ids.indexOf(job.orgId), 1);
        if (!ids.length) continue;
      }
    }
    // Conditional on still being stale, so a batch repeated after a crash (or by a second runner) is harmless.
    const { stats } = await coll.where({ _id: _.in(ids), ancestors: job.fromParentId }).update({ data: set });
    updated += stats.updated;
  }
  return { updated, done: data.length < batchSize };
}

/**
 * Runs a move job as far as `limits` allow; returns it as it stands and how many batches ran. Progress is saved
 * after each batch, so a crash loses at most one batch's bookkeeping (the records themselves say what is left).
 */
export async function runMove(job: MoveJobDoc, limits: RunLimits): Promise<{ job: MoveJobDoc; batches: number }> {
  const batchSize = limits.batchSize ?? MOVE_BATCH_SIZE;
  const stopAt = limits.deadline - MARGIN_MS;
  let batches = 0;
  const progress = { ...job.progress };
  for (const collection of SCOPED_COLLECTIONS) {
    while (!progress[collection.name]?.done) {
      if (batches >= (limits.maxBatches ?? Infinity) || Date.now() >= stopAt) {
        return { job: { ...job, progress }, batches };
      }
      const step = await rewriteBatch(job, collection, batchSize);
      batches++;
      const previous = progress[collection.name]?.updated ?? 0;
      progress[collection.name] = { updated: previous + step.updated, done: step.done };
      await db
        .collection(COLLECTIONS.orgMoves)
        .doc(job._id)
        .update({
          data: {
            [`progress.${collection.name}`]: _.set(progress[collection.name]),
            batches: _.inc(1),
            updatedAt: new Date(),
          },
        });
    }
  }
  const finishedAt = new Date();
  const finished = { status: 'done' as const, activeKey: `done:${job._id}`, finishedAt, updatedAt: finishedAt };
  await db.collection(COLLECTIONS.orgMoves).where({ _id: job._id, status: 'running' }).update({ data: finished });
  return { job: { ...job, ...finished, progress }, batches };
}

/** Resumes unfinished moves (those `filter` accepts), oldest first, while time and batches allow. */
export async function resumeMoves(
  limits: RunLimits,
  filter: (job: MoveJobDoc) => boolean = () => true,
): Promise<MoveJobDoc[]> {
  const out: MoveJobDoc[] = [];
  let batchesLeft = limits.maxBatches ?? Infinity;
  for (const job of (await runningMoves()).filter(filter)) {
    const run = await runMove(job, { ...limits, maxBatches: batchesLeft });
    batchesLeft -= run.batches;
    out.push(run.job);
  }
  return out;
}

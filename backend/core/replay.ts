import { isDuplicateKey } from './cloud';
import { notFound, precondition } from './errors';

/**
 * How a create that may be repeated (a double tap, a retry after a lost answer) finds what an earlier call made.
 * The earlier record is shown again only if the caller may still see it now: between the two calls it may have
 * been transferred out of their scope, and a replay must answer exactly as `get` would (NOT_FOUND).
 */
export interface Replay<D> {
  /** The record an earlier call with the same key created, if any. */
  find(): Promise<D | undefined>;
  /** Whether the caller may see that record now. */
  visible(doc: D): boolean | Promise<boolean>;
  /** The NOT_FOUND message of the record's own `get`. */
  notFoundMessage: string;
}

/** Tries of a create whose unique key keeps being taken by a record that is gone by the time it is looked up. */
const ATTEMPTS = 3;

/**
 * Creates once per key: an earlier record is answered with `view` (after the scope check), otherwise `create`
 * runs. A create that loses a race (duplicate key: the same key, a moment earlier) looks the winner up; if the
 * winner is already gone again (a sign-up cancelled in between), it tries again, a bounded number of times.
 * `create` must leave nothing behind when it throws the duplicate key (give back what it took), and should count
 * the caller's rate limit only inside, after this lookup, so that repeats of one key count once.
 */
export async function createOnce<D, R>(
  replay: Replay<D> | undefined,
  view: (earlier: D) => R | Promise<R>,
  create: () => Promise<R>,
): Promise<R> {
  if (!replay) return create();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const earlier = await replay.find();
    if (earlier) {
      if (!(await replay.visible(earlier))) throw notFound(replay.notFoundMessage);
      return view(earlier);
    }
    try {
      return await create();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw precondition('CONFLICT', '提交过于频繁，请稍后再试');
}

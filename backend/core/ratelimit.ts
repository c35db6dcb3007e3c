import { _, db, isDuplicateKey } from './cloud';
import { COLLECTIONS } from './collections';
import { exhausted } from './errors';

export interface LimitOptions {
  /** The refusal's message (default: 操作太频繁，请稍后再试). */
  message?: string;
  /**
   * The call's client token: calls carrying the same token count once in the window, so that twenty racing
   * repeats of one double tap use one unit of the quota, not twenty. The counter keeps the tokens it counted.
   */
  token?: string;
}

interface Counter {
  count?: number;
  tokens?: string[];
}

/**
 * A fixed-window limiter per caller and bucket, kept in the database so that every function instance shares it.
 * The common case is one conditional update; the first call of a window adds the counter.
 */
export async function rateLimit(
  openid: string,
  bucket: string,
  max: number,
  windowSeconds: number,
  options: LimitOptions = {},
): Promise<void> {
  const { message, token } = options;
  const window = Math.floor(Date.now() / 1000 / windowSeconds);
  const id = `${bucket}:${window}:${openid}`;
  const counters = db.collection(COLLECTIONS.rateLimits);
  // With a token: only a token not counted yet takes a unit (`tokens: _.neq(token)` also matches no list at all).
  const where = token ? { _id: id, count: _.lt(max), tokens: _.neq(token) } : { _id: id, count: _.lt(max) };
  const inc = token ? { count: _.inc(1), tokens: _.push(token) } : { count: _.inc(1) };
  for (let attempt = 0; attempt < 2; attempt++) {
    const { stats } = await counters.where(where).update({ data: inc });
    if (stats.updated === 1) return;
    try {
      const expiresAt = new Date((window + 1) * windowSeconds * 1000);
      await counters.add({ data: { _id: id, count: 1, ...(token ? { tokens: [token] } : {}), expiresAt } });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // The counter exists: this token was counted already, or it is full, or another call created it a moment
      // ago (then retry once).
      const { data } = await counters.where({ _id: id }).limit(1).get();
      const counter = (data[0] ?? {}) as Counter;
      if (token && counter.tokens?.includes(token)) return;
      if ((counter.count ?? 0) >= max) throw exhausted(message);
    }
  }
  throw exhausted(message);
}

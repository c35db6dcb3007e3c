import { _, db, isDuplicateKey } from './cloud';
import { exhausted } from './errors';

/**
 * A fixed-window limiter per caller and bucket, kept in the database so that every function instance shares it.
 * The common case is one conditional update; the first call of a window adds the counter.
 */
export async function rateLimit(
  openid: string,
  bucket: string,
  max: number,
  windowSeconds: number,
  message?: string,
): Promise<void> {
  const window = Math.floor(Date.now() / 1000 / windowSeconds);
  const id = `${bucket}:${window}:${openid}`;
  const counters = db.collection('rateLimits');
  for (let attempt = 0; attempt < 2; attempt++) {
    const { stats } = await counters.where({ _id: id, count: _.lt(max) }).update({ data: { count: _.inc(1) } });
    if (stats.updated === 1) return;
    try {
      await counters.add({ data: { _id: id, count: 1, expiresAt: new Date((window + 1) * windowSeconds * 1000) } });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // The counter exists: either it is full, or another call created it a moment ago (then retry once).
      const { data } = await counters.where({ _id: id }).limit(1).get();
      if (((data[0] as { count?: number } | undefined)?.count ?? 0) >= max) throw exhausted(message);
    }
  }
  throw exhausted(message);
}

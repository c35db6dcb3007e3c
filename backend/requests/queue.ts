import type { Page, RequestSummary } from '../../miniprogram/shared/api';
import { OPEN_STATUSES, type RequestLanguage } from '../../miniprogram/shared/requests';
import { _ } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { DEFAULT_PAGE_SIZE, readPage } from '../core/paging';
import { toSummary, type RequestDoc } from './model';

const walk = (where: Record<string, unknown>, limit: number, after?: string) =>
  readPage<RequestDoc>({ collection: COLLECTIONS.requests, where, orderBy: 'sortKey', order: 'desc', limit, after });

/** The walks of a queue, in the order they are shown; the cursor names the walk it is in. */
type Phase = 'e' | 'l' | 'n';

function phaseOf(cursor: string): { phase: Phase; after?: string } {
  const match = /^([eln]):(.*)$/.exec(cursor);
  if (!match) return { phase: cursor ? 'n' : 'e', after: cursor || undefined };
  return { phase: match[1] as Phase, after: match[2] || undefined };
}

/**
 * A queue with what its caller should take first on top, in up to three walks of one cursor, each newest first:
 * `e:<sortKey>` walks the open requests escalated to the queue's org; then `l:<sortKey>` the open ones asking for
 * bilingual help in a language the caller listed in their profile (not already shown); then `n:<sortKey>` the whole
 * queue, leaving out what the first two showed. So the level above sees what climbed to it on top, a staff member
 * who speaks 维吾尔语 sees the requests asking for it next, and nothing shows twice across pages. The first two
 * walks apply to open requests only (no status asked, or an open one).
 */
export async function escalatedFirst(
  orgId: string,
  where: Record<string, unknown>,
  input: { limit?: number; cursor?: string; status?: string },
  languages: readonly RequestLanguage[] = [],
): Promise<Page<RequestSummary>> {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const openOnly = !input.status || (OPEN_STATUSES as readonly string[]).includes(input.status);
  const openWhere = { ...where, status: input.status ?? _.in([...OPEN_STATUSES]) };
  const escalated = (d: RequestDoc) => openOnly && d.escalatedOrgId === orgId && OPEN_STATUSES.includes(d.status);
  const speaks = (d: RequestDoc) =>
    openOnly &&
    !!d.needsBilingual &&
    !!d.language &&
    languages.includes(d.language) &&
    OPEN_STATUSES.includes(d.status);
  const items: RequestSummary[] = [];
  let { phase, after } = phaseOf(input.cursor ?? '');

  if (phase === 'e' && openOnly) {
    const first = await walk({ ...openWhere, escalatedOrgId: orgId }, limit, after);
    items.push(...first.rows.map(toSummary));
    if (first.nextCursor) return { items, nextCursor: `e:${first.nextCursor}` };
    if (items.length >= limit) return { items, nextCursor: 'l:' };
  }
  if (phase === 'e') [phase, after] = ['l', undefined];

  if (phase === 'l' && openOnly && languages.length) {
    const langWhere = { ...openWhere, needsBilingual: true, language: _.in([...languages]) };
    const second = await walk(langWhere, limit - items.length, after);
    items.push(...second.rows.filter((d) => !escalated(d)).map(toSummary));
    if (second.nextCursor) return { items, nextCursor: `l:${second.nextCursor}` };
    if (items.length >= limit) return { items, nextCursor: 'n:' };
  }
  if (phase === 'l') after = undefined; // on to the rest, from its start

  const rest = await walk(where, limit - items.length, after);
  items.push(...rest.rows.filter((d) => !escalated(d) && !speaks(d)).map(toSummary));
  return { items, nextCursor: rest.nextCursor === null ? null : `n:${rest.nextCursor}` };
}

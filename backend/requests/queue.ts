import type { Page, RequestSummary } from '../../miniprogram/shared/api';
import { OPEN_STATUSES } from '../../miniprogram/shared/requests';
import { _ } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { DEFAULT_PAGE_SIZE, readPage } from '../core/paging';
import { toSummary, type RequestDoc } from './model';

const walk = (where: Record<string, unknown>, limit: number, after?: string) =>
  readPage<RequestDoc>({ collection: COLLECTIONS.requests, where, orderBy: 'sortKey', order: 'desc', limit, after });

/**
 * A queue with the open requests escalated to its org first, in two walks of one cursor: `e:<sortKey>` walks the
 * escalated ones newest first; once they are done, `n:<sortKey>` walks the whole queue newest first, leaving out
 * what the first walk showed. So the level above sees what climbed to it on top, and nothing shows twice.
 */
export async function escalatedFirst(
  orgId: string,
  where: Record<string, unknown>,
  input: { limit?: number; cursor?: string; status?: string },
): Promise<Page<RequestSummary>> {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const cursor = input.cursor ?? '';
  const openOnly = !input.status || (OPEN_STATUSES as readonly string[]).includes(input.status);
  const shownFirst = (d: RequestDoc) => openOnly && d.escalatedOrgId === orgId && OPEN_STATUSES.includes(d.status);
  const items: RequestSummary[] = [];
  if (openOnly && (cursor === '' || cursor.startsWith('e:'))) {
    const escalatedWhere = { ...where, escalatedOrgId: orgId, status: input.status ?? _.in([...OPEN_STATUSES]) };
    const first = await walk(escalatedWhere, limit, cursor.slice(2) || undefined);
    items.push(...first.rows.map(toSummary));
    if (first.nextCursor) return { items, nextCursor: `e:${first.nextCursor}` };
    if (items.length >= limit) return { items, nextCursor: 'n:' };
  }
  const after = cursor.startsWith('n:') ? cursor.slice(2) : cursor.startsWith('e:') ? '' : cursor;
  const rest = await walk(where, limit - items.length, after || undefined);
  items.push(...rest.rows.filter((d) => !shownFirst(d)).map(toSummary));
  return { items, nextCursor: rest.nextCursor === null ? null : `n:${rest.nextCursor}` };
}

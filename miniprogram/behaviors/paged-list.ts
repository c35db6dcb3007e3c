import type { Page } from '../shared/api';
import { toastError } from '../utils/feedback';
import { loadable } from './loadable';

/** Items per page of every list. */
export const PAGE_SIZE = 20;

export interface ListQuery {
  limit: number;
  cursor?: string;
}

/** A page of items mapped for WXML; other fields of the first page (a roster's counts) are shown too. */
export type ListPage<Item> = Page<Item> & Record<string, unknown>;

/** A cloud page with its items mapped (its other fields kept). */
export function mapPage<Raw, Item, P extends Page<Raw>>(
  page: P,
  map: (raw: Raw) => Item,
): Omit<P, 'items'> & Page<Item> {
  return { ...page, items: page.items.map(map) };
}

/** What the list page supplies. */
interface ListSource {
  /** One page of items under the page's current filters, mapped for WXML (`mapPage`). */
  fetchPage(query: ListQuery): Promise<ListPage<unknown>>;
  /**
   * Runs before the first page and finds what the list is of (the home community, the user's orgs), as data the
   * page's `fetchPage` then reads; a `status` (nohome, norole) is shown instead of the list.
   */
  listScope?(options: { refresh: boolean }): Promise<Record<string, unknown> | void>;
  /** Loaded together with the first page: counts for the tabs, a title. */
  listHead?(): Promise<Record<string, unknown> | void>;
}

/**
 * A list that pages with a cursor: the page defines `fetchPage` (and maybe `listScope`, `listHead`); this behavior
 * loads the first page (loading, empty and error states, 重试, pull-to-refresh: see `loadable`) and the next ones
 * as the list reaches the bottom or "加载更多" is tapped (a failure is told in a toast and can be tried again).
 * Data: `items`, `nextCursor`, `loadingMore`. A page changing its filters calls `this.load({ spinner: true })`.
 */
export const pagedList = Behavior({
  behaviors: [loadable],
  data: { items: [] as unknown[], nextCursor: null as string | null, loadingMore: false },
  methods: {
    async fetch(options: { refresh: boolean }): Promise<Record<string, unknown>> {
      const source = this as unknown as ListSource;
      const scope = (await source.listScope?.(options)) ?? {};
      if ('status' in scope) return scope;
      this.setData(scope);
      const [head, page] = await Promise.all([source.listHead?.(), source.fetchPage({ limit: PAGE_SIZE })]);
      return { ...scope, ...head, ...page };
    },

    async loadMore(): Promise<void> {
      const { nextCursor, loadingMore, status, seq } = this.data;
      if (!nextCursor || loadingMore || status !== 'ready') return;
      this.setData({ loadingMore: true });
      try {
        const page = await (this as unknown as ListSource).fetchPage({ limit: PAGE_SIZE, cursor: nextCursor });
        // A reload (another tab, a pull) started meanwhile: this page belongs to the old list.
        if (seq !== this.data.seq) return;
        this.setData({ items: [...this.data.items, ...page.items], nextCursor: page.nextCursor });
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ loadingMore: false });
      }
    },

    onReachBottom(): Promise<void> {
      return this.loadMore();
    },
  },
});

import { errorText } from '../services/errors';

/**
 * What a page shows in place of (or with) its data: `loading`, `error` (with 重试), `ready`, or a state of its own
 * that says what to do next (`nohome`: pick a community; `norole`: get an invite; `notfound`).
 */
export type PageStatus = 'loading' | 'ready' | 'error' | 'nohome' | 'norole' | 'notfound';

export interface LoadOptions {
  /** Show the loading state even over data already on screen (a filter changed, 重试). */
  spinner?: boolean;
  /** Fetch cached things again too (the caller's `me`): pull-to-refresh. */
  refresh?: boolean;
}

/** What the page supplies. */
interface Loader {
  /** Loads what the page shows and returns it as data (it may also set data itself); a `status` replaces `ready`. */
  fetch(options: { refresh: boolean }): Promise<Record<string, unknown> | void>;
}

/**
 * A page that shows something loaded from the cloud. The page defines `fetch()`; this behavior runs it with the
 * loading and error states (state-view), 重试 (`retry`) and pull-to-refresh, and drops an answer that a newer load
 * has overtaken (`seq`). Pages call `this.load()` in onLoad or onShow.
 */
export const loadable = Behavior({
  data: { status: 'loading' as PageStatus, errorText: '', seq: 0 },
  methods: {
    async load(options: LoadOptions = {}): Promise<void> {
      const seq = this.data.seq + 1;
      const spinner = options.spinner || this.data.status !== 'ready';
      this.setData({ seq, ...(spinner ? { status: 'loading' as PageStatus } : {}) });
      try {
        const patch = await (this as unknown as Loader).fetch({ refresh: Boolean(options.refresh) });
        if (seq === this.data.seq) this.setData({ status: 'ready', ...(patch ?? {}) });
      } catch (err) {
        if (seq === this.data.seq) this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    /** The error state's 重试. */
    retry(): Promise<void> {
      return this.load({ spinner: true });
    },

    async onPullDownRefresh(): Promise<void> {
      await this.load({ refresh: true });
      wx.stopPullDownRefresh();
    },
  },
});

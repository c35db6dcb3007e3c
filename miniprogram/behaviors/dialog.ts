import { errorText, isCloudError } from '../services/errors';

/**
 * The promise side of the dialog components (components/reason-dialog, transfer-dialog, visit-form; see
 * utils/dialogs.ts): `open` shows the dialog and returns a promise; `runSubmit` runs the page's `submit` with the
 * user's entries (once at a time, the button busy meanwhile); `finish` hides the dialog and resolves the promise.
 * Closing the sheet resolves `undefined`.
 */
interface Job {
  options: { submit(...args: never[]): Promise<unknown> };
  resolve(result: unknown): void;
}

const jobs = new WeakMap<object, Job>();

/** The message of a refusal for one field of a dialog (or the first field's, or the error's own). */
export function fieldMessage(err: unknown, field: string): string {
  if (isCloudError(err) && err.fields) return err.fields[field] ?? Object.values(err.fields)[0] ?? err.message;
  return errorText(err);
}

export const dialog = Behavior({
  data: { visible: false, busy: false },
  methods: {
    /** Shows the dialog with `data`; resolves with what its submit returned, or undefined when it is closed first. */
    openWith(options: Job['options'], data: Record<string, unknown>): Promise<unknown> {
      this.finish(undefined);
      return new Promise((resolve) => {
        jobs.set(this, { options, resolve });
        this.setData({ ...data, visible: true, busy: false });
      });
    },

    /** The options `open` was given, while the dialog is open. */
    dialogOptions(): Job['options'] | undefined {
      return jobs.get(this)?.options;
    },

    /** Runs the page's submit; resolves with its result or the error it threw (nothing while one is running). */
    async runSubmit(...args: unknown[]): Promise<{ result?: unknown; error?: unknown }> {
      const job = jobs.get(this);
      if (!job || this.data.busy) return {};
      this.setData({ busy: true });
      try {
        return { result: await (job.options.submit as (...a: unknown[]) => Promise<unknown>)(...args) };
      } catch (error) {
        return { error };
      } finally {
        this.setData({ busy: false });
      }
    },

    /** Resolves the promise; `keepOpen` leaves the dialog on screen (it shows the result). */
    finish(result: unknown, keepOpen = false): void {
      const job = jobs.get(this);
      jobs.delete(this);
      if (!keepOpen && this.data.visible) this.setData({ visible: false });
      job?.resolve(result);
    },

    close(): void {
      this.finish(undefined);
    },

    onVisibleChange(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>): void {
      if (!e.detail.visible) this.close();
    },
  },
});

import { errorText, isCloudError } from '../services/errors';
import type { FieldErrors } from './validate';

/** A short note at the bottom of the screen. */
export function toast(title: string): void {
  wx.showToast({ title, icon: 'none' });
}

/** A change went through: 已保存, 已提交… */
export function toastDone(title: string): void {
  wx.showToast({ title, icon: 'success' });
}

/** What went wrong with a service call, in the words the cloud gave (or a generic one). */
export function toastError(err: unknown): void {
  toast(errorText(err));
}

/**
 * Why a form was refused: the field messages (of the shared schema or of the cloud) are returned, to show under
 * their fields, with a toast pointing at them; anything else is told in a toast and nothing is returned.
 */
export function formErrors(err: unknown, hint = '请按提示修改后再提交'): FieldErrors | undefined {
  if (isCloudError(err, 'INVALID_ARGUMENT') && err.fields) {
    toast(hint);
    return err.fields;
  }
  toastError(err);
  return undefined;
}

interface Flagged {
  data: object;
  setData(data: Record<string, boolean>): void;
}

/**
 * Runs `work` with `flag` set on the page (a busy button), unless it is already set: a double tap runs it once.
 */
export async function whileBusy(page: Flagged, flag: string, work: () => Promise<unknown>): Promise<void> {
  if ((page.data as Record<string, unknown>)[flag]) return;
  page.setData({ [flag]: true });
  try {
    await work();
  } finally {
    page.setData({ [flag]: false });
  }
}

/**
 * WeChat's own confirmation dialog, the one way to ask "are you sure" before a change: resolves whether the user
 * confirmed. `danger` paints the button red (withdrawing, revoking).
 */
export async function confirm(options: {
  title: string;
  content: string;
  confirmText: string;
  cancelText?: string;
  danger?: boolean;
}): Promise<boolean> {
  const res = await wx.showModal({
    title: options.title,
    content: options.content,
    confirmText: options.confirmText,
    cancelText: options.cancelText ?? '取消',
    ...(options.danger ? { confirmColor: '#d54941' } : {}),
  });
  return res.confirm;
}

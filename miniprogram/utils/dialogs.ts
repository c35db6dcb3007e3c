import type { VisitView } from '../shared/api';
import type { OrgLevel } from '../shared/orgs';

/**
 * Dialogs that collect something before a change (a reason, a transfer target, a visit) are components placed once
 * in the page's WXML with an id; the page opens one with a promise: `await reasonDialog(this, '#reveal').open({...})`.
 * The dialog runs `submit` with what the user entered: a thrown error's message (a `validated()` failure or the
 * cloud's refusal) shows in the dialog, which stays open; a value closes it and resolves the promise; `undefined`
 * keeps it open (the user backed out of a confirmation). Closing it first resolves `undefined`.
 */

export interface ReasonDialogOptions<T> {
  title: string;
  /** Under the title: what the reason is for, who sees it. */
  notice?: string;
  /** Label of a one-line input (理由, 原因); a multi-line one has none. */
  label?: string;
  placeholder?: string;
  /** The submit button. */
  confirmText: string;
  danger?: boolean;
  multiline?: boolean;
  maxlength?: number;
  /** Which field of a refusal's messages belongs under the input (default `reason`). */
  field?: string;
  submit(text: string): Promise<T | undefined>;
  /** Shows the result in the dialog (a revealed number) instead of closing; a `phone` gets a 拨打 button. */
  show?(result: T): { text: string; phone?: string };
}

export interface OrgChoice {
  id: string;
  name: string;
  level: OrgLevel;
}

export interface TransferDialogOptions<T> {
  title: string;
  /** Only a grid may be chosen (a household); otherwise a community or a grid (a request). */
  gridOnly?: boolean;
  /** Shown until a target is chosen, and as the message when none was. */
  chooseText: string;
  placeholder: string;
  /** Put before the reason's messages: 转办原因不能为空. */
  reasonLabel?: string;
  confirmText: string;
  submit(target: OrgChoice, reason: string): Promise<T | undefined>;
}

/** A visit as the form collects it (the household's id is the page's). */
export interface VisitInput {
  notes: string;
  needs?: string[];
  openRequest?: { category: string; description: string; memberId?: string };
}

export interface VisitFormOptions {
  /** Starts with 代为提交诉求 switched on. */
  openRequest: boolean;
  /** Active members, for "为谁提交". */
  members: { value: string; label: string }[];
  submit(input: VisitInput): Promise<VisitView | undefined>;
}

interface Dialog<O, R> {
  open(options: O): Promise<R | undefined>;
}

interface Host {
  selectComponent(selector: string): unknown;
}

function dialogAt<O, R>(page: Host, selector: string): Dialog<O, R> {
  const dialog = page.selectComponent(selector) as Dialog<O, R> | null;
  if (!dialog) throw new Error(`no dialog ${selector} in this page's WXML`);
  return dialog;
}

/** `<reason-dialog id="…">`: a reason (or any one text) for a change. */
export function reasonDialog(page: Host, selector: string) {
  return {
    open: <T>(options: ReasonDialogOptions<T>) => dialogAt<ReasonDialogOptions<T>, T>(page, selector).open(options),
  };
}

/** `<transfer-dialog id="…">`: another community or grid, with a reason. */
export function transferDialog(page: Host, selector: string) {
  return {
    open: <T>(options: TransferDialogOptions<T>) => dialogAt<TransferDialogOptions<T>, T>(page, selector).open(options),
  };
}

/** `<visit-form id="…">` (grid registry): a visit, optionally filing a request for the household. */
export function visitForm(page: Host, selector: string) {
  return { open: (options: VisitFormOptions) => dialogAt<VisitFormOptions, VisitView>(page, selector).open(options) };
}

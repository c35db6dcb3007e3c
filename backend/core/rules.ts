import type { AppError } from './errors';

/**
 * What a caller may do with a record, said once per action. A rule answers the refusal the action gives (the very
 * error: PERMISSION_DENIED, FAILED_PRECONDITION with its reason, NOT_FOUND), or undefined when the action is
 * allowed. The action enforces its rule; the record's view reports every rule in `can`, so that a page offers
 * exactly what the server accepts and the two never disagree.
 *
 * Rules judge the caller's roles and scope and the record's state. Input checks (a valid target, a reason, the
 * content check) and rate limits are the action's own and still apply; an action that changes state also keeps its
 * conditional update, since the state may change between the view and the call.
 */
export type Refusal = AppError | undefined;

export function enforce(refusal: Refusal): void {
  if (refusal) throw refusal;
}

/** `can` of a view: every rule of a set, judged now for the same record and caller. */
export function judge<K extends string, A extends unknown[]>(
  rules: Record<K, (...args: A) => Refusal>,
  ...args: A
): Record<K, boolean> {
  const out = {} as Record<K, boolean>;
  for (const key of Object.keys(rules) as K[]) out[key] = rules[key](...args) === undefined;
  return out;
}

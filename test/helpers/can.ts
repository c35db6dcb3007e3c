import type { Envelope } from './project';

/** What a refused action answers: the caller's role, scope or the record's state do not allow it. */
export const REFUSALS = ['PERMISSION_DENIED', 'FAILED_PRECONDITION', 'NOT_FOUND'];

/** A record in the state under test, as one persona sees it. */
export interface Subject<K extends string> {
  /** The persona's view of the record, read now: its `can`. */
  can(): Promise<Record<K, boolean>>;
  /** Each action of `can`, tried by the persona on this record. */
  attempt: Record<K, () => Promise<Envelope>>;
}

/**
 * Holds a view's `can` to what the actions do, for one persona and one state of the record: every action it marks
 * `false` is refused (all tried on one record, which they must leave as it was), and every action it marks `true`
 * succeeds (the first on that record, each other one on a fresh record in the same state, since a success changes
 * it). `fresh` makes such a record. Answers the `can` seen, for the test to compare with what it expects.
 */
export async function checkCan<K extends string>(
  label: string,
  fresh: () => Promise<Subject<K>>,
): Promise<Record<K, boolean>> {
  const first = await fresh();
  const can = await first.can();
  const keys = Object.keys(can) as K[];
  expect([label, Object.keys(first.attempt).sort()]).toEqual([label, [...keys].sort()]);
  for (const key of keys.filter((k) => !can[k])) {
    const res = await first.attempt[key]();
    expect([label, key, res.ok, REFUSALS.includes(res.error?.code ?? '') ? 'refused' : res.error]).toEqual([
      label,
      key,
      false,
      'refused',
    ]);
  }
  expect([label, await first.can()]).toEqual([label, can]);
  for (const [i, key] of keys.filter((k) => can[k]).entries()) {
    const subject = i === 0 ? first : await fresh();
    if (i > 0) expect([label, await subject.can()]).toEqual([label, can]);
    const res = await subject.attempt[key]();
    expect([label, key, res.ok, res.error]).toEqual([label, key, true, undefined]);
  }
  return can;
}

/** The keys of a `can` that are true, space-separated in their order: a compact way to state what is expected. */
export const allowed = (can: Record<string, boolean>) =>
  Object.keys(can)
    .filter((k) => can[k])
    .join(' ');

import {
  eventContribution,
  householdStateContribution,
  requestContribution,
  signupContribution,
  type HouseholdState,
} from './contributions';
import { applyChange, type Deltas } from './counters';

/** The write hooks: one call per write path (docs/stats.md, "Hooks"). */

type Counted<T> = (doc: T) => Deltas;

/**
 * The record is written already: a failure to count must not fail the write (a retry would write it twice). It is
 * logged, and the consistency check (stats.recount, nightly) repairs the counters.
 */
async function applySafely(beforePath: string[], before: Deltas, afterPath: string[], after: Deltas): Promise<void> {
  try {
    await applyChange(beforePath, before, afterPath, after);
  } catch (err) {
    console.error(
      `[stats] counters not updated (the nightly recount repairs them): ${String((err as Error)?.message)}`,
    );
  }
}

function change<T extends { ancestors: string[] }>(contribution: Counted<T>) {
  return (before: T | null | undefined, after: T | null | undefined): Promise<void> =>
    applySafely(
      before?.ancestors ?? [],
      before ? contribution(before) : {},
      after?.ancestors ?? [],
      after ? contribution(after) : {},
    );
}

/** Write hooks: the record before the write (null if new) and after it (null if removed). */
export const countRequestChange = change(requestContribution);
export const countEventChange = change(eventContribution);
export const countSignupChange = change(signupContribution);

/** A household and its members, before and after a write (registration, member changes, move-out, transfer). */
export async function countHouseholdChange(before: HouseholdState | null, after: HouseholdState | null): Promise<void> {
  await applySafely(
    before?.household.ancestors ?? [],
    before ? householdStateContribution(before) : {},
    after?.household.ancestors ?? [],
    after ? householdStateContribution(after) : {},
  );
}

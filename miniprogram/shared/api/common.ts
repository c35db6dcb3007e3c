import type * as v from 'valibot';

/** What every domain of the contract uses: pages of a list, exported files, request types from schemas. */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * An exported file (roster, door plates): a short-lived link, and the time after which the file is deleted
 * (`note` says so in words the page can show).
 */
export interface ExportFile {
  fileID: string;
  tempUrl?: string;
  expiresAt: string;
  note: string;
}

export type In<S extends v.GenericSchema> = v.InferInput<S>;

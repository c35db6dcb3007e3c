import type { importsSchemas } from '../schemas/imports';
import type { In, Page } from './common';

/** Ledger import (`imports`): a spreadsheet of households checked row by row, then written in resumable batches. */

export interface ImportProblem {
  /** The spreadsheet's row number (the header is row 1). */
  row: number;
  /** The column header the problem is in, e.g. `身份证号`. */
  field: string;
  message: string;
}

export interface ImportDuplicate {
  row: number;
  /** `in_file`: an earlier row holds the same ID number (this row is not imported); `existing`: already registered in your scope. */
  kind: 'in_file' | 'existing';
}

export interface ImportPreview {
  importId: string;
  /** Data rows in the file (blank rows not counted). */
  rows: number;
  /** Households that commit will write. */
  households: number;
  /** Rows that commit will write. */
  valid: number;
  errors: ImportProblem[];
  duplicates: ImportDuplicate[];
}

export interface ImportCommitResult {
  /** Households and members written by this import so far (all calls together). */
  households: number;
  members: number;
  /** Rows of the file that are not imported (errors, their households, in-file duplicates). */
  skipped: number;
  /** Households still to write: call commit again while this is above 0. */
  remaining: number;
}

export interface ImportLogView {
  id: string;
  /** The importer's profile name (or `未留名`). */
  by: string;
  at: string;
  /** The uploaded file's name. */
  file: string;
  rows: number;
  households: number;
  members: number;
  errors: number;
  gridId: string;
  status: 'previewed' | 'committing' | 'done';
}

export interface ImportsApi {
  template: { req: In<typeof importsSchemas.template>; res: { fileID: string; tempFileURL: string } };
  preview: { req: In<typeof importsSchemas.preview>; res: ImportPreview };
  commit: { req: In<typeof importsSchemas.commit>; res: ImportCommitResult };
  list: { req: In<typeof importsSchemas.list>; res: Page<ImportLogView> };
}

import type { ExportFile } from '../../miniprogram/shared/api';
import { callInternal } from '../core/internal';
import type { NewExport } from './store';

/** One sheet: a bold header row, then the rows. */
export interface XlsxSheet {
  sheet: string;
  header: string[];
  rows: (string | number)[][];
  /** Column widths in characters. */
  widths?: number[];
}

/** A spreadsheet for the `exports` function to write into cloud storage: one sheet, or more with `more`. */
export interface XlsxRequest extends Pick<NewExport, 'kind' | 'targetId' | 'createdBy'> {
  /** Under `exports/`, ending in `.xlsx`. */
  cloudPath: string;
  /** Further sheets after the first (a monthly report: totals, then one per breakdown and per child org). */
  more?: XlsxSheet[];
  sheet: string;
  header: string[];
  rows: (string | number)[][];
  /** Column widths in characters. */
  widths?: number[];
}

/** The file written: a link valid for a few minutes; the file itself is deleted soon after (./store.ts). */
export type XlsxFile = ExportFile;

/**
 * Writes an .xlsx file through the `exports` function, which alone carries the spreadsheet library: the functions
 * that export stay small, and their cold starts short.
 */
export function writeXlsx(req: XlsxRequest): Promise<XlsxFile> {
  return callInternal<XlsxFile>('exports', { ...req });
}

import type { ExportFile } from '../../miniprogram/shared/api';
import { callInternal } from '../core/internal';
import type { NewExport } from './store';

/** A one-sheet spreadsheet for the `exports` function to write into cloud storage. */
export interface XlsxRequest extends Pick<NewExport, 'kind' | 'targetId' | 'createdBy'> {
  /** Under `exports/`, ending in `.xlsx`. */
  cloudPath: string;
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

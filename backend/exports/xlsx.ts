import { callInternal } from '../core/internal';

/** A one-sheet spreadsheet for the `exports` function to write into cloud storage. */
export interface XlsxRequest {
  /** Under `exports/`, ending in `.xlsx`. */
  cloudPath: string;
  sheet: string;
  header: string[];
  rows: (string | number)[][];
  /** Column widths in characters. */
  widths?: number[];
}

export interface XlsxFile {
  fileID: string;
  tempUrl?: string;
}

/**
 * Writes an .xlsx file through the `exports` function, which alone carries the spreadsheet library: the functions
 * that export stay small, and their cold starts short.
 */
export function writeXlsx(req: XlsxRequest): Promise<XlsxFile> {
  return callInternal<XlsxFile>('exports', { ...req });
}

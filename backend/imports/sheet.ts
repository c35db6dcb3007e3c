import * as XLSX from '@e965/xlsx';

/**
 * Reading and writing the ledger spreadsheet with SheetJS (`@e965/xlsx`, bundled into the `imports` function only).
 * Cells are read as the text a person sees: dates (a number with a date format) become `YYYY-MM-DD`, whole numbers
 * their digits; everything is trimmed.
 */

export interface SheetRow {
  /** The spreadsheet's row number (the header is row 1). */
  row: number;
  cells: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'n' && typeof cell.v === 'number') {
    if (cell.z && XLSX.SSF.is_date(cell.z)) {
      const d = XLSX.SSF.parse_date_code(cell.v);
      return `${d.y}-${pad(d.m)}-${pad(d.d)}`;
    }
    // An 18-digit ID number typed as a number has already lost its last digits: its text shows what is left.
    return Number.isSafeInteger(cell.v) ? String(cell.v) : (cell.w ?? String(cell.v)).trim();
  }
  if (cell.t === 'd' && cell.v instanceof Date) {
    const v = cell.v;
    return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
  }
  if (cell.t === 'e') return (cell.w ?? '').trim();
  return String(cell.v).trim();
}

/** The first sheet's header and its non-blank rows (each `width` cells); undefined when the file is no spreadsheet. */
export function readSheet(
  content: Buffer,
  width: number,
  maxRows: number,
): { header: string[]; rows: SheetRow[]; tooMany: boolean } | undefined {
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(content, { type: 'buffer', cellNF: true, cellFormula: false, cellHTML: false });
  } catch {
    return undefined;
  }
  const sheet = book.SheetNames.length ? book.Sheets[book.SheetNames[0]] : undefined;
  if (!sheet?.['!ref']) return { header: [], rows: [], tooMany: false };
  const range = XLSX.utils.decode_range(sheet['!ref']);
  const read = (r: number) =>
    Array.from({ length: width }, (_, c) => cellText(sheet[XLSX.utils.encode_cell({ r, c: range.s.c + c })]));
  const header = read(range.s.r);
  const rows: SheetRow[] = [];
  for (let r = range.s.r + 1; r <= range.e.r; r++) {
    const cells = read(r);
    if (cells.every((c) => c === '')) continue;
    if (rows.length === maxRows) return { header, rows, tooMany: true };
    rows.push({ row: r + 1, cells });
  }
  return { header, rows, tooMany: false };
}

export interface SheetSpec {
  name: string;
  rows: string[][];
  /** Column widths in characters. */
  widths?: number[];
}

/** An .xlsx file of the given sheets; every cell is text (ID numbers and phones keep all their digits). */
export function writeSheets(sheets: SheetSpec[]): Buffer {
  const book = XLSX.utils.book_new();
  for (const spec of sheets) {
    const sheet = XLSX.utils.aoa_to_sheet(spec.rows);
    if (spec.widths) sheet['!cols'] = spec.widths.map((wch) => ({ wch }));
    XLSX.utils.book_append_sheet(book, sheet, spec.name.slice(0, 31));
  }
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

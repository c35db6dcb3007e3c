/**
 * Ledger files for the import page tests (the pages' TypeScript cannot use Node's fs or the spreadsheet library):
 * the rows of the repo's sample ledger (scripts/demo/ledger-sample.xlsx, made by scripts/demo/ledger.ts) and an
 * .xlsx of any rows, as the bytes `wx.getFileSystemManager().readFile` hands the page.
 */
const fs = require('fs');
const path = require('path');
const XLSX = require('@e965/xlsx');

const SAMPLE = path.resolve(__dirname, '../../../scripts/demo/ledger-sample.xlsx');

/** The sample's rows, header first, every cell a string ('' when blank). */
function sampleRows() {
  const book = XLSX.read(fs.readFileSync(SAMPLE));
  const sheet = book.Sheets[book.SheetNames[0]];
  return XLSX.utils.sheet_to_json(sheet, { header: 1, defval: '', raw: false }).map((row) => row.map(String));
}

/** An .xlsx of `rows` (header first) as an ArrayBuffer of its own. */
function ledgerBytes(rows) {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), '台账');
  const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx' });
  return Uint8Array.from(bytes).buffer;
}

module.exports = { sampleRows, ledgerBytes };

/** The sample ledger's rows, header first, every cell a string. */
export function sampleRows(): string[][];
/** An .xlsx of `rows` (header first). */
export function ledgerBytes(rows: string[][]): ArrayBuffer;

import writeXlsxFile from 'write-excel-file/node';
import { AppError, invalid } from '../../backend/core/errors';
import { openInternal } from '../../backend/core/internal';
import { isTimerCall, runTimer } from '../../backend/core/timer';
import { removeExpiredExports, storeExport } from '../../backend/exports/store';
import type { XlsxFile, XlsxRequest, XlsxSheet } from '../../backend/exports/xlsx';

const MAX_ROWS = 20_000;

function check(req: XlsxRequest): void {
  if (!/^exports\/[A-Za-z0-9_\-/]+\.xlsx$/.test(req.cloudPath) || req.cloudPath.includes('..')) {
    throw invalid({ cloudPath: '导出路径无效' });
  }
  if (!Array.isArray(req.header) || !Array.isArray(req.rows) || req.rows.length > MAX_ROWS) {
    throw invalid({ rows: '导出内容无效' });
  }
}

function sheetOf(s: XlsxSheet) {
  const header = s.header.map((value) => ({ value, fontWeight: 'bold' as const }));
  return {
    data: [header, ...s.rows],
    sheet: s.sheet.slice(0, 31),
    stickyRowsCount: 1,
    ...(s.widths ? { columns: s.widths.map((width) => ({ width })) } : {}),
  };
}

async function writeSpreadsheet(req: XlsxRequest): Promise<XlsxFile> {
  check(req);
  const more = req.more ?? [];
  if (!Array.isArray(more) || more.length > 100) throw invalid({ more: '导出内容无效' });
  for (const s of more) check({ ...req, ...s });
  const { data, ...first } = sheetOf(req);
  const buffer = more.length
    ? await writeXlsxFile([sheetOf(req), ...more.map(sheetOf)]).toBuffer()
    : await writeXlsxFile(data, first).toBuffer();
  return storeExport({
    cloudPath: req.cloudPath,
    content: buffer,
    kind: req.kind,
    targetId: req.targetId,
    createdBy: req.createdBy,
  });
}

/**
 * Writes spreadsheets for the other functions (internal only: every call must be signed, see
 * backend/core/internal.ts), and owns the life of exported files: its hourly timer trigger (config.json) deletes
 * every export past its expiry. Holds the one copy of the spreadsheet library, so that no other bundle carries it.
 */
export async function main(event: Record<string, unknown>) {
  if (isTimerCall(event)) return runTimer('exports', () => removeExpiredExports());
  try {
    return { ok: true, data: await writeSpreadsheet(openInternal<XlsxRequest>('exports', event)) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toBody() };
    console.error(`[exports] failed: ${String((err as Error)?.message ?? err)}`);
    return { ok: false, error: { code: 'INTERNAL', message: '导出失败，请稍后再试' } };
  }
}

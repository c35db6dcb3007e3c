import writeXlsxFile from 'write-excel-file/node';
import { cloud } from '../../backend/core/cloud';
import { AppError, invalid } from '../../backend/core/errors';
import { openInternal } from '../../backend/core/internal';
import type { XlsxFile, XlsxRequest } from '../../backend/exports/xlsx';

const MAX_ROWS = 20_000;

function check(req: XlsxRequest): void {
  if (!/^exports\/[A-Za-z0-9_\-/]+\.xlsx$/.test(req.cloudPath) || req.cloudPath.includes('..')) {
    throw invalid({ cloudPath: '导出路径无效' });
  }
  if (!Array.isArray(req.header) || !Array.isArray(req.rows) || req.rows.length > MAX_ROWS) {
    throw invalid({ rows: '导出内容无效' });
  }
}

/**
 * Writes spreadsheets for the other functions (internal only: every call must be signed, see
 * backend/core/internal.ts). Holds the one copy of the spreadsheet library, so that no other bundle carries it.
 */
export async function main(event: Record<string, unknown>) {
  try {
    const req = openInternal<XlsxRequest>('exports', event);
    check(req);
    const header = req.header.map((value) => ({ value, fontWeight: 'bold' as const }));
    const buffer = await writeXlsxFile([header, ...req.rows], {
      sheet: req.sheet.slice(0, 31),
      stickyRowsCount: 1,
      ...(req.widths ? { columns: req.widths.map((width) => ({ width })) } : {}),
    }).toBuffer();
    const { fileID } = (await cloud.uploadFile({ cloudPath: req.cloudPath, fileContent: buffer })) as {
      fileID: string;
    };
    const urls = (await cloud.getTempFileURL({ fileList: [fileID] })) as { fileList: { tempFileURL?: string }[] };
    const tempUrl = urls.fileList[0]?.tempFileURL;
    const data: XlsxFile = tempUrl ? { fileID, tempUrl } : { fileID };
    return { ok: true, data };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toBody() };
    console.error(`[exports] failed: ${String((err as Error)?.message ?? err)}`);
    return { ok: false, error: { code: 'INTERNAL', message: '导出失败，请稍后再试' } };
  }
}

import type { ReqOf } from '../shared/api';
import { callCloud } from './cloud';
import { CloudCallError } from './errors';
import { myOpenid, newClientToken, storage } from './requests';

/** The ledger template (.xlsx with the fixed headers and a sheet of accepted labels); a 10-minute link. */
export const ledgerTemplate = () => callCloud('imports', 'template', {});

/** Checks an uploaded ledger for a grid: counts, every bad row, duplicates. Writes nothing but the import record. */
export const previewLedger = (req: ReqOf<'imports', 'preview'>) => callCloud('imports', 'preview', req);

/** Writes a previewed import in steps: `remaining > 0` means call again (it goes on where it stopped). */
export const commitLedger = (importId: string) => callCloud('imports', 'commit', { importId });

/** Import logs of an org's subtree, newest first. */
export const listImports = (req: ReqOf<'imports', 'list'>) => callCloud('imports', 'list', req);

/**
 * The file's name as it is stored: ASCII only (cloud paths with other characters are a source of trouble in
 * links), made unique by time, always ending in .xlsx. `台账 2026.xlsx` → `m3x9k2-2026.xlsx`.
 */
export function ledgerFileName(chosen: string, now = Date.now()): string {
  const stem = chosen
    .replace(/\.xlsx$/i, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${now.toString(36)}-${stem || newClientToken().slice(-6)}.xlsx`;
}

/**
 * Uploads a chosen ledger into the caller's own folder `imports/<openid>/` (the only place `preview` reads from);
 * resolves with its fileID.
 */
export async function uploadLedger(filePath: string, name: string): Promise<string> {
  if (!/\.xlsx$/i.test(name)) throw new CloudCallError('INVALID_ARGUMENT', '请选择 Excel 文件（.xlsx）');
  const cloudPath = `imports/${await myOpenid()}/${ledgerFileName(name)}`;
  try {
    return await storage().upload(cloudPath, filePath, () => undefined);
  } catch {
    throw new CloudCallError('NETWORK', '文件上传失败，请检查网络后重试');
  }
}

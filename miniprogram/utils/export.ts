import { env } from '../config/env';
import type { ExportFile } from '../shared/api';
import { toast } from './feedback';

/**
 * Opens an exported .xlsx in WeChat's viewer (whose menu shares or saves it); locally there is no cloud download,
 * so the file's link is copied instead and `copiedText` says so.
 */
export async function openExportFile(
  file: Pick<ExportFile, 'fileID' | 'tempUrl'> & { tempFileURL?: string | null },
  copiedText = '已导出，下载链接已复制',
): Promise<void> {
  if (env.mode === 'local') {
    await wx.setClipboardData({ data: file.tempUrl || file.tempFileURL || file.fileID });
    toast(copiedText);
    return;
  }
  const { tempFilePath } = await wx.cloud.downloadFile({ fileID: file.fileID });
  await wx.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true });
}

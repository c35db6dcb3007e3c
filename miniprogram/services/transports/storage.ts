import { env } from '../../config/env';
import { currentPersona } from '../../config/personas';
import { CloudCallError } from '../errors';

/**
 * Cloud storage for the pages, in the two modes `config/env.ts` selects (the file counterpart of `local.ts` and
 * `wxcloud.ts`): uploading a local file to `cloudPath` and turning fileIDs into URLs an `<image>` can show.
 */
export interface StorageTransport {
  /** Uploads `filePath` (a temp path from wx.chooseMedia) to `cloudPath`; resolves with the fileID. */
  upload(cloudPath: string, filePath: string, onProgress: (percent: number) => void): Promise<string>;
  /** URLs to display the files, '' for those that cannot be shown. */
  tempUrls(fileIds: string[]): Promise<string[]>;
}

const TIMEOUT_MS = 60000;
const uploadFailed = () => new CloudCallError('NETWORK', '图片上传失败，请检查网络后重试');

/** Production: wx.cloud.uploadFile (its task reports progress) and wx.cloud.getTempFileURL. */
export const wxCloudStorage: StorageTransport = {
  upload: (cloudPath, filePath, onProgress) =>
    new Promise((resolve, reject) => {
      const task = wx.cloud.uploadFile({
        cloudPath,
        filePath,
        success: (res) => {
          onProgress(100);
          resolve(res.fileID);
        },
        fail: () => reject(uploadFailed()),
      });
      task?.onProgressUpdate?.((res) => onProgress(res.progress));
    }),

  tempUrls: async (fileIds) => {
    if (!fileIds.length) return [];
    try {
      const res = (await wx.cloud.getTempFileURL({ fileList: fileIds })) as unknown as ICloud.GetTempFileURLResult;
      const byId = new Map(res.fileList.map((f) => [f.fileID, f.tempFileURL]));
      return fileIds.map((id) => byId.get(id) ?? '');
    } catch {
      return fileIds.map(() => '');
    }
  },
};

function readFile(filePath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().readFile({
      filePath,
      success: (res) => resolve(res.data as ArrayBuffer),
      fail: () => reject(new CloudCallError('INTERNAL', '读取图片失败，请重新选择')),
    });
  });
}

/**
 * The local cloud: `PUT <localUrl>/storage/client/<cloudPath>` with the raw bytes, as the chosen persona; it answers
 * `{ fileID }`. There is no progress event, so progress jumps from 0 to 100. Signed download URLs come only from the
 * admin API, which the client may not use: locally request photos are shown as placeholders.
 */
export const localCloudStorage: StorageTransport = {
  async upload(cloudPath, filePath, onProgress) {
    onProgress(0);
    const data = await readFile(filePath);
    const path = cloudPath.split('/').map(encodeURIComponent).join('/');
    const fileID = await new Promise<string>((resolve, reject) => {
      wx.request({
        url: `${env.localUrl}/storage/client/${path}`,
        method: 'PUT',
        data,
        header: { 'content-type': 'application/octet-stream', 'X-WX-OPENID': currentPersona() },
        timeout: TIMEOUT_MS,
        success(res) {
          const body = res.data as { fileID?: unknown } | undefined;
          if (res.statusCode === 200 && typeof body?.fileID === 'string') resolve(body.fileID);
          else reject(uploadFailed());
        },
        fail: () => reject(uploadFailed()),
      });
    });
    onProgress(100);
    return fileID;
  },

  tempUrls: async (fileIds) => fileIds.map(() => ''),
};

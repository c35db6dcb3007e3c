import { CloudCallError } from './errors';
import { imageExtension, myOpenid, newClientToken, storage } from './requests';

/** The storage folders photos go to; each function accepts only files under `<folder>/<caller's openid>/`. */
export type ImageFolder = 'requests' | 'notices';

/**
 * Uploads a photo into the caller's own folder (`<folder>/<openid>/<time>-<random>.<ext>`), reporting progress in
 * percent; resolves with the fileID to send.
 */
export async function uploadImage(
  folder: ImageFolder,
  filePath: string,
  onProgress: (percent: number) => void,
): Promise<string> {
  const ext = imageExtension(filePath);
  if (!ext) throw new CloudCallError('INVALID_ARGUMENT', '只支持 JPG、PNG、WEBP 图片');
  const name = `${Date.now().toString(36)}-${newClientToken().slice(-8)}.${ext}`;
  return storage().upload(`${folder}/${await myOpenid()}/${name}`, filePath, onProgress);
}

/** URLs to show photos ('' where none is available: locally, see transports/storage.ts). */
export const imageUrls = (fileIds: string[]) => storage().tempUrls(fileIds);

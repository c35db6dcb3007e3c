import { IMAGE_EXTENSIONS, MAX_IMAGE_BYTES } from '../../miniprogram/shared/requests';
import { cloud } from '../core/cloud';
import { invalid } from '../core/errors';

const SIGNATURES: { ext: readonly string[]; test: (b: Buffer) => boolean }[] = [
  { ext: ['jpg', 'jpeg'], test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: ['png'], test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  {
    ext: ['webp'],
    test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/**
 * Request photos must be the caller's own uploads: the mini program uploads to `requests/<openid>/...` (storage
 * rules let only that user write there), and each file is read back to check its size and that its bytes really
 * are the image type its name says. Notices and event reviews use the same check on their own top folder
 * (`folder`), naming each file's field with `fieldOf` (a body block's `body.3.fileID`).
 */
export async function verifyImages(
  openid: string,
  fileIds: string[],
  folder = 'requests',
  fieldOf: (i: number) => string = (i) => `images.${i}`,
): Promise<void> {
  const ownFolder = `/${folder}/${openid}/`;
  for (const [i, fileID] of fileIds.entries()) {
    const field = fieldOf(i);
    const path = fileID.replace(/^cloud:\/\/[^/]+/, '');
    const ext = path.split('.').pop()?.toLowerCase() ?? '';
    if (!path.startsWith(ownFolder) || path.slice(ownFolder.length).includes('/'))
      throw invalid({ [field]: '只能使用本人上传的图片' });
    if (!(IMAGE_EXTENSIONS as readonly string[]).includes(ext))
      throw invalid({ [field]: '只支持 JPG、PNG、WEBP 图片' });
    let content: Buffer;
    try {
      content = ((await cloud.downloadFile({ fileID })) as { fileContent: Buffer }).fileContent;
    } catch {
      throw invalid({ [field]: '图片不存在，请重新上传' });
    }
    if (content.length > MAX_IMAGE_BYTES)
      throw invalid({ [field]: `图片不能超过 ${MAX_IMAGE_BYTES / 1024 / 1024} MB` });
    if (!SIGNATURES.some((s) => s.ext.includes(ext) && s.test(content)))
      throw invalid({ [field]: '文件不是有效的图片' });
  }
}

import { bodyText, MAX_NOTICE_IMAGES, NOTICE_IMAGE_FOLDER, type NoticeBlock } from '../../miniprogram/shared/notices';
import { checkText } from '../../backend/core/content';
import { invalid } from '../../backend/core/errors';
import { verifyImages } from '../../backend/requests/images';

/** msgSecCheck takes at most 2500 characters a call: a long body is checked in pieces. */
const CHECK_CHUNK = 2500;

/** The content check on a body's text (all blocks at once, in pieces of what one check takes). */
export async function checkBody(openid: string, body: readonly NoticeBlock[]): Promise<void> {
  const text = bodyText(body);
  for (let at = 0; at < text.length; at += CHECK_CHUNK) {
    await checkText(openid, 'body', text.slice(at, at + CHECK_CHUNK));
  }
}

/**
 * Images a notice or review is given must be the caller's own uploads (`notices/<openid>/…`, checked as request
 * photos are), except those it already holds: another staff member may edit a notice without re-uploading them.
 * `fields` names each image's input field (`images.2`, `body.3.fileID`).
 */
export async function verifyNewImages(
  openid: string,
  images: { fileID: string; field: string }[],
  alreadyHeld: readonly string[] = [],
): Promise<void> {
  const fresh = images.filter((img) => !alreadyHeld.includes(img.fileID));
  await verifyImages(
    openid,
    fresh.map((img) => img.fileID),
    NOTICE_IMAGE_FOLDER,
    (i) => fresh[i].field,
  );
}

/** Every image of a notice's input, with its field, refusing more than the notice may carry. */
export function imagesOf(body: readonly NoticeBlock[], images: readonly string[]): { fileID: string; field: string }[] {
  const all = [
    ...body.flatMap((b, i) => (b.type === 'img' ? [{ fileID: b.fileID, field: `body.${i}.fileID` }] : [])),
    ...images.map((fileID, i) => ({ fileID, field: `images.${i}` })),
  ];
  if (all.length > MAX_NOTICE_IMAGES) throw invalid({ images: `正文和配图最多 ${MAX_NOTICE_IMAGES} 张图片` });
  return all;
}

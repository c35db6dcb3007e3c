import crypto from 'node:crypto';
import type { ExportFile } from '../../miniprogram/shared/api';
import { _, cloud, db } from '../core/cloud';
import { COLLECTIONS } from '../core/collections';
import { toIso } from '../core/time';

/**
 * Exported files (rosters with phones, door plates with every address of a grid) live only briefly: the link
 * handed out is valid for EXPORT_MINUTES, each file is recorded in `exports` with its `expiresAt`, and the hourly
 * timer of the `exports` function deletes every file past it (`removeExpiredExports`).
 */
export const EXPORT_MINUTES = 10;
export const EXPORT_NOTE = `链接${EXPORT_MINUTES}分钟内有效，文件将自动删除`;

export interface ExportDoc {
  _id: string;
  fileID: string;
  /** What was exported, e.g. `event.roster` or `plates.grid`, and of what. */
  kind: string;
  targetId: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface NewExport {
  cloudPath: string;
  content: Buffer;
  kind: string;
  targetId: string;
  createdBy: string;
}

/** Uploads an export, records it for deletion, and answers with a link valid for EXPORT_MINUTES. */
export async function storeExport(file: NewExport): Promise<ExportFile> {
  const { fileID } = (await cloud.uploadFile({ cloudPath: file.cloudPath, fileContent: file.content })) as {
    fileID: string;
  };
  const createdAt = new Date();
  // Whole seconds, as the answer tells it.
  const expiresAt = new Date(Math.floor(createdAt.getTime() / 1000) * 1000 + EXPORT_MINUTES * 60_000);
  // Recorded before any link exists: whatever is handed out is on the list of files to delete.
  const record: ExportDoc = {
    _id: crypto.randomBytes(16).toString('hex'),
    fileID,
    kind: file.kind,
    targetId: file.targetId,
    createdBy: file.createdBy,
    createdAt,
    expiresAt,
  };
  await db.collection(COLLECTIONS.exports).add({ data: { ...record } });
  const urls = (await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: EXPORT_MINUTES * 60 }] })) as {
    fileList: { tempFileURL?: string }[];
  };
  const tempUrl = urls.fileList[0]?.tempFileURL;
  const answer: ExportFile = { fileID, expiresAt: toIso(expiresAt), note: EXPORT_NOTE };
  if (tempUrl) answer.tempUrl = tempUrl;
  return answer;
}

/** deleteFile takes at most 50 files a call; a run handles a bounded number (the next run takes the rest). */
const BATCH = 50;
const MAX_BATCHES = 20;
/** The storage's "no such file": the file is gone either way. */
const FILE_NOT_FOUND = -503003;

/** Deletes every export past its `expiresAt`, and its record. A file that fails to delete stays on the list. */
export async function removeExpiredExports(now = new Date()): Promise<{ deleted: number; failed: number }> {
  let deleted = 0;
  let failed = 0;
  const failedIds: string[] = [];
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const where: Record<string, unknown> = { expiresAt: _.lte(now) };
    if (failedIds.length) where._id = _.nin(failedIds);
    const { data } = await db.collection(COLLECTIONS.exports).where(where).limit(BATCH).get();
    const docs = data as unknown as ExportDoc[];
    if (docs.length === 0) break;
    const res = (await cloud.deleteFile({ fileList: docs.map((d) => d.fileID) })) as {
      fileList: { fileID: string; status: number }[];
    };
    const gone = new Set(
      res.fileList.filter((f) => f.status === 0 || f.status === FILE_NOT_FOUND).map((f) => f.fileID),
    );
    const done = docs.filter((d) => gone.has(d.fileID)).map((d) => d._id);
    if (done.length)
      await db
        .collection(COLLECTIONS.exports)
        .where({ _id: _.in(done) })
        .remove();
    deleted += done.length;
    for (const d of docs) if (!gone.has(d.fileID)) failedIds.push(d._id);
    failed = failedIds.length;
    if (docs.length < BATCH) break;
  }
  return { deleted, failed };
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { CloudError } from './errors';

const MAX_AGE_DEFAULT = 24 * 3600;
const UPLOAD_TTL_MS = 15 * 60_000;
export const BUCKET = 'local-bucket';

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface FileRecord {
  path: string;
  size: number;
  owner: string | null;
  uploadedAt: number;
}

/**
 * Cloud storage on the local disk: the COS-style upload handshake the SDK performs (metadata, then a PUT to the
 * returned URL), signed temporary download URLs with an expiry, deletion, and a record of who uploaded each file.
 */
export class LocalStorage {
  private readonly root: string;
  private readonly secret: Buffer;
  private readonly pendingUploads = new Map<string, { path: string; owner: string | null; expires: number }>();

  constructor(
    dataDir: string,
    private readonly sql: Database.Database,
    private readonly envId: string,
    private readonly publicUrl: () => string,
  ) {
    this.root = path.join(dataDir, 'storage');
    fs.mkdirSync(this.root, { recursive: true });
    sql.exec(`CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, owner TEXT, uploaded_at INTEGER NOT NULL);
              CREATE TABLE IF NOT EXISTS storage_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL);`);
    const row = sql.prepare('SELECT secret FROM storage_secret WHERE id = 1').get() as { secret: Buffer } | undefined;
    this.secret = row?.secret ?? crypto.randomBytes(32);
    if (!row) sql.prepare('INSERT INTO storage_secret (id, secret) VALUES (1, ?)').run(this.secret);
  }

  fileIdOf(cloudPath: string): string {
    return `cloud://${this.envId}.${BUCKET}/${cloudPath}`;
  }

  /** `storage.getUploadMetadata`: where to PUT the bytes. */
  uploadMetadata(cloudPath: unknown, owner: string | null): Record<string, unknown> {
    const p = checkCloudPath(cloudPath);
    const token = crypto.randomBytes(16).toString('hex');
    this.pendingUploads.set(token, { path: p, owner, expires: Date.now() + UPLOAD_TTL_MS });
    return {
      url: `${this.publicUrl()}/storage/upload/${token}`,
      token,
      authorization: token,
      fileId: this.fileIdOf(p),
      cosFileId: token,
      download_url: this.signedUrl(p, MAX_AGE_DEFAULT),
    };
  }

  /** The PUT of an upload handshake. */
  completeUpload(token: string, body: Buffer): void {
    const pending = this.pendingUploads.get(token);
    if (!pending || pending.expires < Date.now())
      throw new CloudError('STORAGE_SIGN_PARAM_INVALID', 'upload token is unknown or expired', 403);
    this.pendingUploads.delete(token);
    this.write(pending.path, body, pending.owner);
  }

  /** Writes a file atomically (temp file, then rename) and records its owner. */
  write(cloudPath: string, body: Buffer, owner: string | null): string {
    const p = checkCloudPath(cloudPath);
    const target = path.join(this.root, p);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, body);
    fs.renameSync(tmp, target);
    this.sql
      .prepare(
        'INSERT INTO files (path, size, owner, uploaded_at) VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, owner = excluded.owner, uploaded_at = excluded.uploaded_at',
      )
      .run(p, body.length, owner, Date.now());
    return this.fileIdOf(p);
  }

  record(fileId: string): FileRecord | undefined {
    const p = this.pathOf(fileId);
    if (!p) return undefined;
    const row = this.sql.prepare('SELECT path, size, owner, uploaded_at FROM files WHERE path = ?').get(p) as
      { path: string; size: number; owner: string | null; uploaded_at: number } | undefined;
    return row && { path: row.path, size: row.size, owner: row.owner, uploadedAt: row.uploaded_at };
  }

  /** `storage.batchGetDownloadUrl` */
  downloadUrls(list: unknown): Record<string, unknown>[] {
    if (!Array.isArray(list)) throw new CloudError('INVALID_PARAM', 'file_list must be an array');
    return list.map((item) => {
      const fileID = typeof item?.fileid === 'string' ? item.fileid : '';
      const maxAge = Number.isFinite(item?.max_age) ? Number(item.max_age) : MAX_AGE_DEFAULT;
      const rec = this.record(fileID);
      // The SDK's downloadFile fails with this `message` (without one it says "downloadFile:fail undefined").
      const missing = { code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exists' };
      if (!rec) return { fileID, tempFileURL: '', ...missing, maxAge };
      return {
        fileID,
        tempFileURL: this.signedUrl(rec.path, maxAge),
        download_url: this.signedUrl(rec.path, maxAge),
        code: 'SUCCESS',
        maxAge,
      };
    });
  }

  /** `storage.batchDeleteFile` */
  delete(list: unknown): Record<string, unknown>[] {
    if (!Array.isArray(list)) throw new CloudError('INVALID_PARAM', 'fileid_list must be an array');
    return list.map((fileID) => {
      const rec = typeof fileID === 'string' ? this.record(fileID) : undefined;
      if (!rec) return { fileID, code: 'STORAGE_FILE_NONEXIST' };
      this.sql.prepare('DELETE FROM files WHERE path = ?').run(rec.path);
      fs.rmSync(path.join(this.root, rec.path), { force: true });
      return { fileID, code: 'SUCCESS' };
    });
  }

  /** Serves `GET /storage/file/<path>?t=<expiry>&sign=<hmac>`; undefined when the URL is forged or expired. */
  read(
    cloudPath: string,
    expires: string | null,
    sign: string | null,
  ): { body: Buffer; contentType: string } | undefined {
    if (!expires || !sign || Number(expires) < Date.now() / 1000) return undefined;
    const expected = this.sign(cloudPath, expires);
    if (sign.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(sign), Buffer.from(expected)))
      return undefined;
    const rec = this.sql.prepare('SELECT path FROM files WHERE path = ?').get(cloudPath);
    if (!rec) return undefined;
    const body = fs.readFileSync(path.join(this.root, cloudPath));
    return { body, contentType: CONTENT_TYPES[path.extname(cloudPath).toLowerCase()] ?? 'application/octet-stream' };
  }

  private pathOf(fileId: string): string | undefined {
    const prefix = `cloud://${this.envId}.${BUCKET}/`;
    return fileId.startsWith(prefix) ? fileId.slice(prefix.length) : undefined;
  }

  private signedUrl(cloudPath: string, maxAge: number): string {
    const expires = String(Math.floor(Date.now() / 1000) + maxAge);
    const encoded = cloudPath.split('/').map(encodeURIComponent).join('/');
    return `${this.publicUrl()}/storage/file/${encoded}?t=${expires}&sign=${this.sign(cloudPath, expires)}`;
  }

  private sign(cloudPath: string, expires: string): string {
    return crypto.createHmac('sha256', this.secret).update(`${cloudPath}\n${expires}`).digest('hex');
  }
}

/** A cloud path is relative, has no `..` or empty segments, and fits COS's key length. */
export function checkCloudPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 850) {
    throw new CloudError('INVALID_PARAM', 'cloudPath must be a non-empty string of at most 850 characters');
  }
  const parts = value.split('/');
  if (value.includes('\\') || value.includes('\0') || parts.some((s) => s === '' || s === '.' || s === '..')) {
    throw new CloudError('INVALID_PARAM', `invalid cloudPath: ${value}`);
  }
  return value;
}

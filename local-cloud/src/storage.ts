import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { CloudError } from './errors';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, ensurePrivateDir } from './private-files';

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
 * returned URL), signed temporary download URLs with an expiry, deletion, a record of who uploaded each file, and
 * the storage rule for the mini program's own uploads (`clientWriteRefusal`).
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
    /** Top folders a client may upload into; undefined = any (still only its own `<folder>/<openid>/`). */
    private readonly clientFolders?: readonly string[],
  ) {
    this.root = path.join(dataDir, 'storage');
    ensurePrivateDir(this.root);
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

  /**
   * Why a client (`/storage/client`, the mini program's wx.cloud.uploadFile) may not write `cloudPath`, or undefined
   * when it may. The rule the product deploys to CloudBase (docs/deploy.md): a client writes only
   * `<folder>/<own openid>/<file name>`, only into the client folders, and never replaces a file someone else (or a
   * function) wrote. Server-side writes (the SDK through /admin) are not subject to it, as on the platform.
   */
  clientWriteRefusal(cloudPath: string, openid: string): string | undefined {
    const p = checkCloudPath(cloudPath);
    const [folder, owner, ...rest] = p.split('/');
    if (this.clientFolders && !this.clientFolders.includes(folder))
      return `${folder}/ is not a folder clients may upload into`;
    if (owner !== openid || rest.length !== 1) return 'a client uploads only as <folder>/<its own openid>/<file name>';
    const existing = this.sql.prepare('SELECT owner FROM files WHERE path = ?').get(p) as
      { owner: string | null } | undefined;
    if (existing && existing.owner !== openid) return 'the file exists and belongs to someone else';
    return undefined;
  }

  /** Writes a file atomically (temp file, then rename) and records its owner. */
  write(cloudPath: string, body: Buffer, owner: string | null): string {
    const p = checkCloudPath(cloudPath);
    const target = path.join(this.root, p);
    const tmp = `${target}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
      fs.writeFileSync(tmp, body, { mode: PRIVATE_FILE_MODE });
      fs.renameSync(tmp, target);
    } catch (err) {
      if (fs.existsSync(tmp)) fs.rmSync(tmp);
      throw diskRefusal(err, p);
    }
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

  /** Every file recorded, by path (the console's listing). */
  list(): FileRecord[] {
    const rows = this.sql.prepare('SELECT path, size, owner, uploaded_at FROM files ORDER BY path').all() as {
      path: string;
      size: number;
      owner: string | null;
      uploaded_at: number;
    }[];
    return rows.map((r) => ({ path: r.path, size: r.size, owner: r.owner, uploadedAt: r.uploaded_at }));
  }

  /** The content type a download of `cloudPath` is served with. */
  contentTypeOf(cloudPath: string): string {
    return CONTENT_TYPES[path.extname(cloudPath).toLowerCase()] ?? 'application/octet-stream';
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

  /**
   * Serves `GET /storage/file/<path>?t=<expiry>&sign=<hmac>` (`requestedPath` decoded once); undefined when the URL
   * is forged or expired. The SDK's downloadFile passes the URL through encodeURI, which escapes again the `%` of a
   * character `urlPath` had to escape (`%25`, `%3F`, `%23`): the path decoded once more is taken when it is the one
   * signed. Only a path this server signed can pass, so the extra decoding cannot reach any other file.
   */
  read(
    requestedPath: string,
    expires: string | null,
    sign: string | null,
  ): { body: Buffer; contentType: string } | undefined {
    if (!expires || !sign || Number(expires) < Date.now() / 1000) return undefined;
    const cloudPath = [requestedPath, decodeOnceMore(requestedPath)].find(
      (p) => p !== undefined && this.signatureMatches(p, expires, sign),
    );
    if (cloudPath === undefined) return undefined;
    const rec = this.sql.prepare('SELECT path FROM files WHERE path = ?').get(cloudPath);
    if (!rec) return undefined;
    const body = fs.readFileSync(path.join(this.root, cloudPath));
    return { body, contentType: this.contentTypeOf(cloudPath) };
  }

  private pathOf(fileId: string): string | undefined {
    const prefix = `cloud://${this.envId}.${BUCKET}/`;
    return fileId.startsWith(prefix) ? fileId.slice(prefix.length) : undefined;
  }

  private signedUrl(cloudPath: string, maxAge: number): string {
    const expires = String(Math.floor(Date.now() / 1000) + maxAge);
    return `${this.publicUrl()}/storage/file/${urlPath(cloudPath)}?t=${expires}&sign=${this.sign(cloudPath, expires)}`;
  }

  private signatureMatches(cloudPath: string, expires: string, sign: string): boolean {
    const expected = this.sign(cloudPath, expires);
    return sign.length === expected.length && crypto.timingSafeEqual(Buffer.from(sign), Buffer.from(expected));
  }

  private sign(cloudPath: string, expires: string): string {
    return crypto.createHmac('sha256', this.secret).update(`${cloudPath}\n${expires}`).digest('hex');
  }
}

/**
 * Files mirror their cloud paths on the local disk, which cannot hold everything COS can: a name longer than the
 * file system's 255 bytes (about 80 Chinese characters), or both `a` and `a/b`. The caller's INVALID_PARAM, not a 500.
 */
function diskRefusal(err: unknown, cloudPath: string): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENAMETOOLONG')
    return new CloudError('INVALID_PARAM', `cloudPath: a name in ${cloudPath} is too long for the local disk`);
  if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR')
    return new CloudError('INVALID_PARAM', `cloudPath: ${cloudPath} clashes with a file or folder of the same name`);
  return err;
}

/**
 * The path of a temporary URL as the platform writes it: unescaped (`活动/海报 1.png`), which is why the SDK's
 * downloadFile passes the URL through encodeURI before fetching it. Escaped are only the characters that would end
 * the path or vanish from it (`?`, `#`, controls) and `%`, so that a browser, `fetch` and encodeURI all send the path.
 * An already escaped URL (`%E6%B4%BB`) would come back escaped twice from encodeURI and fail its signature.
 */
function urlPath(cloudPath: string): string {
  return cloudPath.replace(/[%?#\p{Cc}]/gu, (c) => encodeURIComponent(c));
}

/** The path decoded again, when it still holds an escape; undefined otherwise or when the escape is malformed. */
function decodeOnceMore(decoded: string): string | undefined {
  if (!decoded.includes('%')) return undefined;
  try {
    return decodeURIComponent(decoded);
  } catch {
    return undefined;
  }
}

/**
 * A cloud path is relative, has no `..` or empty segments, and fits COS's key length. Chinese characters, spaces
 * and most punctuation are fine, as on the platform; a segment that would climb or split once percent-decoded by
 * whoever reads the path later (`%2e%2e`, `..%2f`, `%5c`, `%00`) is refused like its plain form.
 */
export function checkCloudPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 850) {
    throw new CloudError('INVALID_PARAM', 'cloudPath must be a non-empty string of at most 850 characters');
  }
  if (value.split('/').some((s) => s === '' || climbs(s) || climbs(decodeOnceMore(s) ?? s))) {
    throw new CloudError('INVALID_PARAM', `invalid cloudPath: ${value}`);
  }
  return value;
}

function climbs(segment: string): boolean {
  return segment.includes('\\') || segment.includes('\0') || segment.split('/').some((s) => s === '.' || s === '..');
}

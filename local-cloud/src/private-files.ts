import fs from 'node:fs';

/**
 * DATA_DIR holds the database, uploaded files, the URL-signing key and the local credentials: only the user who
 * runs the local cloud may read it. Folders are 0700 and files 0600, also when an older run left them wider.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) as 0700, and narrows it to 0700 if it exists. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  narrow(dir, PRIVATE_DIR_MODE);
}

/** Narrows an existing file to 0600; a missing file is left missing. */
export function narrowFile(file: string): void {
  if (fs.existsSync(file)) narrow(file, PRIVATE_FILE_MODE);
}

function narrow(target: string, mode: number): void {
  try {
    if ((fs.statSync(target).mode & 0o777) !== mode) fs.chmodSync(target, mode);
  } catch (err) {
    // Someone else's folder (a shared DATA_DIR): the local cloud still runs; its own files are private anyway.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}

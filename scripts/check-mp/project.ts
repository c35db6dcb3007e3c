import fs from 'node:fs';
import path from 'node:path';

interface PackOption {
  type: string;
  value: string;
}

export interface ProjectConfig {
  appid: string;
  /** Folder of the mini program inside the project, without a trailing slash (`miniprogram`). */
  miniprogramRoot: string;
  packIgnore: PackOption[];
}

export interface Subpackage {
  name: string;
  /** Folder under the mini program root, without slashes at either end (`package-grid`). */
  root: string;
}

export function readProjectConfig(projectConfigPath: string): ProjectConfig {
  const raw = JSON.parse(fs.readFileSync(projectConfigPath, 'utf8')) as {
    appid?: string;
    miniprogramRoot?: string;
    packOptions?: { ignore?: PackOption[] };
  };
  return {
    appid: raw.appid ?? '',
    miniprogramRoot: (raw.miniprogramRoot ?? '').replace(/^\.?\/+|\/+$/g, ''),
    packIgnore: raw.packOptions?.ignore ?? [],
  };
}

/**
 * Whether `packOptions.ignore` leaves a file out of the upload. Handles the rule types this project uses (`folder`,
 * `suffix`) and `prefix` / `file`; `rel` is relative to the mini program root, with forward slashes.
 */
export function isPackIgnored(rel: string, ignore: PackOption[]): boolean {
  const parts = rel.split('/');
  return ignore.some(({ type, value }) => {
    const v = value.replace(/^\.?\/+|\/+$/g, '');
    switch (type) {
      case 'folder':
        return v.includes('/') ? rel.startsWith(`${v}/`) : parts.slice(0, -1).includes(v);
      case 'suffix':
        return rel.endsWith(value);
      case 'prefix':
        return parts[parts.length - 1].startsWith(value);
      case 'file':
        return rel === v;
      default:
        return false;
    }
  });
}

export function readSubpackages(miniprogramDir: string): Subpackage[] {
  const app = JSON.parse(fs.readFileSync(path.join(miniprogramDir, 'app.json'), 'utf8')) as {
    subPackages?: { root: string; name?: string }[];
    subpackages?: { root: string; name?: string }[];
  };
  return (app.subPackages ?? app.subpackages ?? []).map((p) => {
    const root = p.root.replace(/^\/+|\/+$/g, '');
    return { name: p.name ?? root, root };
  });
}

/** The subpackage a file belongs to, or undefined for the main package; `rel` is relative to the mini program root. */
export function subpackageOf(rel: string, subpackages: Subpackage[]): Subpackage | undefined {
  return subpackages.find((p) => rel.startsWith(`${p.root}/`));
}

/** 1-based line of the first of `needles` found in `file` (tried in order), or 1 when none is. */
export function lineOf(file: string, ...needles: string[]): number {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return 1;
  }
  for (const needle of needles) {
    const index = text.indexOf(needle);
    if (index >= 0) return text.slice(0, index).split('\n').length;
  }
  return 1;
}

/** Every file below `dir`, relative to it, with forward slashes. */
export function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

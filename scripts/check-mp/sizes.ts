import path from 'node:path';
import { lineOf, subpackageOf, type Subpackage } from './project';
import type { CheckError, PackageSize } from './types';

const MB = 1024 * 1024;
/** WeChat's limits on the uploaded code: main package and each subpackage 2 MB, all packages together 20 MB. */
export const LIMITS = { main: 2 * MB, subpackage: 2 * MB, total: 20 * MB } as const;

/** Sizes of the compiled files (name relative to the mini program root → bytes), per package. */
export function packageSizes(files: Record<string, number>, subpackages: Subpackage[]): PackageSize[] {
  const packages: PackageSize[] = [
    { name: 'main', root: '', bytes: 0, limitBytes: LIMITS.main },
    ...subpackages.map((p) => ({ name: p.name, root: p.root, bytes: 0, limitBytes: LIMITS.subpackage })),
  ];
  for (const [file, bytes] of Object.entries(files)) {
    const sub = subpackageOf(file, subpackages);
    packages.find((p) => p.root === (sub?.root ?? ''))!.bytes += bytes;
  }
  return packages;
}

export function sizeErrors(packages: PackageSize[], dirs: { stageDir: string; miniprogramRoot: string }): CheckError[] {
  const appJson = path.posix.join(dirs.miniprogramRoot, 'app.json');
  const appJsonPath = path.join(dirs.stageDir, appJson);
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  const errors: CheckError[] = [];
  for (const p of packages.filter((x) => x.bytes > x.limitBytes)) {
    const what = p.root ? `subpackage "${p.name}"` : 'the main package';
    errors.push({
      source: 'size',
      file: appJson,
      line: p.root ? lineOf(appJsonPath, `"${p.root}"`) : 1,
      message: `${what} is ${kb(p.bytes)}, over WeChat's limit of ${kb(p.limitBytes)}`,
    });
  }
  const total = packages.reduce((sum, p) => sum + p.bytes, 0);
  if (total > LIMITS.total) {
    errors.push({
      source: 'size',
      file: appJson,
      line: 1,
      message: `all packages together are ${kb(total)}, over WeChat's limit of ${kb(LIMITS.total)}`,
    });
  }
  return errors;
}

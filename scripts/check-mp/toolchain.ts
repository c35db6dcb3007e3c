import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * WeChat's tooling, pinned. miniprogram-ci alone is ~280 MB in ~700 packages, so it is not a devDependency (that
 * would slow every `npm install`): the first run of the check installs it into a cache under node_modules/, and later
 * runs reuse it.
 */
export const TOOLS = { 'miniprogram-ci': '2.1.42', 'miniprogram-compiler': '0.2.3' } as const;

export interface Toolchain {
  /** `require`-able path of miniprogram-ci. */
  ciPath: string;
  /** WeChat's WXML compiler. */
  wcc: string;
  /** WeChat's WXSS compiler. */
  wcsc: string;
}

export function cacheDir(projectRoot: string): string {
  return path.join(projectRoot, 'node_modules/.cache/check-mp');
}

function installedVersion(modules: string, name: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(modules, name, 'package.json'), 'utf8')) as { version?: string })
      .version;
  } catch {
    return undefined;
  }
}

function compilerBinaries(compilerDir: string): { wcc: string; wcsc: string } {
  const platform = { linux: 'linux', darwin: 'mac', win32: 'windows' }[process.platform as string];
  if (!platform) throw new Error(`check:mp: WeChat's WXML/WXSS compilers have no build for ${process.platform}`);
  const ext = process.platform === 'win32' ? '.exe' : '';
  const bin = (name: string) => path.join(compilerDir, 'bin', platform, name + ext);
  return { wcc: bin('wcc'), wcsc: bin('wcsc') };
}

/** Installs the pinned tools into `prefix` with npm, and makes WeChat's compilers executable. */
function install(projectRoot: string, prefix: string): void {
  const specs = Object.entries(TOOLS).map(([name, version]) => `${name}@${version}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // No install scripts: nothing the check uses needs one, and the project's allowScripts does not cover this prefix.
  const args = ['install', '--prefix', prefix, ...specs, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund'];
  const result = spawnSync(npm, args, { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`check:mp: npm ${args.join(' ')} failed`);
  // The npm tarball ships the binaries without the executable bit.
  const { wcc, wcsc } = compilerBinaries(path.join(prefix, 'node_modules/miniprogram-compiler'));
  for (const bin of [wcc, wcsc]) fs.chmodSync(bin, 0o755);
}

/**
 * Installs the pinned tools into the cache unless they are there already, and returns where they are. The install
 * goes to a folder of its own that is then renamed into place, so that two checks starting at once (a test run and
 * `npm run check:mp`) never see a half-written cache: the second rename fails and that check uses the first one's.
 */
export function ensureToolchain(projectRoot: string, log: (line: string) => void): Toolchain {
  const prefix = cacheDir(projectRoot);
  const modules = path.join(prefix, 'node_modules');
  const missing = Object.entries(TOOLS).filter(([name, version]) => installedVersion(modules, name) !== version);
  if (missing.length > 0) {
    const list = missing.map(([n, v]) => `${n}@${v}`).join(' ');
    log(`check:mp: installing ${list} into ${path.relative(projectRoot, prefix)}/ (first run only)`);
    const fresh = `${prefix}.installing-${process.pid}`;
    fs.rmSync(fresh, { recursive: true, force: true });
    install(projectRoot, fresh);
    const stale = `${prefix}.stale-${process.pid}`;
    if (fs.existsSync(prefix)) fs.renameSync(prefix, stale);
    try {
      fs.renameSync(fresh, prefix);
    } catch {
      // Another check put its install in place first.
    }
    for (const dir of [fresh, stale]) fs.rmSync(dir, { recursive: true, force: true });
  }
  const { wcc, wcsc } = compilerBinaries(path.join(modules, 'miniprogram-compiler'));
  return { ciPath: path.join(modules, 'miniprogram-ci'), wcc, wcsc };
}

/**
 * `npm run check:mp`: compiles the mini program offline the way DevTools and upload do, and fails on what WeChat
 * would refuse or what would break on a phone. See docs/devtools.md, "Checking with WeChat's compiler".
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packMiniprogramValibot, packStatsCharts } from '../bundle';
import { checkComponents } from './components';
import { compileError, runWorker } from './compile';
import { isPackIgnored, listFiles, readProjectConfig, readSubpackages } from './project';
import { qualityFindings } from './quality';
import { checkRequires } from './requires';
import { LIMITS, packageSizes, sizeErrors } from './sizes';
import { checkTemplateImports, checkTemplates } from './templates';
import { ensureToolchain } from './toolchain';
import type { CheckError, CheckResult, PackageSize } from './types';

export type { CheckError, CheckResult, PackageSize } from './types';

export interface CheckOptions {
  /** The repo root: project.config.json, package.json and node_modules/. */
  projectRoot: string;
  /** The mini program to check; by default the one project.config.json names. */
  miniprogramDir?: string;
  /** Progress lines (the toolchain install on a first run; where the work folder is kept). */
  log?: (line: string) => void;
  /** Keep the temporary work folder (staged project, compile result, worker's result.json) to look into. */
  keepWorkDir?: boolean;
}

/** Copies the mini program as upload takes it: without miniprogram_npm/ (packed again) and what packOptions ignores. */
function stageMiniprogram(from: string, to: string, packIgnore: Parameters<typeof isPackIgnored>[1]): void {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(from, src).split(path.sep).join('/');
      if (rel === '') return true;
      if (rel === 'miniprogram_npm' || rel === 'node_modules') return false;
      return fs.statSync(src).isDirectory() ? !isPackIgnored(`${rel}/.`, packIgnore) : !isPackIgnored(rel, packIgnore);
    },
  });
}

/**
 * What `npm run build` writes into miniprogram_npm/ next to what npm packing makes (packages that are not
 * `dependencies`, such as valibot): the packing replaces the folder, so these are copied in after it.
 */
async function builtNpmDirs(projectRoot: string, miniprogramRoot: string): Promise<string[]> {
  await packMiniprogramValibot();
  const npmDir = path.join(projectRoot, miniprogramRoot, 'miniprogram_npm');
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const packed = new Set(Object.keys(pkg.dependencies ?? {}));
  return fs
    .readdirSync(npmDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !packed.has(d.name))
    .map((d) => path.join(npmDir, d.name));
}

/** A throwaway signing key: miniprogram-ci insists on one, and nothing is signed or sent. */
function writeThrowawayKey(file: string): void {
  const { privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  fs.writeFileSync(file, privateKey, { mode: 0o600 });
}

/** The compile reports only its first error; drop it when another part of the check found the same spot. */
function withoutRepeats(errors: CheckError[]): CheckError[] {
  const at = (e: CheckError) => `${e.file}:${e.line}`;
  const elsewhere = new Set(errors.filter((e) => e.source !== 'compile').map(at));
  return errors.filter((e) => e.source !== 'compile' || !elsewhere.has(at(e)));
}

export async function checkMiniprogram(options: CheckOptions): Promise<CheckResult> {
  const started = Date.now();
  const { projectRoot, log = () => {} } = options;
  const tools = ensureToolchain(projectRoot, log);
  const config = readProjectConfig(path.join(projectRoot, 'project.config.json'));
  const { miniprogramRoot } = config;
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-mp-'));
  try {
    const stageDir = path.join(runDir, 'project');
    const miniprogramDir = path.join(stageDir, miniprogramRoot);
    const compiledDir = path.join(runDir, 'compiled');
    fs.mkdirSync(stageDir);
    // Built, not committed (like miniprogram_npm): package-stats requires its vendored chart library, so it must exist
    // before the mini program is staged (on a clean clone check:mp runs before npm test's build).
    await packStatsCharts();
    fs.copyFileSync(path.join(projectRoot, 'project.config.json'), path.join(stageDir, 'project.config.json'));
    stageMiniprogram(
      options.miniprogramDir ?? path.join(projectRoot, miniprogramRoot),
      miniprogramDir,
      config.packIgnore,
    );
    const privateKeyPath = path.join(runDir, 'key.pem');
    writeThrowawayKey(privateKeyPath);

    const result = await runWorker(
      {
        ciPath: tools.ciPath,
        stageDir,
        miniprogramRoot,
        appid: config.appid,
        privateKeyPath,
        packageJsonPath: path.join(projectRoot, 'package.json'),
        extraNpmDirs: await builtNpmDirs(projectRoot, miniprogramRoot),
        outDir: compiledDir,
        resultPath: path.join(runDir, 'result.json'),
      },
      path.join(runDir, 'bin'),
    );

    const dirs = { stageDir, miniprogramRoot };
    const subpackages = readSubpackages(miniprogramDir);
    const files = listFiles(miniprogramDir);
    const errors: CheckError[] = [
      ...checkComponents(miniprogramDir, files, miniprogramRoot, subpackages),
      ...checkTemplates({ wcc: tools.wcc, wcsc: tools.wcsc, miniprogramDir, files, miniprogramRoot, subpackages }),
      ...checkTemplateImports({ miniprogramDir, files, miniprogramRoot, subpackages }),
    ];
    const notes = result.packWarnings.map((w) => `npm packing: ${w}`);
    let packages: PackageSize[] = [];
    if (result.compile.ok) {
      const uploaded = Object.keys(result.compile.files);
      errors.push(...checkRequires({ compiledDir, uploaded, miniprogramDir, miniprogramRoot, subpackages }));
      packages = packageSizes(result.compile.files, subpackages);
      errors.push(...sizeErrors(packages, dirs));
    } else {
      errors.push(compileError(result.compile, dirs));
    }
    if (result.quality.ok) {
      const quality = qualityFindings(result.quality.items, dirs);
      errors.push(...quality.errors);
      notes.push(...quality.notes);
    } else {
      // After a failed compile, the same mistake may well be what stopped it: the compile's error says more.
      const message = `code-quality check did not run: ${result.quality.message}`;
      if (result.compile.ok) errors.push({ source: 'quality', file: 'project.config.json', line: 1, message });
      else notes.push(message);
    }

    const sorted = withoutRepeats(errors).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    return {
      errors: sorted,
      packages,
      totalBytes: packages.reduce((sum, p) => sum + p.bytes, 0),
      totalLimitBytes: LIMITS.total,
      notes,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    if (options.keepWorkDir) log(`check:mp: work folder kept: ${runDir}`);
    else fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/** The report `npm run check:mp` prints. */
export function formatReport(result: CheckResult): string {
  const lines: string[] = [];
  for (const e of result.errors) {
    lines.push(`${e.file}:${e.line}${e.column ? `:${e.column}` : ''}  ${e.source}: ${e.message}`);
  }
  for (const note of result.notes) lines.push(`note: ${note}`);
  if (result.packages.length > 0) {
    const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
    const rows = [
      ...result.packages.map((p) => [p.root ? `${p.name} (${p.root}/)` : 'main', kb(p.bytes), kb(p.limitBytes)]),
      ['total', kb(result.totalBytes), kb(result.totalLimitBytes)],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    lines.push('', `${'package'.padEnd(width)}  ${'size'.padStart(9)}  ${'limit'.padStart(9)}`);
    for (const [name, size, limit] of rows)
      lines.push(`${name.padEnd(width)}  ${size.padStart(9)}  ${limit.padStart(9)}`);
  }
  const count = result.errors.length;
  lines.push('', `check:mp: ${count} error${count === 1 ? '' : 's'} in ${result.seconds.toFixed(1)} s`);
  return lines.join('\n');
}

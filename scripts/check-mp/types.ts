/** Which part of the check found a problem. */
export type CheckSource = 'compile' | 'wcc' | 'wcsc' | 'import' | 'components' | 'require' | 'quality' | 'size';

/** One problem, located in the project: `file` is relative to the project root (e.g. `miniprogram/app.json`). */
export interface CheckError {
  source: CheckSource;
  file: string;
  line: number;
  column?: number;
  message: string;
}

export interface PackageSize {
  /** `main`, or the subpackage's `name` (its `root` when it has none). */
  name: string;
  /** Folder under the mini program root; empty for the main package. */
  root: string;
  bytes: number;
  limitBytes: number;
}

export interface CheckResult {
  errors: CheckError[];
  /** The main package first, then each subpackage; empty when the compile failed. */
  packages: PackageSize[];
  totalBytes: number;
  totalLimitBytes: number;
  /** Things worth reading that do not fail the check (npm packing warnings, findings only in third-party code). */
  notes: string[];
  seconds: number;
}

/** What the parent hands to the compile worker (scripts/check-mp/worker.ts), as JSON. */
export interface WorkerRequest {
  /** `require`-able path of the cached miniprogram-ci package. */
  ciPath: string;
  /** The staged project: `project.config.json` and the mini program root below it. */
  stageDir: string;
  miniprogramRoot: string;
  appid: string;
  privateKeyPath: string;
  packageJsonPath: string;
  /** Folders to copy into the staged `miniprogram_npm/` after packing (what `npm run build` writes there). */
  extraNpmDirs: string[];
  /** Where the worker writes the compiled files, one per key of the compile result. */
  outDir: string;
  resultPath: string;
}

export interface QualityItem {
  name: string;
  success: boolean;
  text?: string;
  detail?: unknown;
}

export interface WorkerResult {
  packWarnings: string[];
  compile: { ok: true; files: Record<string, number> } | { ok: false; message: string; code?: number; path?: string };
  quality: { ok: true; items: QualityItem[] } | { ok: false; message: string };
}

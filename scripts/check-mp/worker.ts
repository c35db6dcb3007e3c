/**
 * The part of the check that runs WeChat's own tooling (miniprogram-ci), in a process of its own: it is bundled to
 * plain JS and started by run-worker.ts with no-network.ts preloaded. It packs npm the way DevTools' 构建 npm does
 * (`packNpmManually`), compiles the way upload does (`getCompiledResult`, nothing uploaded) and runs the code-quality
 * check (代码质量), then writes a WorkerResult as JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { QualityItem, WorkerRequest, WorkerResult } from './types';

/** The few parts of miniprogram-ci's API used here. */
interface MiniprogramCi {
  Project: new (options: {
    appid: string;
    type: 'miniProgram';
    projectPath: string;
    privateKeyPath: string;
    /** Undocumented: when a function, the project's attributes come from it instead of WeChat's servers. */
    attr: () => Promise<unknown>;
  }) => object;
  DefaultProjectAttr: unknown;
  packNpmManually(options: {
    packageJsonPath: string;
    miniprogramNpmDistDir: string;
  }): Promise<{ warnList?: { msg?: string; jsPath?: string }[] }>;
  getCompiledResult(options: {
    project: object;
    setting: { useProjectConfig: true };
    onProgressUpdate: () => void;
  }): Promise<Record<string, string | Buffer>>;
  checkCodeQuality(project: object): Promise<QualityItem[]>;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function run(request: WorkerRequest): Promise<WorkerResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require(request.ciPath) as MiniprogramCi;
  const miniprogramDir = path.join(request.stageDir, request.miniprogramRoot);

  const packed = await ci.packNpmManually({
    packageJsonPath: request.packageJsonPath,
    miniprogramNpmDistDir: miniprogramDir,
  });
  const packWarnings = (packed.warnList ?? []).map((w) => `${w.jsPath ?? ''}: ${w.msg ?? ''}`);
  for (const dir of request.extraNpmDirs) {
    fs.cpSync(dir, path.join(miniprogramDir, 'miniprogram_npm', path.basename(dir)), { recursive: true });
  }

  const project = new ci.Project({
    appid: request.appid,
    type: 'miniProgram',
    projectPath: request.stageDir,
    privateKeyPath: request.privateKeyPath,
    attr: async () => ci.DefaultProjectAttr,
  });

  let compile: WorkerResult['compile'];
  try {
    const files = await ci.getCompiledResult({
      project,
      setting: { useProjectConfig: true },
      onProgressUpdate: () => {},
    });
    const sizes: Record<string, number> = {};
    for (const [name, content] of Object.entries(files)) {
      const out = path.join(request.outDir, name);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, content);
      sizes[name] = Buffer.byteLength(content);
    }
    compile = { ok: true, files: sizes };
  } catch (err) {
    const { code, path: file } = err as { code?: unknown; path?: unknown };
    compile = {
      ok: false,
      message: errorMessage(err),
      code: typeof code === 'number' ? code : undefined,
      path: typeof file === 'string' ? file : undefined,
    };
  }

  let quality: WorkerResult['quality'];
  try {
    quality = { ok: true, items: await ci.checkCodeQuality(project) };
  } catch (err) {
    quality = { ok: false, message: errorMessage(err) };
  }
  return { packWarnings, compile, quality };
}

const request = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as WorkerRequest;
run(request)
  .then((result) => {
    fs.writeFileSync(request.resultPath, JSON.stringify(result));
    // The code-quality analyser leaves a file watcher running.
    process.exit(0);
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });

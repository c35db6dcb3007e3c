import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { lineOf } from './project';
import type { CheckError, WorkerRequest, WorkerResult } from './types';

/** Bundles worker.ts and no-network.ts to plain CommonJS: the processes miniprogram-ci starts cannot load TS. */
export async function buildWorker(outdir: string): Promise<{ worker: string; guard: string }> {
  await build({
    entryPoints: { worker: path.join(__dirname, 'worker.ts'), 'no-network': path.join(__dirname, 'no-network.ts') },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  return { worker: path.join(outdir, 'worker.cjs'), guard: path.join(outdir, 'no-network.cjs') };
}

/** The last lines of what the worker printed, for when it dies without a result. */
function tail(text: string): string {
  return text.split('\n').slice(-30).join('\n');
}

/**
 * Runs miniprogram-ci (npm packing, compile, code-quality check) in a worker process, with network access refused in
 * it and in every Node process it starts. Its chatter is kept, and shown only if it fails.
 */
export async function runWorker(request: WorkerRequest, binDir: string): Promise<WorkerResult> {
  const { worker, guard } = await buildWorker(binDir);
  const requestPath = path.join(binDir, 'request.json');
  fs.writeFileSync(requestPath, JSON.stringify(request));
  const nodeOptions = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(guard)}`].filter(Boolean).join(' ');
  const child = spawn(process.execPath, [worker, requestPath], {
    cwd: request.stageDir,
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-64 * 1024);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (status !== 0 || !fs.existsSync(request.resultPath)) {
    throw new Error(`check:mp: the miniprogram-ci worker exited with status ${status}:\n${tail(output)}`);
  }
  return JSON.parse(fs.readFileSync(request.resultPath, 'utf8')) as WorkerResult;
}

/**
 * The compile's error as a CheckError. Its `path` is relative to the project or to the mini program root, and its
 * position, when it has one, is in the message (`20:7:unexpected end tag: view`); a usingComponents error names the
 * tag instead (`["usingComponents"]["t-button"]: …`).
 */
export function compileError(
  failure: { message: string; path?: string },
  dirs: { stageDir: string; miniprogramRoot: string },
): CheckError {
  const { stageDir, miniprogramRoot } = dirs;
  let file = path.posix.join(miniprogramRoot, 'app.json');
  if (failure.path) {
    const rel = failure.path.replace(/\\/g, '/').replace(/^\/+/, '');
    file = fs.existsSync(path.join(stageDir, rel)) ? rel : path.posix.join(miniprogramRoot, rel);
  }
  const firstLine = failure.message.split('\n')[0].trim();
  const position = /^(\d+):(\d+):\s*(.*)$/.exec(firstLine) ?? /\((\d+):(\d+)\)/.exec(firstLine);
  const tag = /\["usingComponents"\]\["([^"]+)"\]/.exec(firstLine);
  const located = { source: 'compile' as const, file };
  if (position) {
    const message = position[3] ?? firstLine;
    return { ...located, line: Number(position[1]), column: Number(position[2]), message };
  }
  const line = tag ? lineOf(path.join(stageDir, file), `"${tag[1]}"`) : 1;
  return { ...located, line, message: firstLine };
}

/**
 * `node local-cloud/dist/cli.js --functions <dir> --collections <file.json>`: the local cloud on its own.
 * Environment: PORT (default 3000), HOST (default 127.0.0.1), DATA_DIR (default .data), FUNCTION_ENV_KEYS
 * (comma-separated names of variables handed to every function), LOCAL_SEC_WORDS (extra msgSecCheck words),
 * CLIENT_UPLOAD_FOLDERS (comma-separated folders the mini program may upload into; default any), and the runtime
 * variables of `runtimeOptionsFromEnv`: MAX_INSTANCES, MAX_INSTANCES_PER_FUNCTION, MAX_COLD_STARTS, CLOCK_OFFSET,
 * TIMERS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseOffset } from './clock';
import { startLocalCloud, type LocalCloudOptions } from './server';
import type { CollectionSpec } from './store';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function readCollections(file: string): CollectionSpec[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { collections: CollectionSpec[] };
  return parsed.collections;
}

/**
 * The options of the function runtime that the environment sets (unset = sized to the machine / the default):
 * MAX_INSTANCES (instances of all functions), MAX_INSTANCES_PER_FUNCTION, MAX_COLD_STARTS (instances loading at
 * once), CLOCK_OFFSET (the clock's shift at start: ms or a duration such as `3d`, `-2h`), TIMERS (`0` = timer
 * triggers fire only by hand). Throws on a malformed value, naming the variable.
 */
export function runtimeOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Pick<
  LocalCloudOptions,
  'maxInstances' | 'maxWorkersPerFunction' | 'maxColdStarts' | 'clockOffsetMs' | 'scheduleTimers'
> {
  const count = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`${name} must be a whole number of at least 1`);
    return Number(text);
  };
  let clockOffsetMs: number | undefined;
  if (env.CLOCK_OFFSET) {
    try {
      clockOffsetMs = parseOffset(env.CLOCK_OFFSET);
    } catch (err) {
      throw new Error(`CLOCK_OFFSET: ${(err as Error).message}`, { cause: err });
    }
  }
  return {
    maxInstances: count('MAX_INSTANCES'),
    maxWorkersPerFunction: count('MAX_INSTANCES_PER_FUNCTION'),
    maxColdStarts: count('MAX_COLD_STARTS'),
    clockOffsetMs,
    scheduleTimers: env.TIMERS !== '0',
  };
}

async function main(): Promise<void> {
  const functionEnv: Record<string, string> = {};
  for (const key of (process.env.FUNCTION_ENV_KEYS ?? '').split(',').filter(Boolean)) {
    if (process.env[key] !== undefined) functionEnv[key] = process.env[key]!;
  }
  const cloud = await startLocalCloud({
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST || undefined,
    dataDir: path.resolve(process.env.DATA_DIR ?? '.data'),
    functionsDir: path.resolve(arg('functions', 'cloudfunctions')),
    collections: readCollections(path.resolve(arg('collections', 'database/collections.json'))),
    functionEnv,
    secWords: (process.env.LOCAL_SEC_WORDS ?? '').split(','),
    clientUploadFolders: process.env.CLIENT_UPLOAD_FOLDERS?.split(',').filter(Boolean),
    ...runtimeOptionsFromEnv(),
  });
  console.log(`local cloud listening on ${cloud.url} (/admin credentials: DATA_DIR/credentials.json)`);
  console.log(`console: ${cloud.consoleUrl}`);
  const stop = () => void cloud.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

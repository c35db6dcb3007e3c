/**
 * `node local-cloud/dist/cli.js --functions <dir> --collections <file.json>`: the local cloud on its own.
 * Environment: PORT (default 3000), DATA_DIR (default .data), FUNCTION_ENV_KEYS (comma-separated names of
 * variables handed to every function), LOCAL_SEC_WORDS (extra msgSecCheck words).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startLocalCloud } from './server';
import type { CollectionSpec } from './store';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function readCollections(file: string): CollectionSpec[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { collections: CollectionSpec[] };
  return parsed.collections;
}

async function main(): Promise<void> {
  const functionEnv: Record<string, string> = {};
  for (const key of (process.env.FUNCTION_ENV_KEYS ?? '').split(',').filter(Boolean)) {
    if (process.env[key] !== undefined) functionEnv[key] = process.env[key]!;
  }
  const cloud = await startLocalCloud({
    port: Number(process.env.PORT ?? 3000),
    dataDir: path.resolve(process.env.DATA_DIR ?? '.data'),
    functionsDir: path.resolve(arg('functions', 'cloudfunctions')),
    collections: readCollections(path.resolve(arg('collections', 'database/collections.json'))),
    functionEnv,
    secWords: (process.env.LOCAL_SEC_WORDS ?? '').split(','),
  });
  console.log(`local cloud listening on ${cloud.url}`);
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

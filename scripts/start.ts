/**
 * `npm start`: the local cloud with this project's functions and collections, the demo community on first run.
 * Environment (see docs/api.md): PORT, HOST, DATA_DIR, SEED, ADMIN_OPENIDS, PII_KEY (+ PII_OLD_KEYS).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { startLocalCloud, type LocalCloud } from '../local-cloud/src';
import { readCollections } from '../local-cloud/src/cli';
import { seedDemo } from './demo/seed';
import { DEMO_PERSONAS } from './demo/data';

const ROOT = path.resolve(__dirname, '..');
export const DEFAULT_ADMIN_OPENIDS = 'demo-admin';

/**
 * Subscribe-message template ids the functions read from their environment. Locally any id works (messages land in
 * the outbox); in the cloud they are the ids of the templates chosen in the mini-program console (docs/deploy.md).
 */
export const LOCAL_TEMPLATES: Record<string, string> = {
  TEMPLATE_REQUEST_UPDATE: 'local-request-update',
  TEMPLATE_EVENT_REMINDER: 'local-event-reminder',
  TEMPLATE_EVENT_CHANGED: 'local-event-changed',
};

function templateEnv(): Record<string, string> {
  const env: Record<string, string> = { ...LOCAL_TEMPLATES };
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('TEMPLATE_') && v) env[k] = v;
  return env;
}

/** Locally PII_KEY may be unset: a key is generated once into DATA_DIR and reused (in the cloud it is required). */
export function loadOrCreatePiiKey(dataDir: string): string {
  const file = path.join(dataDir, 'pii.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32).toString('base64');
  fs.writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}

/** A @cloudbase/node-sdk app pointed at a local cloud. */
export function localApp(url: string): ReturnType<typeof tcb.init> {
  // Without these, node-sdk probes the cloud's metadata host on every call (a DNS lookup that fails offline,
  // adding seconds to the seed and keeping the process alive after close). This process is local-only.
  process.env.TENCENTCLOUD_RUNENV ??= 'SCF';
  process.env.SCF_NAMESPACE ??= 'local';
  process.env.TENCENTCLOUD_REGION ??= 'ap-shanghai';
  return tcb.init({ env: 'local', secretId: 'local', secretKey: 'local', serviceUrl: `${url}/admin` } as Parameters<
    typeof tcb.init
  >[0]);
}

export interface StartOptions {
  port?: number;
  /** 127.0.0.1 by default; 0.0.0.0 lets a phone on the same network reach the local cloud. */
  host?: string;
  dataDir?: string;
  seed?: boolean;
  adminOpenids?: string;
  piiKey?: string;
  log?: (line: string) => void;
}

export async function startProject(opts: StartOptions = {}): Promise<{ cloud: LocalCloud; seeded: boolean }> {
  const dataDir = path.resolve(opts.dataDir ?? process.env.DATA_DIR ?? path.join(ROOT, '.data'));
  const piiKey = opts.piiKey ?? process.env.PII_KEY ?? loadOrCreatePiiKey(dataDir);
  const cloud = await startLocalCloud({
    port: opts.port ?? Number(process.env.PORT ?? 3000),
    host: opts.host ?? process.env.HOST ?? '127.0.0.1',
    dataDir,
    collections: readCollections(path.join(ROOT, 'database/collections.json')),
    functionsDir: path.join(ROOT, 'cloudfunctions'),
    functionEnv: {
      ...templateEnv(),
      ADMIN_OPENIDS: opts.adminOpenids ?? process.env.ADMIN_OPENIDS ?? DEFAULT_ADMIN_OPENIDS,
      PII_KEY: piiKey,
      ...(process.env.PII_OLD_KEYS ? { PII_OLD_KEYS: process.env.PII_OLD_KEYS } : {}),
      ...(process.env.HOUSEHOLD_REQUIRED_FACTS
        ? { HOUSEHOLD_REQUIRED_FACTS: process.env.HOUSEHOLD_REQUIRED_FACTS }
        : {}),
    },
    log: opts.log,
  });
  const seed = opts.seed ?? process.env.SEED !== '0';
  const seeded = seed ? (await seedDemo(localApp(cloud.url), piiKey)) !== undefined : false;
  return { cloud, seeded };
}

async function main(): Promise<void> {
  const { cloud, seeded } = await startProject();
  const lines = [
    '',
    `石榴籽 local cloud is running at ${cloud.url}` + (seeded ? ' (demo community loaded)' : ''),
    `  health:      ${cloud.url}/healthz`,
    `  functions:   POST ${cloud.url}/fn/<name>  with header X-WX-OPENID: <persona>`,
    `  outbox:      ${cloud.url}/outbox  (subscribe messages sent)`,
    '  personas:    ' + DEMO_PERSONAS.map((p) => `${p.openid} = ${p.label}`).join('\n               '),
    '  mini program: open this folder in WeChat DevTools (see README "WeChat DevTools")',
    '',
  ];
  console.log(lines.join('\n'));
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

/**
 * `npm start`: the local cloud with this project's functions and collections, the demo community on first run.
 * Environment (see docs/api.md): PORT, HOST, DATA_DIR, SEED, and every function setting of backend/core/settings.ts
 * (ADMIN_OPENIDS, PII_KEY, REQUESTS_PER_DAY...), which the local functions receive; the local cloud's runtime
 * (local-cloud/README.md): MAX_INSTANCES, MAX_INSTANCES_PER_FUNCTION, MAX_COLD_STARTS, CLOCK_OFFSET, TIMERS.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { formatOffset, startLocalCloud, type LocalCloud, type LocalCredentials } from '../local-cloud/src';
import { readCollections, runtimeOptionsFromEnv } from '../local-cloud/src/cli';
import { ensurePrivateDir } from '../local-cloud/src/private-files';
import { SETTINGS, declaredSettingsIn } from '../backend/core/settings';
import { seedDemo } from './demo/seed';
import { DEMO_PERSONAS } from './demo/data';

const ROOT = path.resolve(__dirname, '..');
/**
 * The folders the mini program uploads into (request photos: `requests/<openid>/...`), as in the storage rule
 * docs/deploy.md sets in the cloud; `qr/`, `plates/` and `exports/` are written by functions only.
 */
export const CLIENT_UPLOAD_FOLDERS = ['requests', 'imports', 'notices'];

/**
 * The environment of the local functions: every declared setting (backend/core/settings.ts) that `env` sets, the
 * local stand-in of those it leaves unset (template ids: any id works locally, messages land in the outbox; the
 * demo admin), and the PII key. `adminOpenids` (tests) wins over the environment.
 */
export function localFunctionEnv(
  env: Record<string, string | undefined>,
  keys: { piiKey: string; adminOpenids?: string },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of SETTINGS) if ('local' in s) out[s.name] = s.local;
  Object.assign(out, declaredSettingsIn(env));
  if (keys.adminOpenids !== undefined) out.ADMIN_OPENIDS = keys.adminOpenids;
  out.PII_KEY = keys.piiKey;
  return out;
}

/** Locally PII_KEY may be unset: a key is generated once into DATA_DIR and reused (in the cloud it is required). */
export function loadOrCreatePiiKey(dataDir: string): string {
  const file = path.join(dataDir, 'pii.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  ensurePrivateDir(dataDir);
  const key = crypto.randomBytes(32).toString('base64');
  fs.writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}

/** A @cloudbase/node-sdk app pointed at a local cloud, signing with its credentials (`cloud.credentials`). */
export function localApp(url: string, credentials: LocalCredentials): ReturnType<typeof tcb.init> {
  // Without these, node-sdk probes the cloud's metadata host on every call (a DNS lookup that fails offline,
  // adding seconds to the seed and keeping the process alive after close). This process is local-only.
  process.env.TENCENTCLOUD_RUNENV ??= 'SCF';
  process.env.SCF_NAMESPACE ??= 'local';
  process.env.TENCENTCLOUD_REGION ??= 'ap-shanghai';
  const { secretId, secretKey } = credentials;
  return tcb.init({ env: 'local', secretId, secretKey, serviceUrl: `${url}/admin` } as Parameters<typeof tcb.init>[0]);
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
  /** Fire timer triggers on their schedule (default: unless TIMERS=0); tests fire them by hand instead. */
  timers?: boolean;
}

export async function startProject(opts: StartOptions = {}): Promise<{ cloud: LocalCloud; seeded: boolean }> {
  const dataDir = path.resolve(opts.dataDir ?? process.env.DATA_DIR ?? path.join(ROOT, '.data'));
  const piiKey = opts.piiKey ?? process.env.PII_KEY ?? loadOrCreatePiiKey(dataDir);
  const runtime = runtimeOptionsFromEnv();
  const cloud = await startLocalCloud({
    ...runtime,
    scheduleTimers: opts.timers ?? runtime.scheduleTimers,
    port: opts.port ?? Number(process.env.PORT ?? 3000),
    host: opts.host ?? process.env.HOST ?? '127.0.0.1',
    dataDir,
    collections: readCollections(path.join(ROOT, 'database/collections.json')),
    functionsDir: path.join(ROOT, 'cloudfunctions'),
    functionEnv: localFunctionEnv(process.env, { piiKey, adminOpenids: opts.adminOpenids }),
    clientUploadFolders: CLIENT_UPLOAD_FOLDERS,
    log: opts.log,
    // The console's call form offers the demo users.
    personas: DEMO_PERSONAS.map((p) => ({ openid: p.openid, name: p.name, label: p.label })),
  });
  const seed = opts.seed ?? process.env.SEED !== '0';
  const seeded = seed ? (await seedDemo(localApp(cloud.url, cloud.credentials), piiKey)) !== undefined : false;
  return { cloud, seeded };
}

function clockNote(cloud: LocalCloud): string {
  if (!cloud.clock.offsetMs) return 'real time (POST {"offsetMs"} shifts what the functions see)';
  return `shifted ${formatOffset(cloud.clock.offsetMs)}: the functions see ${new Date(cloud.clock.now()).toISOString()}`;
}

function timersNote(): string {
  return process.env.TIMERS === '0' ? 'their schedule is off: TIMERS=0' : 'they also fire on their schedule';
}

function poolNote(cloud: LocalCloud): string {
  const { maxInstances, maxInstancesPerFunction, maxColdStarts } = cloud.pool.limits;
  const limits = `${maxInstances} in all, ${maxInstancesPerFunction} per function, ${maxColdStarts} starting at once`;
  return `${limits} (MAX_INSTANCES, MAX_INSTANCES_PER_FUNCTION, MAX_COLD_STARTS)`;
}

async function main(): Promise<void> {
  const { cloud, seeded } = await startProject();
  const lines = [
    '',
    `石榴籽 local cloud is running at ${cloud.url}` + (seeded ? ' (demo community loaded)' : ''),
    `  console:     ${cloud.consoleUrl}  (data, function calls, timers, clock, files, outbox; the token is its key)`,
    `  health:      ${cloud.url}/healthz`,
    `  functions:   POST ${cloud.url}/fn/<name>  with header X-WX-OPENID: <persona>`,
    `  outbox:      ${cloud.url}/outbox  (subscribe messages sent)`,
    `  clock:       ${cloud.url}/clock  ${clockNote(cloud)}`,
    `  timers:      POST ${cloud.url}/triggers/<function>/<trigger> fires one now (${timersNote()})`,
    `  instances:   ${poolNote(cloud)}`,
    `  admin API:   ${cloud.url}/admin  signed with DATA_DIR/credentials.json (wx-server-sdk / node-sdk, or Bearer <secretKey>)`,
    '  personas:    ' + DEMO_PERSONAS.map((p) => `${p.openid} = ${p.label}`).join('\n               '),
    '  mini program: open this folder in WeChat DevTools (see README "WeChat DevTools")',
    '',
  ];
  if (cloud.url.startsWith('http://0.0.0.0:') || cloud.url.startsWith('http://[::]:'))
    lines.push(
      'WARNING: HOST=0.0.0.0 serves every network you are on: anyone who reaches this port is believed as whatever',
      '         X-WX-OPENID they send to /fn (demo-admin included). Use it on a trusted network only.',
      '',
    );
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

/**
 * `npm run deploy`: puts this repo into a real CloudBase environment.
 *
 *   1. every collection of database/collections.json: created if missing, its indexes created, its permission set;
 *   2. every function folder cloudfunctions/<fn>/ (bundled index.js + package.json): created or updated with the
 *      runtime, timeout and environment variables below, dependencies installed in the cloud;
 *   3. each function invoked once with an empty event to prove it loads and answers an envelope (`--no-verify` skips);
 *   4. with `--seed`, the demo community loaded through @cloudbase/node-sdk (only into an empty `orgs`).
 *
 * Environment: TCB_ENV_ID, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY, TENCENTCLOUD_REGION (optional);
 * function variables: every setting declared in backend/core/settings.ts that the deploying shell sets (PII_KEY is
 * required: 32 random bytes, base64; secrets are flagged and never printed), and any other variable named in
 * FUNCTION_ENV_KEYS (comma-separated names). CloudBase replaces a function's whole variable set on every update, so
 * whatever is not passed here is removed.
 *
 * Flags: --dry-run (print the plan, call nothing), --json (the plan as JSON), --seed, --no-build, --no-verify.
 * See docs/deploy.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import type CloudBase from '@cloudbase/manager-node';
import { SETTINGS } from '../backend/core/settings';
import { bundleFunctions } from './bundle';

export const ACL_TAGS = ['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY'] as const;
export type AclTag = (typeof ACL_TAGS)[number];

/** What every function gets. The bundles target node16, so any Node.js runtime CloudBase offers runs them. */
export const FUNCTION_DEFAULTS: FunctionSettings = {
  runtime: 'Nodejs20.19',
  timeout: 20,
  memorySize: 256,
  handler: 'index.main',
  installDependency: true,
};

export interface FunctionSettings {
  /** Fixed when a function is created; FUNCTION_RUNTIME overrides it (e.g. Nodejs16.13, Nodejs18.15). */
  runtime: string;
  /** Seconds. */
  timeout: number;
  /** MB. */
  memorySize: number;
  handler: string;
  installDependency: boolean;
}

/** The `wx-server-sdk` every function folder's package.json must pin (the version the local cloud is measured on). */
export const WX_SERVER_SDK_VERSION = '4.0.2';

/** Left out of the uploaded zip: sources and tests are already inside index.js; node_modules is installed remotely. */
export const UPLOAD_IGNORE = ['**/*.ts', '**/*.map', 'test', 'test/**', 'node_modules', 'node_modules/**'];

export interface PlannedIndex {
  name: string;
  /** As declared: field → 1 | -1, or '2dsphere' for a geo index (地理位置索引), in key order. */
  keys: Record<string, 1 | -1 | '2dsphere'>;
  unique: boolean;
  /** What `UpdateTable.CreateIndexes[].MgoKeySchema.MgoIndexKeys` receives. */
  mgoIndexKeys: { Name: string; Direction: '1' | '-1' | '2dsphere' }[];
}

export interface PlannedCollection {
  name: string;
  permission: AclTag;
  /** `declared` when collections.json names it, `default` when it was missing and ADMINONLY was chosen. */
  permissionSource: 'declared' | 'default';
  indexes: PlannedIndex[];
}

export interface PlannedFunction {
  name: string;
  dir: string;
  /** Size of the bundled index.js, or null when it has not been built. */
  bundleBytes: number | null;
  /** `permissions.openapi` of the folder's config.json (cloud calls such as `subscribeMessage.send`). */
  openapi: string[];
  /** `triggers` of the folder's config.json (timers), created after the function. */
  triggers?: { name: string; type: string; config: string }[];
  /** `timeout` of the folder's config.json (seconds, 1..900), for a function that needs longer than the default. */
  timeout?: number;
}

export interface DeployPlan {
  collections: PlannedCollection[];
  functions: PlannedFunction[];
  /** `envNames`: the variables the functions get (names only); `secretNames`: those of them that are secrets. */
  function: FunctionSettings & { envNames: string[]; secretNames: string[] };
  /** Anything here stops a real deploy. */
  problems: string[];
  /** Printed, but not fatal. */
  warnings: string[];
}

interface DeclaredCollection {
  name?: unknown;
  permission?: unknown;
  indexes?: { name?: unknown; keys?: unknown; unique?: unknown }[];
}

const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/;

/**
 * Reads database/collections.json and cloudfunctions/ under `root` and says what a deploy would do. Pure apart from
 * reading those files: no network, no process.env (pass the environment in `env`).
 */
export function buildDeployPlan(root: string, env: Record<string, string | undefined> = {}): DeployPlan {
  const problems: string[] = [];
  const warnings: string[] = [];
  const collections = planCollections(path.join(root, 'database/collections.json'), problems, warnings);
  const functions = planFunctions(path.join(root, 'cloudfunctions'), problems, warnings);
  const fnEnv = functionEnvironment(env);
  problems.push(...fnEnv.problems);
  warnings.push(...fnEnv.warnings);
  return {
    collections,
    functions,
    function: {
      ...FUNCTION_DEFAULTS,
      runtime: env.FUNCTION_RUNTIME || FUNCTION_DEFAULTS.runtime,
      envNames: Object.keys(fnEnv.vars),
      secretNames: fnEnv.secrets,
    },
    problems,
    warnings,
  };
}

function planCollections(file: string, problems: string[], warnings: string[]): PlannedCollection[] {
  if (!fs.existsSync(file)) {
    problems.push(`${path.basename(file)} not found`);
    return [];
  }
  const declared = (JSON.parse(fs.readFileSync(file, 'utf8')) as { collections?: DeclaredCollection[] }).collections;
  if (!Array.isArray(declared)) {
    problems.push('collections.json has no "collections" array');
    return [];
  }
  const seen = new Set<string>();
  return declared.map((c, i) => {
    const name = typeof c.name === 'string' ? c.name : '';
    if (!name) problems.push(`collection #${i} has no name`);
    if (seen.has(name)) problems.push(`collection ${name} is declared twice`);
    seen.add(name);

    let permission: AclTag = 'ADMINONLY';
    let permissionSource: PlannedCollection['permissionSource'] = 'declared';
    if (c.permission === undefined) {
      permissionSource = 'default';
      warnings.push(`collection ${name} declares no permission: ADMINONLY`);
    } else if ((ACL_TAGS as readonly unknown[]).includes(c.permission)) {
      permission = c.permission as AclTag;
    } else {
      problems.push(`collection ${name}: permission ${String(c.permission)} is not one of ${ACL_TAGS.join(', ')}`);
    }

    const indexNames = new Set<string>();
    const indexes = (c.indexes ?? []).map((idx, j): PlannedIndex => {
      const indexName = typeof idx.name === 'string' ? idx.name : '';
      if (!indexName) problems.push(`collection ${name}: index #${j} has no name`);
      if (indexNames.has(indexName)) problems.push(`collection ${name}: index ${indexName} is declared twice`);
      indexNames.add(indexName);
      const keys: Record<string, 1 | -1 | '2dsphere'> = {};
      const entries =
        idx.keys && typeof idx.keys === 'object' ? Object.entries(idx.keys as Record<string, unknown>) : [];
      if (!entries.length) problems.push(`collection ${name}: index ${indexName} has no keys`);
      for (const [field, dir] of entries) {
        if (dir === 1 || dir === -1 || dir === '2dsphere') keys[field] = dir;
        else problems.push(`collection ${name}: index ${indexName} key ${field} must be 1 or -1 (or "2dsphere")`);
      }
      if (idx.unique !== undefined && typeof idx.unique !== 'boolean') {
        problems.push(`collection ${name}: index ${indexName} "unique" must be true or false`);
      }
      return {
        name: indexName,
        keys,
        unique: idx.unique === true,
        mgoIndexKeys: Object.entries(keys).map(([field, dir]) => ({
          Name: field,
          Direction: dir === 1 ? '1' : dir === -1 ? '-1' : dir,
        })),
      };
    });
    return { name, permission, permissionSource, indexes };
  });
}

function planFunctions(dir: string, problems: string[], warnings: string[]): PlannedFunction[] {
  if (!fs.existsSync(dir)) {
    warnings.push('no cloudfunctions/ folder: no functions to deploy');
    return [];
  }
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
  return names.map((name) => {
    const fnDir = path.join(dir, name);
    if (!FUNCTION_NAME.test(name)) problems.push(`function ${name}: not a valid CloudBase function name`);

    const bundle = path.join(fnDir, 'index.js');
    const bundleBytes = fs.existsSync(bundle) ? fs.statSync(bundle).size : null;
    if (bundleBytes === null) problems.push(`function ${name}: index.js missing (run npm run build)`);

    const pkgFile = path.join(fnDir, 'package.json');
    if (!fs.existsSync(pkgFile)) {
      problems.push(`function ${name}: package.json missing`);
    } else {
      const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as {
        main?: string;
        dependencies?: Record<string, string>;
      };
      if (pkg.main !== undefined && pkg.main !== 'index.js')
        problems.push(`function ${name}: package.json main must be index.js`);
      const sdk = pkg.dependencies?.['wx-server-sdk'];
      if (sdk !== WX_SERVER_SDK_VERSION) {
        problems.push(
          `function ${name}: package.json must pin wx-server-sdk ${WX_SERVER_SDK_VERSION} (has ${sdk ?? 'none'})`,
        );
      }
    }

    let openapi: string[] = [];
    let timeout: number | undefined;
    const configFile = path.join(fnDir, 'config.json');
    if (fs.existsSync(configFile)) {
      const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as {
        permissions?: { openapi?: unknown };
        triggers?: unknown;
        timeout?: unknown;
      };
      const list = config.permissions?.openapi;
      if (Array.isArray(list)) openapi = list.filter((x): x is string => typeof x === 'string');
      if (config.timeout !== undefined) {
        if (Number.isInteger(config.timeout) && (config.timeout as number) >= 1 && (config.timeout as number) <= 900) {
          timeout = config.timeout as number;
        } else problems.push(`function ${name}: config.json timeout must be 1..900 seconds`);
      }
      if (Array.isArray(config.triggers)) {
        const triggers = config.triggers.filter(
          (t): t is { name: string; type: string; config: string } =>
            typeof t?.name === 'string' && typeof t?.type === 'string' && typeof t?.config === 'string',
        );
        if (triggers.length !== config.triggers.length)
          problems.push(`function ${name}: a trigger lacks name, type or config`);
        return { name, dir: fnDir, bundleBytes, openapi, triggers, ...(timeout ? { timeout } : {}) };
      }
    }
    return { name, dir: fnDir, bundleBytes, openapi, ...(timeout ? { timeout } : {}) };
  });
}

/** A key as the functions need it: base64 of exactly 32 bytes. */
export function isPiiKey(value: string): boolean {
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 32 && bytes.toString('base64') === value;
}

/**
 * The variables every function gets, from the deploying shell's environment: each declared setting it sets
 * (checked as its declaration says), then the extra names of FUNCTION_ENV_KEYS. Values are never printed; `secrets`
 * names the variables that are secrets.
 */
export function functionEnvironment(env: Record<string, string | undefined>): {
  vars: Record<string, string>;
  secrets: string[];
  problems: string[];
  warnings: string[];
} {
  const vars: Record<string, string> = {};
  const problems: string[] = [];
  const warnings: string[] = [];

  const piiKey = env.PII_KEY?.trim();
  if (!piiKey) problems.push('PII_KEY is not set (generate one: openssl rand -base64 32)');
  else if (!isPiiKey(piiKey)) problems.push('PII_KEY must be 32 random bytes in base64 (openssl rand -base64 32)');
  else vars.PII_KEY = piiKey;

  const oldKeys = (env.PII_OLD_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (oldKeys.some((k) => !isPiiKey(k))) problems.push('PII_OLD_KEYS must be comma-separated 32-byte base64 keys');
  else if (oldKeys.includes(piiKey ?? '')) problems.push('PII_OLD_KEYS must not repeat PII_KEY');
  else if (oldKeys.length) vars.PII_OLD_KEYS = oldKeys.join(',');

  const admins = (env.ADMIN_OPENIDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (admins.length) vars.ADMIN_OPENIDS = admins.join(',');
  else warnings.push('ADMIN_OPENIDS is empty: nobody is admin until you deploy again with your openid');

  const handledAbove = ['PII_KEY', 'PII_OLD_KEYS', 'ADMIN_OPENIDS'];
  for (const setting of SETTINGS) {
    if (handledAbove.includes(setting.name)) continue;
    const value = env[setting.name]?.trim();
    if (!value) continue;
    const problem = 'check' in setting ? setting.check(value) : undefined;
    if (problem) problems.push(`${setting.name} ${problem}`);
    else vars[setting.name] = value;
  }

  for (const key of (env.FUNCTION_ENV_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)) {
    if (key in vars) continue;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) problems.push(`FUNCTION_ENV_KEYS: ${key} is not a variable name`);
    else if (env[key] === undefined || env[key] === '')
      problems.push(`FUNCTION_ENV_KEYS names ${key}, which is not set`);
    else vars[key] = env[key]!;
  }
  const secrets = SETTINGS.filter((s) => s.secret && s.name in vars).map((s) => s.name);
  return { vars, secrets, problems, warnings };
}

/** Human-readable plan, as `--dry-run` prints it. */
export function formatPlan(plan: DeployPlan): string {
  const lines: string[] = ['Collections (created if missing; indexes created if missing; permission set):'];
  for (const c of plan.collections) {
    lines.push(`  ${c.name}  permission ${c.permission}${c.permissionSource === 'default' ? ' (default)' : ''}`);
    for (const i of c.indexes) {
      const keys = i.mgoIndexKeys.map((k) => `${k.Name} ${k.Direction}`).join(', ');
      lines.push(`    index ${i.name}: ${keys}${i.unique ? '  UNIQUE' : ''}`);
    }
  }
  const f = plan.function;
  lines.push(
    '',
    `Functions (runtime ${f.runtime} on creation, timeout ${f.timeout}s, ${f.memorySize} MB, dependencies installed in the cloud;`,
    `  variables: ${f.envNames.length ? f.envNames.map((n) => (f.secretNames.includes(n) ? `${n} (secret)` : n)).join(', ') : '(none)'}):`,
  );
  for (const fn of plan.functions) {
    const size = fn.bundleBytes === null ? 'NOT BUILT' : `${(fn.bundleBytes / 1024).toFixed(1)} KiB`;
    const timeout = fn.timeout ? `  timeout ${fn.timeout}s` : '';
    lines.push(
      `  ${fn.name}  index.js ${size}${timeout}${fn.openapi.length ? `  cloud calls: ${fn.openapi.join(', ')}` : ''}`,
    );
    for (const t of fn.triggers ?? []) lines.push(`    trigger ${t.name}: ${t.type} ${t.config}`);
  }
  if (!plan.functions.length) lines.push('  (none)');
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  for (const p of plan.problems) lines.push(`problem: ${p}`);
  return lines.join('\n');
}

export interface Credentials {
  envId: string;
  secretId: string;
  secretKey: string;
  region?: string;
}

export function credentialsFrom(env: Record<string, string | undefined>): Credentials {
  const missing = ['TCB_ENV_ID', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'].filter((k) => !env[k]);
  if (missing.length) throw new Error(`set ${missing.join(', ')} (see docs/deploy.md)`);
  return {
    envId: env.TCB_ENV_ID!,
    secretId: env.TENCENTCLOUD_SECRETID!,
    secretKey: env.TENCENTCLOUD_SECRETKEY!,
    region: env.TENCENTCLOUD_REGION || undefined,
  };
}

type Manager = InstanceType<typeof CloudBase>;
type Log = (line: string) => void;

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

/** Collections, indexes and permissions. Existing indexes are never dropped or changed; a differing one is reported. */
export async function deployCollections(manager: Manager, envId: string, plan: DeployPlan, log: Log): Promise<void> {
  const db = manager.database;
  const tcb = manager.commonService();
  for (const c of plan.collections) {
    const created = await db.createCollectionIfNotExists(c.name);
    log(`collection ${c.name}: ${created.IsCreated ? 'created' : 'exists'}`);

    const existing = (await db.describeCollection(c.name)).Indexes ?? [];
    const missing: PlannedIndex[] = [];
    for (const want of c.indexes) {
      const have = existing.find((e) => e.Name === want.name);
      if (!have) {
        missing.push(want);
        continue;
      }
      const haveKeys = (have.Keys ?? []).map((k) => `${k.Name}:${k.Direction}`).join(',');
      const wantKeys = want.mgoIndexKeys.map((k) => `${k.Name}:${k.Direction}`).join(',');
      if (haveKeys !== wantKeys || Boolean(have.Unique) !== want.unique) {
        log(
          `  warning: index ${want.name} differs in the cloud (${haveKeys}${have.Unique ? ' unique' : ''}); drop it in the console and deploy again`,
        );
      }
    }
    if (missing.length) {
      await db.updateCollection(c.name, {
        CreateIndexes: missing.map((i) => ({
          IndexName: i.name,
          MgoKeySchema: { MgoIndexKeys: i.mgoIndexKeys, MgoIsUnique: i.unique },
        })),
      });
      log(`  indexes created: ${missing.map((i) => i.name).join(', ')}`);
    }

    const acl = (await tcb.call({
      Action: 'DescribeDatabaseACL',
      Param: { EnvId: envId, CollectionName: c.name },
    })) as {
      AclTag?: string;
    };
    if (acl.AclTag !== c.permission) {
      await tcb.call({
        Action: 'ModifyDatabaseACL',
        Param: { EnvId: envId, CollectionName: c.name, AclTag: c.permission },
      });
      log(`  permission ${acl.AclTag ?? '(none)'} → ${c.permission}`);
    }
  }
}

/** Creates each function, or updates its code and then its configuration. */
export async function deployFunctions(
  manager: Manager,
  root: string,
  plan: DeployPlan,
  vars: Record<string, string>,
  log: Log,
): Promise<void> {
  const functionRootPath = path.join(root, 'cloudfunctions');
  const fns = manager.functions;
  for (const f of plan.functions) {
    const func = {
      name: f.name,
      runtime: plan.function.runtime,
      handler: plan.function.handler,
      timeout: f.timeout ?? plan.function.timeout,
      memorySize: plan.function.memorySize,
      installDependency: plan.function.installDependency,
      envVariables: vars,
      ignore: UPLOAD_IGNORE,
    };
    let runtime: string | null = null;
    try {
      runtime = (await fns.getFunctionDetail(f.name)).Runtime;
    } catch (err) {
      if (!errorCode(err).startsWith('ResourceNotFound')) throw err;
    }
    if (runtime === null) {
      log(`function ${f.name}: creating (installs wx-server-sdk in the cloud, takes a minute)`);
      await fns.createFunction({ func, functionRootPath, force: false });
    } else {
      log(`function ${f.name}: updating code`);
      if (runtime !== func.runtime) {
        log(`  note: it runs ${runtime}; a runtime is fixed at creation (delete the function to change it)`);
      }
      await fns.updateFunctionCode({ func, functionRootPath });
      await fns.waitFunctionActive(f.name);
      log(`  updating configuration`);
      await fns.updateFunctionConfig(func);
      await fns.waitFunctionActive(f.name);
    }
    if (f.triggers?.length) {
      // A trigger that exists already is refused by the platform; it keeps working, so that is only reported.
      try {
        await fns.createFunctionTriggers(f.name, f.triggers);
        log(`  triggers: ${f.triggers.map((t) => t.name).join(', ')}`);
      } catch (err) {
        log(
          `  triggers not created (${errorCode(err)}): already there, or upload them from WeChat DevTools (上传触发器)`,
        );
      }
    }
    if (f.openapi.length) {
      log(
        `  cloud calls ${f.openapi.join(', ')}: register them once by uploading ${f.name} from WeChat DevTools (docs/deploy.md)`,
      );
    }
  }
}

/**
 * Invokes each function with an empty event. With no WeChat caller a healthy function answers an envelope
 * (`{ ok: false, error: { code } }`); a crash or a bare value is an error.
 */
export async function verifyFunctions(manager: Manager, plan: DeployPlan, log: Log): Promise<string[]> {
  const failures: string[] = [];
  for (const f of plan.functions) {
    const res = await manager.functions.invokeFunction(f.name, {});
    const envelope = parseEnvelope(res.RetMsg);
    if (res.InvokeResult !== 0 || !envelope) {
      failures.push(f.name);
      log(
        `verify ${f.name}: FAILED (${res.ErrMsg || res.RetMsg || `InvokeResult ${res.InvokeResult}`}) request ${res.RequestId}`,
      );
    } else {
      log(
        `verify ${f.name}: answers ${envelope.ok ? 'ok' : `error ${String(envelope.error?.code)}`} (${res.Duration} ms)`,
      );
    }
  }
  return failures;
}

function parseEnvelope(text: string): { ok: boolean; error?: { code?: unknown } } | null {
  try {
    const value = JSON.parse(text) as { ok?: unknown; error?: { code?: unknown } } | null;
    return value && typeof value.ok === 'boolean' ? (value as { ok: boolean; error?: { code?: unknown } }) : null;
  } catch {
    return null;
  }
}

async function main(argv: string[]): Promise<void> {
  const flag = (name: string) => argv.includes(`--${name}`);
  const root = path.resolve(__dirname, '..');
  const log: Log = (line) => console.log(line);

  if (!flag('no-build')) {
    const built = await bundleFunctions(path.join(root, 'cloudfunctions'));
    if (!flag('json')) log(`bundled ${built.length} functions`);
  }
  const plan = buildDeployPlan(root, process.env);
  if (flag('dry-run')) {
    console.log(flag('json') ? JSON.stringify(plan, null, 2) : formatPlan(plan));
    if (plan.problems.length) log('\nA real deploy would refuse until the problems above are fixed.');
    return;
  }
  log(formatPlan(plan));
  if (plan.problems.length) throw new Error('refusing to deploy: fix the problems above');

  const creds = credentialsFrom(process.env);
  const { vars } = functionEnvironment(process.env);
  const { default: CloudBaseManager } = await import('@cloudbase/manager-node');
  const manager = new CloudBaseManager({ ...creds });
  log(`\nDeploying to ${creds.envId}${creds.region ? ` (${creds.region})` : ''}`);

  await deployCollections(manager, creds.envId, plan, log);
  await deployFunctions(manager, root, plan, vars, log);
  const failures = flag('no-verify') ? [] : await verifyFunctions(manager, plan, log);
  if (flag('seed')) {
    const [{ seedDemo }, { cloudApp }] = await Promise.all([import('./demo/seed'), import('./seed')]);
    const summary = await seedDemo(cloudApp(process.env));
    log(
      summary
        ? `seeded ${summary.orgs} orgs, ${summary.stations} stations, ${summary.personas} personas`
        : 'seed: orgs not empty, left as is',
    );
  }
  if (failures.length) throw new Error(`deployed, but ${failures.join(', ')} did not answer an envelope`);
  log('\ndone');
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

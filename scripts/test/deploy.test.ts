import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ACL_TAGS,
  buildDeployPlan,
  deployCollections,
  deployFunctions,
  formatPlan,
  functionEnvironment,
  isPiiKey,
} from '../deploy';

const ROOT = path.resolve(__dirname, '../..');
const KEY = crypto.randomBytes(32).toString('base64');

interface Declared {
  collections: {
    name: string;
    permission?: string;
    indexes?: { name: string; keys: Record<string, number>; unique?: boolean }[];
  }[];
}
const declared = JSON.parse(fs.readFileSync(path.join(ROOT, 'database/collections.json'), 'utf8')) as Declared;

describe('buildDeployPlan on the real database/collections.json', () => {
  const plan = buildDeployPlan(ROOT, { PII_KEY: KEY, ADMIN_OPENIDS: 'o-admin' });

  it('plans every declared collection, in order', () => {
    expect(plan.collections.map((c) => c.name)).toEqual(declared.collections.map((c) => c.name));
  });

  it('gives every collection a valid permission, the declared one when there is one', () => {
    for (const c of plan.collections) {
      expect(ACL_TAGS).toContain(c.permission);
      const d = declared.collections.find((x) => x.name === c.name)!;
      if (d.permission) expect(c.permission).toBe(d.permission);
    }
  });

  it('carries every index with its key map, directions and unique flag', () => {
    for (const c of plan.collections) {
      const d = declared.collections.find((x) => x.name === c.name)!;
      expect(c.indexes.map((i) => i.name)).toEqual((d.indexes ?? []).map((i) => i.name));
      for (const i of c.indexes) {
        const di = d.indexes!.find((x) => x.name === i.name)!;
        expect(i.keys).toEqual(di.keys);
        expect(i.unique).toBe(di.unique === true);
        expect(i.mgoIndexKeys).toEqual(
          Object.entries(di.keys).map(([Name, dir]) => ({ Name, Direction: String(dir) })),
        );
      }
    }
    const unique = plan.collections.flatMap((c) => c.indexes.filter((i) => i.unique).map((i) => `${c.name}.${i.name}`));
    const declaredUnique = declared.collections.flatMap((c) =>
      (c.indexes ?? []).filter((i) => i.unique).map((i) => `${c.name}.${i.name}`),
    );
    expect(unique).toEqual(declaredUnique);
  });

  it('lists exactly the cloudfunctions/ folders that have an index.ts', () => {
    const dir = path.join(ROOT, 'cloudfunctions');
    const expected = fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { withFileTypes: true })
          .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'index.ts')))
          .map((d) => d.name)
          .sort()
      : [];
    expect(plan.functions.map((f) => f.name)).toEqual(expected);
  });

  it('sets a 20 s timeout, a Node.js runtime and the function variables by name', () => {
    expect(plan.function.timeout).toBe(20);
    expect(plan.function.runtime).toMatch(/^Nodejs\d+\.\d+$/);
    expect(plan.function.installDependency).toBe(true);
    expect(plan.function.envNames).toEqual(['PII_KEY', 'ADMIN_OPENIDS']);
    expect(formatPlan(plan)).not.toContain(KEY);
  });

  it('has no collection problems', () => {
    expect(plan.problems.filter((p) => p.startsWith('collection'))).toEqual([]);
  });
});

describe('buildDeployPlan on a made-up repo', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-plan-'));
    fs.mkdirSync(path.join(root, 'database'));
    fs.writeFileSync(
      path.join(root, 'database/collections.json'),
      JSON.stringify({
        collections: [
          { name: 'a', permission: 'READONLY', indexes: [{ name: 'x_1_y_-1', keys: { x: 1, y: -1 }, unique: true }] },
          { name: 'b' },
          { name: 'c', permission: 'EVERYONE', indexes: [{ name: 'bad', keys: { z: 2 } }] },
        ],
      }),
    );
    const fn = (name: string, files: Record<string, string>) => {
      fs.mkdirSync(path.join(root, 'cloudfunctions', name), { recursive: true });
      for (const [file, text] of Object.entries(files))
        fs.writeFileSync(path.join(root, 'cloudfunctions', name, file), text);
    };
    const pkg = JSON.stringify({ name: 'x', main: 'index.js', dependencies: { 'wx-server-sdk': '4.0.2' } });
    fn('users', {
      'index.ts': '',
      'index.js': 'exports.main = async () => ({ ok: true });',
      'package.json': pkg,
      'config.json': JSON.stringify({ permissions: { openapi: ['subscribeMessage.send'] } }),
    });
    fn('reminders', {
      'index.ts': '',
      'index.js': '',
      'package.json': pkg,
      'config.json': JSON.stringify({
        triggers: [{ name: 'hourly', type: 'timer', config: '0 0 * * * * *' }],
        timeout: 60,
      }),
    });
    fn('unbuilt', { 'index.ts': '', 'package.json': pkg });
    fn('old-sdk', {
      'index.ts': '',
      'index.js': '',
      'package.json': JSON.stringify({ dependencies: { 'wx-server-sdk': '~2.6.3' } }),
    });
    fn('not-a-function', { 'README.md': '' });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('carries directions and unique flags, defaults a missing permission to ADMINONLY', () => {
    const plan = buildDeployPlan(root, { PII_KEY: KEY });
    const [a, b] = plan.collections;
    expect(a.indexes[0].mgoIndexKeys).toEqual([
      { Name: 'x', Direction: '1' },
      { Name: 'y', Direction: '-1' },
    ]);
    expect(a.indexes[0].unique).toBe(true);
    expect(a.permission).toBe('READONLY');
    expect(b).toMatchObject({ permission: 'ADMINONLY', permissionSource: 'default', indexes: [] });
  });

  it('reports a bad permission and a bad direction as problems', () => {
    const { problems } = buildDeployPlan(root, { PII_KEY: KEY });
    expect(problems).toContainEqual(expect.stringMatching(/collection c: permission EVERYONE/));
    expect(problems).toContainEqual(expect.stringMatching(/index bad key z must be 1 or -1/));
  });

  it('plans only folders with an index.ts, with bundle sizes and cloud calls', () => {
    const plan = buildDeployPlan(root, { PII_KEY: KEY });
    expect(plan.functions.map((f) => f.name)).toEqual(['old-sdk', 'reminders', 'unbuilt', 'users']);
    expect(plan.functions.find((f) => f.name === 'reminders')!.triggers).toEqual([
      { name: 'hourly', type: 'timer', config: '0 0 * * * * *' },
    ]);
    expect(formatPlan(plan)).toContain('trigger hourly: timer 0 0 * * * * *');
    expect(plan.functions.find((f) => f.name === 'reminders')!.timeout).toBe(60);
    expect(formatPlan(plan)).toContain('reminders  index.js 0.0 KiB  timeout 60s');
    expect(plan.functions.find((f) => f.name === 'users')!.timeout).toBeUndefined();
    const users = plan.functions.find((f) => f.name === 'users')!;
    expect(users.bundleBytes).toBe(Buffer.byteLength('exports.main = async () => ({ ok: true });'));
    expect(users.openapi).toEqual(['subscribeMessage.send']);
    expect(plan.functions.find((f) => f.name === 'unbuilt')!.bundleBytes).toBeNull();
    expect(plan.problems).toContainEqual(expect.stringMatching(/unbuilt: index.js missing/));
    expect(plan.problems).toContainEqual(expect.stringMatching(/old-sdk: package.json must pin wx-server-sdk 4.0.2/));
  });
});

describe('function environment', () => {
  it('refuses to deploy without a PII_KEY of 32 bytes', () => {
    expect(functionEnvironment({}).problems).toContainEqual(expect.stringMatching(/PII_KEY is not set/));
    expect(functionEnvironment({ PII_KEY: 'short' }).problems).toContainEqual(expect.stringMatching(/32 random bytes/));
    expect(isPiiKey(KEY)).toBe(true);
    expect(isPiiKey(crypto.randomBytes(16).toString('base64'))).toBe(false);
  });

  it('passes ADMIN_OPENIDS, retired keys and the variables named in FUNCTION_ENV_KEYS', () => {
    const old = crypto.randomBytes(32).toString('base64');
    const { vars, problems } = functionEnvironment({
      PII_KEY: KEY,
      PII_OLD_KEYS: ` ${old} `,
      ADMIN_OPENIDS: 'o1, o2',
      FUNCTION_ENV_KEYS: 'TMPL_A,MISSING',
      TMPL_A: 'abc',
    });
    expect(vars).toEqual({ PII_KEY: KEY, PII_OLD_KEYS: old, ADMIN_OPENIDS: 'o1,o2', TMPL_A: 'abc' });
    expect(problems).toEqual(['FUNCTION_ENV_KEYS names MISSING, which is not set']);
  });

  it('passes every declared setting the shell sets, checked, and flags the secrets', () => {
    const old = crypto.randomBytes(32).toString('base64');
    const { vars, secrets, problems } = functionEnvironment({
      PII_KEY: KEY,
      PII_OLD_KEYS: old,
      REQUESTS_PER_DAY: '3',
      REQUEST_DUE_DAYS: '{"medical":2}',
      TEMPLATE_EVENT_REMINDER: 'tpl-reminder',
      UNDECLARED: 'left out',
    });
    expect(vars).toEqual({
      PII_KEY: KEY,
      PII_OLD_KEYS: old,
      REQUESTS_PER_DAY: '3',
      REQUEST_DUE_DAYS: '{"medical":2}',
      TEMPLATE_EVENT_REMINDER: 'tpl-reminder',
    });
    expect(secrets).toEqual(['PII_KEY', 'PII_OLD_KEYS']);
    expect(problems).toEqual([]);
    const plan = buildDeployPlan(ROOT, { PII_KEY: KEY, REQUESTS_PER_DAY: '3' });
    expect(plan.function.secretNames).toEqual(['PII_KEY']);
    expect(formatPlan(plan)).toContain('variables: PII_KEY (secret), REQUESTS_PER_DAY');
  });

  it('refuses declared settings whose values the functions could not use', () => {
    const { vars, problems } = functionEnvironment({
      PII_KEY: KEY,
      REQUESTS_PER_DAY: 'many',
      REQUEST_DUE_DAYS: '{"medical":0,"nope":2}',
      HOUSEHOLD_REQUIRED_FACTS: 'phone,shoeSize',
    });
    expect(Object.keys(vars)).toEqual(['PII_KEY']);
    expect(problems).toEqual([
      'HOUSEHOLD_REQUIRED_FACTS names unknown facts: shoeSize',
      'REQUESTS_PER_DAY must be a positive whole number',
      'REQUEST_DUE_DAYS has bad entries: medical, nope',
    ]);
  });

  it('rejects a retired key equal to the current one', () => {
    expect(functionEnvironment({ PII_KEY: KEY, PII_OLD_KEYS: KEY }).problems).toContainEqual(
      expect.stringMatching(/must not repeat PII_KEY/),
    );
  });
});

describe('applying a plan (against a recording stand-in for @cloudbase/manager-node)', () => {
  type Manager = Parameters<typeof deployCollections>[0];
  const plan = buildDeployPlan(ROOT, { PII_KEY: KEY });
  plan.collections = [
    {
      name: 'grants',
      permission: 'ADMINONLY',
      permissionSource: 'declared',
      indexes: [
        { name: 'openid_1', keys: { openid: 1 }, unique: false, mgoIndexKeys: [{ Name: 'openid', Direction: '1' }] },
        { name: 'code_unique', keys: { code: 1 }, unique: true, mgoIndexKeys: [{ Name: 'code', Direction: '1' }] },
      ],
    },
  ];
  plan.functions = [
    { name: 'users', dir: '', bundleBytes: 1, openapi: [] },
    { name: 'qr', dir: '', bundleBytes: 1, openapi: ['wxacode.getUnlimited'] },
  ];

  function standIn(existingFunctions: Record<string, string>) {
    const calls: [string, ...unknown[]][] = [];
    const manager = {
      database: {
        createCollectionIfNotExists: async (name: string) => (
          calls.push(['createCollectionIfNotExists', name]),
          { IsCreated: false }
        ),
        describeCollection: async () => ({
          Indexes: [{ Name: 'openid_1', Keys: [{ Name: 'openid', Direction: '1' }], Unique: false }],
        }),
        updateCollection: async (name: string, info: unknown) => (calls.push(['updateCollection', name, info]), {}),
      },
      commonService: () => ({
        call: async ({ Action, Param }: { Action: string; Param: Record<string, unknown> }) => {
          calls.push([Action, Param]);
          return Action === 'DescribeDatabaseACL' ? { AclTag: 'PRIVATE' } : {};
        },
      }),
      functions: {
        getFunctionDetail: async (name: string) => {
          if (!(name in existingFunctions))
            throw Object.assign(new Error('no such function'), { code: 'ResourceNotFound.Function' });
          return { Runtime: existingFunctions[name] };
        },
        createFunction: async (p: unknown) => (calls.push(['createFunction', p]), {}),
        updateFunctionCode: async (p: unknown) => (calls.push(['updateFunctionCode', p]), {}),
        updateFunctionConfig: async (p: unknown) => (calls.push(['updateFunctionConfig', p]), {}),
        waitFunctionActive: async () => undefined,
        createFunctionTriggers: async (name: string, triggers: unknown) => (
          calls.push(['createFunctionTriggers', name, triggers]),
          {}
        ),
      },
    };
    return { manager: manager as unknown as Manager, calls };
  }

  it('creates only the missing index and corrects the permission', async () => {
    const { manager, calls } = standIn({});
    await deployCollections(manager, 'env-1', plan, () => undefined);
    expect(calls).toContainEqual([
      'updateCollection',
      'grants',
      {
        CreateIndexes: [
          {
            IndexName: 'code_unique',
            MgoKeySchema: { MgoIndexKeys: [{ Name: 'code', Direction: '1' }], MgoIsUnique: true },
          },
        ],
      },
    ]);
    expect(calls).toContainEqual([
      'ModifyDatabaseACL',
      { EnvId: 'env-1', CollectionName: 'grants', AclTag: 'ADMINONLY' },
    ]);
  });

  it('creates a new function and updates code then configuration of an existing one', async () => {
    const { manager, calls } = standIn({ users: 'Nodejs16.13' });
    const lines: string[] = [];
    await deployFunctions(manager, ROOT, plan, { PII_KEY: KEY }, (l) => lines.push(l));
    expect(calls.map((c) => c[0])).toEqual(['updateFunctionCode', 'updateFunctionConfig', 'createFunction']);
    const config = calls[1][1] as { timeout: number; envVariables: Record<string, string>; installDependency: boolean };
    expect(config).toMatchObject({
      name: 'users',
      timeout: 20,
      installDependency: true,
      envVariables: { PII_KEY: KEY },
    });
    const created = calls[2][1] as { func: { name: string; runtime: string }; functionRootPath: string };
    expect(created.func).toMatchObject({ name: 'qr', runtime: plan.function.runtime });
    expect(created.functionRootPath).toBe(path.join(ROOT, 'cloudfunctions'));
    expect(lines.join('\n')).toMatch(/runs Nodejs16\.13/);
    expect(lines.join('\n')).toMatch(/wxacode\.getUnlimited/);
  });

  it('creates the timer triggers declared in config.json after the function', async () => {
    const { manager, calls } = standIn({});
    const lines: string[] = [];
    const triggers = [{ name: 'eventReminders', type: 'timer', config: '0 0 * * * * *' }];
    await deployFunctions(
      manager,
      ROOT,
      { ...plan, functions: [{ name: 'events', dir: '', bundleBytes: 1, openapi: [], triggers }] },
      { PII_KEY: KEY },
      (l) => lines.push(l),
    );
    expect(calls.map((c) => c[0])).toEqual(['createFunction', 'createFunctionTriggers']);
    expect(calls[1]).toEqual(['createFunctionTriggers', 'events', triggers]);
    expect(lines.join('\n')).toMatch(/triggers: eventReminders/);
  });
});

/**
 * The backend's declared lists: collection names (as database/collections.json declares them) and function
 * settings (read from `process.env` in one module, passed by `npm start` to the local functions, listed in the
 * README). The last part starts `npm start` as a user does, with every setting set, and sees each one take effect
 * in the local functions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COLLECTIONS } from '../backend/core/collections';
import { decrypt, encrypt } from '../backend/core/pii';
import { SETTINGS, SETTING_NAMES, type SettingName } from '../backend/core/settings';
import { toIso } from '../backend/core/time';
import { addWorkingDays } from '../backend/core/workdays';
import type { LocalCredentials } from '../local-cloud/src';
import { maskPhone } from '../miniprogram/shared/mask';
import { localApp, localFunctionEnv } from '../scripts/start';

const ROOT = path.resolve(__dirname, '..');

/** Every .ts source of the functions (their own folders and the shared backend). */
function functionSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(file);
      else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(file);
    }
  };
  walk(path.join(ROOT, 'backend'));
  walk(path.join(ROOT, 'cloudfunctions'));
  return out;
}

/** A source file without its comments (which may quote what the code must not do). */
const codeOf = (file: string) => fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

describe('collection names', () => {
  const declared = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'database/collections.json'), 'utf8')) as {
      collections: { name: string }[];
    }
  ).collections.map((c) => c.name);

  test('every name of COLLECTIONS is declared in database/collections.json, and every declared one is in it', () => {
    const names: string[] = Object.values(COLLECTIONS);
    for (const name of names) expect([name, declared.includes(name)]).toEqual([name, true]);
    expect([...names].sort()).toEqual([...declared].sort());
    for (const [key, name] of Object.entries(COLLECTIONS)) expect(name).toBe(key);
  });

  test('no function names a collection with a string literal', () => {
    const literal = /\.collection\(\s*['"`]|findById(<[^>]*>)?\(\s*['"`]/;
    const offenders = functionSources().filter((file) => literal.test(codeOf(file)));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});

describe('function settings', () => {
  test('process.env is read by backend/core/settings.ts alone', () => {
    const readers = functionSources()
      .filter((file) => /process\.env/.test(codeOf(file)))
      .map((f) => path.relative(ROOT, f));
    expect(readers).toEqual([path.join('backend', 'core', 'settings.ts')]);
  });

  test('every setting is declared once, with a meaning, and has a row in the README environment table', () => {
    expect(new Set(SETTING_NAMES).size).toBe(SETTINGS.length);
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Environment'));
    for (const s of SETTINGS) {
      expect(s.meaning.length).toBeGreaterThan(10);
      expect([s.name, table.includes(`| \`${s.name}\``)]).toEqual([s.name, true]);
    }
  });

  test('npm start hands every declared setting its environment sets to the local functions, and nothing else', () => {
    const env: Record<string, string> = { PORT: '3001', HOST: '127.0.0.1', SOMETHING_ELSE: 'x' };
    for (const name of SETTING_NAMES) env[name] = `value-of-${name}`;
    const fnEnv = localFunctionEnv(env, { piiKey: 'the-key' });
    for (const name of SETTING_NAMES) {
      expect([name, fnEnv[name]]).toEqual([name, name === 'PII_KEY' ? 'the-key' : `value-of-${name}`]);
    }
    expect(Object.keys(fnEnv).sort()).toEqual([...SETTING_NAMES].sort());
    // Unset ones get their local stand-in, where there is one.
    const bare = localFunctionEnv({}, { piiKey: 'k' });
    expect(bare).toMatchObject({ ADMIN_OPENIDS: 'demo-admin', TEMPLATE_EVENT_REMINDER: 'local-event-reminder' });
    expect(bare.REQUESTS_PER_DAY).toBeUndefined();
  });
});

interface OutboxMessage {
  touser: string;
  templateId: string;
  page: string;
}

describe('npm start with every setting set', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiliuzi-settings-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = `http://127.0.0.1:${port}`;
  const piiKey = crypto.randomBytes(32).toString('base64');
  const oldKey = crypto.randomBytes(32).toString('base64');
  const settings: Record<SettingName, string> = {
    PII_KEY: piiKey,
    PII_OLD_KEYS: oldKey,
    ADMIN_OPENIDS: 'settings-root',
    HOUSEHOLD_REQUIRED_FACTS: 'languages',
    REQUESTS_PER_DAY: '2',
    REQUEST_DUE_DAYS: '{"consult":7}',
    TEMPLATE_REQUEST_UPDATE: 'tpl-request-update',
    TEMPLATE_STAFF_NEW_REQUEST: 'tpl-staff-new-request',
    TEMPLATE_STAFF_OVERDUE: 'tpl-staff-overdue',
    TEMPLATE_EVENT_REMINDER: 'tpl-event-reminder',
    TEMPLATE_EVENT_CHANGED: 'tpl-event-changed',
  };
  /** The settings seen to take effect in the local functions. */
  const seen = new Set<string>();
  let child: ChildProcess;
  let output = '';

  async function call(openid: string, fn: string, action: string, data: Record<string, unknown> = {}) {
    const res = await fetch(`${url}/fn/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
      body: JSON.stringify({ action, ...data }),
    });
    return (await res.json()) as { ok: boolean; data?: any; error?: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  async function ok(openid: string, fn: string, action: string, data: Record<string, unknown> = {}) {
    const res = await call(openid, fn, action, data);
    if (!res.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(res.error)}`);
    return res.data;
  }
  const outbox = async () => ((await (await fetch(`${url}/outbox`)).json()) as { messages: OutboxMessage[] }).messages;
  /** Seals a value with `key` as the functions would (this process's own environment, for a moment). */
  function sealWith(key: string, plain: string): string {
    const before = process.env.PII_KEY;
    process.env.PII_KEY = key;
    try {
      return encrypt(plain);
    } finally {
      if (before === undefined) delete process.env.PII_KEY;
      else process.env.PII_KEY = before;
    }
  }
  const orgOf = async (openid: string) => ((await ok(openid, 'users', 'me')).roles[0] as { orgId: string }).orgId;

  beforeAll(async () => {
    // `npm start` less its build step (the test run has built the functions), as test/start.test.ts starts it.
    child = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/start.ts')],
      {
        env: { ...process.env, ...settings, PORT: String(port), DATA_DIR: dataDir, SEED: '1', TIMERS: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    const deadline = Date.now() + 45_000;
    while (!output.includes('local cloud is running')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('REQUESTS_PER_DAY=2: the third request of the day is refused', async () => {
    const resident = `settings-resident-${Date.now()}`;
    const request = { orgId: await orgOf('demo-grid-worker'), category: 'employment', description: '想找一份工作' };
    await ok(resident, 'requests', 'create', request);
    await ok(resident, 'requests', 'create', request);
    const third = await call(resident, 'requests', 'create', request);
    expect(third.error?.code).toBe('RESOURCE_EXHAUSTED');
    expect(third.error?.message).toContain('每天最多提交 2 件诉求');
    seen.add('REQUESTS_PER_DAY');
  });

  test('REQUEST_DUE_DAYS and TEMPLATE_REQUEST_UPDATE: the due date and the message of an accepted request', async () => {
    const created = await ok('settings-consulter', 'requests', 'create', {
      orgId: await orgOf('demo-grid-worker'),
      category: 'consult',
      description: '咨询一下社保政策',
    });
    expect(created.dueAt).toBe(toIso(addWorkingDays(new Date(created.createdAt), 7)));
    seen.add('REQUEST_DUE_DAYS');
    await ok('demo-grid-worker', 'requests', 'accept', { id: created.id });
    const told = (await outbox()).filter((m) => m.touser === 'settings-consulter');
    expect(told.map((m) => m.templateId)).toEqual(['tpl-request-update']);
    seen.add('TEMPLATE_REQUEST_UPDATE');
  });

  test('TEMPLATE_STAFF_NEW_REQUEST and TEMPLATE_STAFF_OVERDUE: the front line hears of a new request, the community of its escalation', async () => {
    const created = await ok('settings-newcomer', 'requests', 'create', {
      orgId: await orgOf('demo-grid-worker'),
      category: 'employment',
      description: '想找一份餐馆的工作',
    });
    const about = async (templateId: string) =>
      (await outbox()).filter((m) => m.templateId === templateId && m.page.includes(`id=${created.id}`));
    expect((await about('tpl-staff-new-request')).map((m) => m.touser)).toContain('demo-grid-worker');
    seen.add('TEMPLATE_STAFF_NEW_REQUEST');

    const { secretKey } = JSON.parse(
      fs.readFileSync(path.join(dataDir, 'credentials.json'), 'utf8'),
    ) as LocalCredentials;
    const locked = (route: string, body: unknown) =>
      fetch(`${url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` },
        body: JSON.stringify(body),
      });
    await locked('/clock', { offsetMs: Date.parse(created.dueAt) - Date.now() + 3_600_000 });
    try {
      expect((await locked('/triggers/requests/escalateOverdue', {})).status).toBe(200);
    } finally {
      await locked('/clock', { offsetMs: 0 });
    }
    const overdue = await about('tpl-staff-overdue');
    expect(overdue.map((m) => m.touser)).toContain('demo-staff');
    expect(overdue.map((m) => m.touser)).not.toContain('demo-grid-worker');
    seen.add('TEMPLATE_STAFF_OVERDUE');
  });

  test('TEMPLATE_EVENT_REMINDER and TEMPLATE_EVENT_CHANGED: reminders and the cancellation notice', async () => {
    const { id } = await ok('demo-staff', 'events', 'create', {
      orgId: await orgOf('demo-staff'),
      type: 'festival',
      title: '设置测试活动',
      location: { name: '社区广场' },
      startAt: new Date(Date.now() + 3 * 86400_000).toISOString(),
      capacity: 10,
    });
    await ok('settings-family', 'events', 'signup', {
      eventId: id,
      partySize: 2,
      contactName: '测试家庭',
      contactPhone: '13900001111',
    });
    await ok('demo-staff', 'events', 'sendReminders', { eventId: id });
    await ok('demo-staff', 'events', 'cancel', { id, reason: '天气原因' });
    const told = (await outbox()).filter((m) => m.touser === 'settings-family');
    expect(told.map((m) => m.templateId)).toEqual(['tpl-event-reminder', 'tpl-event-changed']);
    seen.add('TEMPLATE_EVENT_REMINDER');
    seen.add('TEMPLATE_EVENT_CHANGED');
  });

  test('HOUSEHOLD_REQUIRED_FACTS=languages: completeness counts languages only', async () => {
    const household = await ok('demo-grid-worker', 'households', 'create', {
      gridId: await orgOf('demo-grid-worker'),
      address: { building: '9', room: '901' },
      members: [{ name: '设置测试', gender: 'male', ethnicity: '03', residency: 'floating' }],
    });
    expect(household.missing.map((m: { fact: string }) => m.fact)).toEqual(['languages']);
    seen.add('HOUSEHOLD_REQUIRED_FACTS');
  });

  test('ADMIN_OPENIDS: the openid listed is admin of every root org', async () => {
    const { roles } = await ok('settings-root', 'users', 'me');
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.every((r: { role: string }) => r.role === 'admin')).toBe(true);
    expect((await ok('demo-admin', 'users', 'me')).roles).toEqual([]);
    seen.add('ADMIN_OPENIDS');
  });

  test('PII_KEY seals what the functions write, and PII_OLD_KEYS still opens what an old key sealed', async () => {
    const credentials = JSON.parse(fs.readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')) as LocalCredentials;
    const db = localApp(url, credentials).database();
    await ok('settings-new-key', 'users', 'updateProfile', { phone: '13911112222' });
    const { data } = await db.collection('users').doc('settings-new-key').get();
    const sealed = (data[0] as { profile: { phoneEnc: string } }).profile.phoneEnc;
    expect(sealWith(piiKey, 'x').split('.')[1]).toBe(sealed.split('.')[1]);
    process.env.PII_KEY = piiKey;
    try {
      expect(decrypt(sealed)).toBe('13911112222');
    } finally {
      delete process.env.PII_KEY;
    }
    seen.add('PII_KEY');

    await db
      .collection('users')
      .add({ _id: 'settings-old-key', profile: { phoneEnc: sealWith(oldKey, '13933334444') }, homeOrgId: null });
    expect((await ok('settings-old-key', 'users', 'me')).profile.phone).toBe(maskPhone('13933334444'));
    seen.add('PII_OLD_KEYS');
  });

  test('each declared setting was seen to take effect', () => {
    expect([...seen].sort()).toEqual([...SETTING_NAMES].sort());
  });
});

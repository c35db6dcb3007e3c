/**
 * `npm start` as a user runs it: a process that builds nothing (the test run already built), seeds the demo
 * community on first start, answers /healthz, locks /admin with the credentials it writes into DATA_DIR, keeps
 * DATA_DIR private, and keeps the data (and the credentials) on the next start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalCredentials } from '../local-cloud/src';
import { localApp } from '../scripts/start';

const ROOT = path.resolve(__dirname, '..');

async function startServer(dataDir: string, port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/start.ts')],
    {
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  // The demo seed goes through the functions (scripts/demo/seed.ts): on a busy machine it takes a while.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (out.includes('local cloud is running')) return { child, output: () => out };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`npm start did not come up:\n${out}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const readCredentials = (dataDir: string) =>
  JSON.parse(fs.readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')) as LocalCredentials;
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

test('npm start seeds the demo community once, answers /healthz, and keeps data across restarts', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiliuzi-start-'));
  // As an older run (or a careless mkdir) may have left it: readable by everyone.
  fs.chmodSync(dataDir, 0o755);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const first = await startServer(dataDir, port);
  let credentials: LocalCredentials;
  try {
    expect(first.output()).toContain('demo community loaded');
    expect(first.output()).toContain('demo-grid-worker');
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ ok: true });
    credentials = readCredentials(dataDir);
    const db = localApp(`http://127.0.0.1:${port}`, credentials).database();
    const { data } = await db.collection('orgs').where({ name: '中心区社区' }).get();
    expect(data).toHaveLength(1);
    await db.collection('orgs').doc(data[0]._id).update({ name: '中心区社区（已保存的修改）' });
    const me = await fetch(`http://127.0.0.1:${port}/fn/users`, {
      method: 'POST',
      headers: { 'x-wx-openid': 'demo-staff' },
      body: JSON.stringify({ action: 'me' }),
    });
    expect(((await me.json()) as { data: { roles: { role: string }[] } }).data.roles[0].role).toBe('staff');
    // Without the credentials the server API gives nothing away.
    const unsigned = await fetch(`http://127.0.0.1:${port}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.getDocument', collectionName: 'orgs', queryType: 'WHERE', query: '{}' }),
    });
    expect(unsigned.status).toBe(401);
  } finally {
    await stop(first.child);
  }
  expect(fs.readFileSync(path.join(dataDir, 'pii.key'), 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  expect(modeOf(dataDir)).toBe(0o700);
  for (const file of ['credentials.json', 'pii.key', 'cloud.db']) expect(modeOf(path.join(dataDir, file))).toBe(0o600);
  expect(modeOf(path.join(dataDir, 'storage'))).toBe(0o700);

  const second = await startServer(dataDir, port);
  try {
    expect(second.output()).not.toContain('demo community loaded');
    expect(readCredentials(dataDir)).toEqual(credentials);
    const db = localApp(`http://127.0.0.1:${port}`, credentials).database();
    const { total } = await db.collection('orgs').where({ name: '中心区社区（已保存的修改）' }).count();
    expect(total).toBe(1);
  } finally {
    await stop(second.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

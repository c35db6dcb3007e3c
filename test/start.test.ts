/**
 * `npm start` as a user runs it: a process that builds nothing (the test run already built), seeds the demo
 * community on first start, answers /healthz, and keeps the data on the next start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  const deadline = Date.now() + 30_000;
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

test('npm start seeds the demo community once, answers /healthz, and keeps data across restarts', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiliuzi-start-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const first = await startServer(dataDir, port);
  try {
    expect(first.output()).toContain('demo community loaded');
    expect(first.output()).toContain('demo-grid-worker');
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ ok: true });
    const db = localApp(`http://127.0.0.1:${port}`).database();
    const { data } = await db.collection('orgs').where({ name: '中心区社区' }).get();
    expect(data).toHaveLength(1);
    await db.collection('orgs').doc(data[0]._id).update({ name: '中心区社区（已保存的修改）' });
    const me = await fetch(`http://127.0.0.1:${port}/fn/users`, {
      method: 'POST',
      headers: { 'x-wx-openid': 'demo-staff' },
      body: JSON.stringify({ action: 'me' }),
    });
    expect(((await me.json()) as { data: { roles: { role: string }[] } }).data.roles[0].role).toBe('staff');
  } finally {
    await stop(first.child);
  }
  expect(fs.readFileSync(path.join(dataDir, 'pii.key'), 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);

  const second = await startServer(dataDir, port);
  try {
    expect(second.output()).not.toContain('demo community loaded');
    const db = localApp(`http://127.0.0.1:${port}`).database();
    const { total } = await db.collection('orgs').where({ name: '中心区社区（已保存的修改）' }).count();
    expect(total).toBe(1);
  } finally {
    await stop(second.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

/** Durability: the CLI server killed with SIGKILL mid-stream keeps every acknowledged write; data survives restarts. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { readCredentials } from '../src/auth';
import { CLI, COLLECTIONS_FILE, FUNCTIONS_DIR, http, loadSdk, pointSdkAt, tempDir, type Loose } from './helpers';

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<NodeJS.Signals | number | null>;
}

let dataDir: string;
let cloud: Loose;
let db: Loose;
let running: Server | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `node local-cloud/dist/cli.js` on a free port over `dataDir` and waits until it serves. */
async function startCli(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, '--functions', FUNCTIONS_DIR, '--collections', COLLECTIONS_FILE], {
    env: { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the local cloud exited at start:\n${output}`);
    if (/listening on/.test(output)) break;
    if (Date.now() > deadline) throw new Error(`the local cloud did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  expect((await http(`${url}/healthz`)).json).toEqual({ ok: true });
  pointSdkAt(url, readCredentials(dataDir));
  running = { child, url, exited };
  return running;
}

beforeAll(() => {
  dataDir = tempDir('local-cloud-durability-');
  cloud = loadSdk('http://127.0.0.1:1');
  db = cloud.database();
});

afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  running = undefined;
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('data, files and their URLs survive a normal stop and start', async () => {
  const first = await startCli();
  await db.collection('journal').add({ data: { _id: 'kept', when: new Date('2025-01-02T03:04:05Z'), list: [1, 2] } });
  await db.collection('things').add({ data: { _id: 'unique-1', code: 'K1' } });
  const { fileID } = await cloud.uploadFile({ cloudPath: 'kept/file.txt', fileContent: Buffer.from('still here') });
  const [{ tempFileURL }] = (await cloud.getTempFileURL({ fileList: [fileID] })).fileList;
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);

  const second = await startCli();
  expect((await db.collection('journal').doc('kept').get()).data).toEqual({
    _id: 'kept',
    when: new Date('2025-01-02T03:04:05Z'),
    list: [1, 2],
  });
  // The unique index is rebuilt from the stored documents.
  expect(
    (
      await db
        .collection('things')
        .add({ data: { code: 'K1' } })
        .catch((e: Loose) => e)
    ).errCode,
  ).toBe(-502001);
  expect((await cloud.downloadFile({ fileID })).fileContent.toString()).toBe('still here');
  // The signing key is kept too: a URL handed out before the restart still works (only the port changed).
  const before = new URL(tempFileURL);
  const res = await http(`${second.url}${before.pathname}${before.search}`);
  expect(res.status).toBe(200);
  expect(res.text).toBe('still here');
});

test('SIGKILL during a stream of writes loses no acknowledged write', async () => {
  const server = await startCli();
  const acknowledged: string[] = [];
  const attempted: string[] = [];
  let stop = false;

  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const _id = `w${w}-${i}`;
      attempted.push(_id);
      try {
        await db.collection('journal').add({ data: { _id, writer: w, i, payload: 'x'.repeat(200) } });
        acknowledged.push(_id);
      } catch {
        return; // the server is gone
      }
    }
  };
  const writers = [0, 1, 2, 3].map(writer);

  while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 5));
  server.child.kill('SIGKILL');
  expect(await server.exited).toBe('SIGKILL');
  stop = true;
  await Promise.all(writers);
  const ackedAtKill = acknowledged.length;
  expect(ackedAtKill).toBeGreaterThanOrEqual(300);

  await startCli();
  const stored = new Map<string, Loose>();
  for (let offset = 0; ; offset += 1000) {
    const page = await db
      .collection('journal')
      .where({ writer: db.command.exists(true) })
      .skip(offset)
      .limit(1000)
      .get();
    for (const doc of page.data) stored.set(doc._id, doc);
    if (page.data.length < 1000) break;
  }
  const missing = acknowledged.filter((id) => !stored.has(id));
  expect(missing).toEqual([]);
  // Whatever is stored was attempted and is whole (a write in flight may have landed without its reply).
  for (const [id, doc] of stored) {
    expect(attempted).toContain(id);
    expect(doc.payload).toHaveLength(200);
  }
  expect(stored.size - ackedAtKill).toBeLessThanOrEqual(4);
});

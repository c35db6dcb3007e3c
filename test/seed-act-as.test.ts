/**
 * The demo seed sets the org tree, contact cards and stations up through the `orgs` function's own actions, acting
 * as the admin with a call signed by the functions' key (backend/core/signing.ts). Such a call acts exactly as that
 * user would; anything not signed by the key, signed for another function or expired is refused.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalCloud } from '../local-cloud/src';
import { actAsTarget, internalKey, signBody, signedActAs } from '../backend/core/signing';
import { DEMO_ORGS, DEMO_STATIONS } from '../scripts/demo/data';
import { startProject } from '../scripts/start';

// Documents and answers are checked loosely: each test asserts the shape it cares about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const KEY = crypto.randomBytes(32).toString('base64');
let cloud: LocalCloud;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiliuzi-act-as-'));
  ({ cloud } = await startProject({
    port: 0,
    dataDir,
    seed: true,
    adminOpenids: 'demo-admin',
    piiKey: KEY,
    log: () => {},
    timers: false,
  }));
});
afterAll(async () => {
  await cloud.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const docs = (collection: string) => [...cloud.store.collection(collection).docs.values()] as Record<string, Loose>[];

/** POST /fn/<fn> with no WeChat identity, as the platform's function invocation arrives. */
async function invoke(fn: string, data: Record<string, unknown>) {
  const res = await fetch(`${cloud.url}/fn/${fn}`, { method: 'POST', body: JSON.stringify(data) });
  return (await res.json()) as { ok: boolean; data?: Loose; error?: { code: string } };
}

test('the demo tree, contact cards and stations were made by the orgs actions, as the admin', () => {
  const created = docs('auditLogs').filter((a) => a.action === 'org.create');
  expect(created).toHaveLength(DEMO_ORGS.length);
  expect(new Set(created.map((a) => a.actor))).toEqual(new Set(['demo-admin']));
  // What the actions write and direct writes would not: each org's QR scene, path and the community's card.
  for (const org of docs('orgs')) {
    expect(docs('qrScenes').some((s) => s._id === org.scene && s.targetId === org._id)).toBe(true);
    expect(org.path).toBe(`/${org.ancestors.join('/')}/`);
  }
  expect(docs('orgs').find((o) => o.name === '中心区社区')!.contact.hours).toBe('周一至周五 9:00-12:00，14:00-17:30');
  expect(docs('stations')).toHaveLength(DEMO_STATIONS.length);
  expect(docs('stations').every((s) => s.location?.type === 'Point')).toBe(true);
});

test('a signed call acts as its user, with that user’s scope', async () => {
  const zxq = docs('orgs').find((o) => o.name === '中心区社区')!._id;
  const asStaff = await invoke('orgs', signedActAs(KEY, 'orgs', 'demo-staff', 'manage', { id: zxq }));
  expect(asStaff).toMatchObject({ ok: true, data: { can: { updateContact: true, rename: false } } });
  const asResident = await invoke('orgs', signedActAs(KEY, 'orgs', 'demo-resident', 'manage', { id: zxq }));
  expect(asResident).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  // Its input is validated like any other.
  const bad = await invoke('orgs', signedActAs(KEY, 'orgs', 'demo-admin', 'rename', { id: zxq, name: '' }));
  expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
});

test('a call not signed by the key, signed for another function or target, or expired is refused', async () => {
  const zxq = docs('orgs').find((o) => o.name === '中心区社区')!._id;
  const params = { id: zxq, name: '被篡改的社区' };
  const refused = { ok: false, error: { code: 'PERMISSION_DENIED' } };
  // Another key.
  expect(
    await invoke(
      'orgs',
      signedActAs(crypto.randomBytes(32).toString('base64'), 'orgs', 'demo-admin', 'rename', params),
    ),
  ).toMatchObject(refused);
  // Signed for the users function.
  expect(await invoke('orgs', signedActAs(KEY, 'users', 'demo-admin', 'rename', params))).toMatchObject(refused);
  // A function-to-function signature (target `orgs`, not `act-as:orgs`).
  const body = JSON.stringify({ ...params, action: 'rename', actAs: 'demo-admin', exp: Date.now() + 60_000 });
  const internal = signBody(internalKey(KEY), 'orgs', body).toString('base64url');
  expect(await invoke('orgs', { body, sig: internal })).toMatchObject(refused);
  // The body changed after signing.
  const good = signedActAs(KEY, 'orgs', 'demo-admin', 'rename', params);
  expect(await invoke('orgs', { ...good, body: good.body.replace('demo-admin', 'demo-staff') })).toMatchObject(refused);
  // Expired.
  expect(await invoke('orgs', signedActAs(KEY, 'orgs', 'demo-admin', 'rename', params, -1))).toMatchObject(refused);
  // No actor named.
  const anonymous = JSON.stringify({ ...params, action: 'rename', exp: Date.now() + 60_000 });
  const sig = signBody(internalKey(KEY), actAsTarget('orgs'), anonymous).toString('base64url');
  expect(await invoke('orgs', { body: anonymous, sig })).toMatchObject(refused);
  expect(docs('orgs').some((o) => o.name === '被篡改的社区')).toBe(false);
});

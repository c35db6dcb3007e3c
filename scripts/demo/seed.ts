import crypto from 'node:crypto';
import type tcb from '@cloudbase/node-sdk';
import { newSceneToken } from '../../backend/core/ids';
import { DEMO_ORGS, DEMO_PERSONAS, DEMO_STATIONS } from './data';
import { seedEvents } from './events';
import { seedHouseholds } from './households';

type App = ReturnType<typeof tcb.init>;

export interface SeedSummary {
  orgs: number;
  stations: number;
  personas: number;
  /** Demo households need the functions' PII_KEY to be sealed; without one they are left out. */
  households: number;
  /** Demo events (百家宴, 长龙宴, 腊八, 中秋) with a few sign-ups, whose phones are sealed the same way. */
  events: number;
}

/**
 * Loads the demo community through ordinary @cloudbase/node-sdk calls, so the same loader fills the local cloud
 * and a real CloudBase environment. It only runs on an empty `orgs` collection: later runs keep the data.
 * Household ID numbers and phones are sealed with `piiKey` (default PII_KEY), which must be the functions' key.
 */
export async function seedDemo(app: App, piiKey = process.env.PII_KEY): Promise<SeedSummary | undefined> {
  const db = app.database();
  const { total } = (await db.collection('orgs').count()) as { total: number };
  if (total > 0) return undefined;

  const now = new Date();
  const ids = new Map<string, { id: string; name: string; ancestors: string[] }>();
  for (const org of DEMO_ORGS) {
    const id = crypto.randomBytes(16).toString('hex');
    const parent = org.parent ? ids.get(org.parent) : undefined;
    if (org.parent && !parent) throw new Error(`demo org ${org.key} is listed before its parent ${org.parent}`);
    const ancestors = [...(parent?.ancestors ?? []), id];
    ids.set(org.key, { id, name: org.name, ancestors });
    const scene = newSceneToken();
    await db.collection('orgs').add({
      _id: id,
      name: org.name,
      level: org.level,
      parentId: parent?.id ?? null,
      ancestors,
      path: `/${ancestors.join('/')}/`,
      depth: ancestors.length - 1,
      scene,
      contact: org.contact ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await db.collection('qrScenes').add({ _id: scene, type: 'org', targetId: id, createdAt: now });
  }

  for (const s of DEMO_STATIONS) {
    const org = ids.get(s.org)!;
    await db.collection('stations').add({
      orgId: org.id,
      ancestors: org.ancestors,
      type: s.type,
      name: s.name,
      address: s.address,
      location: { type: 'Point', coordinates: [s.longitude, s.latitude] },
      hours: s.hours,
      services: s.services,
      phone: s.phone,
      greenChannel: s.greenChannel,
      createdAt: now,
      updatedAt: now,
    });
  }

  for (const p of DEMO_PERSONAS) {
    await db
      .collection('users')
      .add({ _id: p.openid, profile: { name: p.name }, homeOrgId: ids.get(p.home)!.id, createdAt: now });
    for (const g of p.grants) {
      const org = ids.get(g.org)!;
      await db.collection('grants').add({
        openid: p.openid,
        role: g.role,
        orgId: org.id,
        orgName: org.name,
        ancestors: org.ancestors,
        grantedBy: 'seed',
        createdAt: now,
      });
    }
  }
  const households = piiKey ? await seedHouseholds(db, ids, piiKey) : 0;
  const events = piiKey ? await seedEvents(db, ids, piiKey) : 0;
  return {
    orgs: DEMO_ORGS.length,
    stations: DEMO_STATIONS.length,
    personas: DEMO_PERSONAS.length,
    households,
    events,
  };
}

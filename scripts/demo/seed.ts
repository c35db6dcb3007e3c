import type tcb from '@cloudbase/node-sdk';
import { signedActAs } from '../../backend/core/signing';
import { DEMO_ORGS, DEMO_PERSONAS, DEMO_STATIONS } from './data';
import { seedEvents } from './events';
import { seedHouseholds } from './households';
import { seedNotices } from './notices';
import { seedCommunity } from './community';

type App = ReturnType<typeof tcb.init>;

export interface SeedSummary {
  orgs: number;
  stations: number;
  personas: number;
  /** Demo households, their ID numbers and phones sealed with the functions' PII_KEY. */
  households: number;
  /** Demo events (百家宴, 长龙宴, 腊八, 中秋) with a few sign-ups, whose phones are sealed the same way. */
  events: number;
}

const CALL_TIMEOUT_MS = 60_000;

/** The answer of a function: its envelope. */
interface Envelope {
  ok: boolean;
  data?: unknown;
  error?: { code: string; message: string; details?: unknown };
}

/**
 * Calls an action of function `fn` as user `openid`, signed with the functions' key (backend/core/signing.ts): the
 * function runs it exactly as it runs the mini program's call, with that user's grants and checks.
 */
export function actingAs(app: App, piiKey: string, openid: string) {
  return async function call<T>(fn: string, action: string, params: Record<string, unknown>): Promise<T> {
    // A first call may wait for the function's cold start: longer than node-sdk's default 15 s on a busy machine.
    const res = (await app.callFunction(
      { name: fn, data: signedActAs(piiKey, fn, openid, action, params) },
      { timeout: CALL_TIMEOUT_MS },
    )) as { result?: Envelope };
    const answer = res.result;
    if (!answer?.ok) {
      const why = answer?.error
        ? `${answer.error.code} ${answer.error.message} ${JSON.stringify(answer.error.details ?? {})}`
        : 'no answer';
      throw new Error(`seed: ${fn}.${action} as ${openid} failed: ${why}`);
    }
    return answer.data as T;
  };
}

/** The openid the seed acts as: the first of ADMIN_OPENIDS (as the functions have it), else the local demo admin. */
export function seedAdmin(adminOpenids = process.env.ADMIN_OPENIDS): string {
  return (
    (adminOpenids ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)[0] ?? 'demo-admin'
  );
}

/**
 * Loads the demo community into the local cloud or a real CloudBase environment. The org tree, its contact cards
 * and the service stations are made by the `orgs` function's own actions (`create`, `updateContact`,
 * `createStation`), called as the admin `adminOpenid` through the platform's function invocation, exactly as the
 * 组织架构 and 服务站点 screens call them: the demo proves those actions (and fails loudly when demo data breaks
 * their rules). Personas, grants, households and events are written with ordinary @cloudbase/node-sdk calls.
 * It only runs on an empty `orgs` collection: later runs keep the data. `piiKey` must be the functions' PII_KEY: it
 * signs the calls and seals household ID numbers and phones.
 */
export async function seedDemo(
  app: App,
  piiKey = process.env.PII_KEY,
  adminOpenid = seedAdmin(),
): Promise<SeedSummary | undefined> {
  const db = app.database();
  const { total } = (await db.collection('orgs').count()) as { total: number };
  if (total > 0) return undefined;
  if (!piiKey) throw new Error("seed: set PII_KEY (the functions' key): the demo is set up through the functions");

  const now = new Date();
  const asAdmin = actingAs(app, piiKey, adminOpenid);
  // One call after the other: a single warm instance of the function does it all (side by side, a second instance
  // would start cold, which costs more than it saves on a test machine's two cores).
  const ids = new Map<string, { id: string; name: string; ancestors: string[] }>();
  for (const org of DEMO_ORGS) {
    const parent = org.parent ? ids.get(org.parent) : undefined;
    if (org.parent && !parent) throw new Error(`demo org ${org.key} is listed before its parent ${org.parent}`);
    const { id } = await asAdmin<{ id: string }>('orgs', 'create', {
      ...(parent ? { parentId: parent.id } : {}),
      name: org.name,
      level: org.level,
    });
    ids.set(org.key, { id, name: org.name, ancestors: [...(parent?.ancestors ?? []), id] });
    if (org.contact) await asAdmin('orgs', 'updateContact', { id, contact: org.contact });
  }
  for (const { org, ...station } of DEMO_STATIONS) {
    await asAdmin('orgs', 'createStation', { orgId: ids.get(org)!.id, ...station });
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
  const households = await seedHouseholds(db, ids, piiKey);
  const events = await seedEvents(db, ids, piiKey);
  await seedNotices(db, ids);
  await seedCommunity(db, (openid) => actingAs(app, piiKey, openid), ids);
  // The demo records were written straight into the database: the dashboards' consistency check counts them.
  for (const org of DEMO_ORGS.filter((o) => !o.parent))
    await asAdmin('stats', 'recount', { orgId: ids.get(org.key)!.id });
  return {
    orgs: DEMO_ORGS.length,
    stations: DEMO_STATIONS.length,
    personas: DEMO_PERSONAS.length,
    households,
    events,
  };
}

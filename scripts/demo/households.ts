import crypto from 'node:crypto';
import type tcb from '@cloudbase/node-sdk';
import { completenessOf } from '../../backend/households/completeness';
import { memberDoc } from '../../backend/households/members';
import type { HouseholdDoc, MemberDoc, VisitDoc } from '../../backend/households/model';
import { newSceneToken } from '../../backend/core/ids';
import { addressSortKey } from '../../miniprogram/shared/households';
import { withCheckChar } from '../../miniprogram/shared/idcard';
import type { householdsSchemas } from '../../miniprogram/shared/schemas/households';
import type * as v from 'valibot';
import { DEMO_HOUSEHOLDS, DEMO_PERSONAS } from './data';

type Db = ReturnType<ReturnType<typeof tcb.init>['database']>;
type MemberInput = v.InferOutput<typeof householdsSchemas.addMember>['member'];

/** Runs `fn` with PII_KEY set to `key` (the sealing helpers read it from the environment), then restores it. */
export async function withPiiKey<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.PII_KEY;
  process.env.PII_KEY = key;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.PII_KEY;
    else process.env.PII_KEY = before;
  }
}

/**
 * The demo households, sealed exactly as the households function seals them (so the functions, holding the same
 * PII_KEY, read them back), with their door codes and a few visits.
 */
export async function seedHouseholds(
  db: Db,
  orgs: Map<string, { id: string; ancestors: string[] }>,
  piiKey: string,
): Promise<number> {
  return withPiiKey(piiKey, async () => {
    const now = new Date();
    for (const demo of DEMO_HOUSEHOLDS) {
      const grid = orgs.get(demo.grid)!;
      const _id = crypto.randomBytes(16).toString('hex');
      const scene = newSceneToken();
      const household: HouseholdDoc = {
        _id,
        gridId: grid.id,
        communityId: grid.ancestors[grid.ancestors.length - 2],
        ancestors: grid.ancestors,
        address: demo.address,
        addrKey: `${addressSortKey(demo.address)}\u0001${_id}`,
        housing: demo.housing ?? null,
        tags: demo.tags ?? [],
        status: 'active',
        scene,
        memberCount: demo.members.length,
        headName: demo.members[0].name,
        completeness: 0,
        duplicate: false,
        visitCount: demo.visits?.length ?? 0,
        lastVisitAt: null,
        createdBy: 'seed',
        createdAt: now,
        updatedAt: now,
      };
      const members: MemberDoc[] = demo.members.map(({ id17, openid, ...m }, i) => {
        const input = { ...m, ...(id17 ? { idNumber: withCheckChar(id17) } : {}) } as MemberInput;
        // Registration order is the listing order: a millisecond apart.
        return { ...memberDoc(input, household, new Date(now.getTime() + i)), openid: openid ?? null };
      });
      household.completeness = completenessOf(household.housing, members).score;
      const visits: VisitDoc[] = (demo.visits ?? []).map((visit) => {
        const at = new Date(now.getTime() - visit.daysAgo * 86400_000);
        const id = crypto.randomBytes(16).toString('hex');
        return {
          _id: id,
          householdId: _id,
          gridId: grid.id,
          communityId: household.communityId,
          ancestors: grid.ancestors,
          by: visit.by,
          byName: DEMO_PERSONAS.find((p) => p.openid === visit.by)?.name ?? null,
          at,
          sortKey: `${String(at.getTime()).padStart(15, '0')}\u0001${id}`,
          notes: visit.notes,
          needs: visit.needs ?? [],
          requestId: null,
        };
      });
      if (visits.length) household.lastVisitAt = visits.reduce((a, b) => (a.at > b.at ? a : b)).at;
      await db.collection('households').add(household);
      await db
        .collection('qrScenes')
        .add({ _id: scene, type: 'household', targetId: _id, createdAt: now, revokedAt: null });
      for (const m of members) await db.collection('householdMembers').add(m);
      for (const visit of visits) await db.collection('householdVisits').add(visit);
    }
    return DEMO_HOUSEHOLDS.length;
  });
}

import { newEvent } from './events';
import { fixtureAdmin, type TestProject } from './project';

let seq = 0;

/** A fresh notice of 中心区社区 (or `orgKey`), published by a fixture admin; returns its id. */
export async function newNotice(p: TestProject, orgKey = 'zxq', fields: Record<string, unknown> = {}): Promise<string> {
  const { id } = await p.ok(fixtureAdmin(), 'notices', 'create', {
    orgId: p.orgId(orgKey),
    kind: 'notice',
    title: `测试通知${++seq}`,
    body: [{ type: 'p', text: '请各位居民留意。' }],
    ...fields,
  });
  return id as string;
}

/** A fresh event that was held: created ahead as usual, then its start moved two hours back in the store. */
export async function heldEvent(p: TestProject, orgKey = 'zxq', fields: Record<string, unknown> = {}): Promise<string> {
  const { id } = await newEvent(p, fields, orgKey);
  const doc = p.docs('events').find((d) => d._id === id)!;
  const startAt = new Date(Date.now() - 2 * 3600_000);
  const endAt = new Date(Date.now() - 3600_000);
  p.cloud.store.commit([
    {
      collection: 'events',
      id,
      doc: { ...doc, startAt, endAt, endsAt: endAt, signupDeadline: new Date(startAt.getTime() - 3600_000) },
    },
  ]);
  return id;
}

/** A held event with a review posted by a fixture admin. */
export async function reviewedEvent(p: TestProject, orgKey = 'zxq'): Promise<string> {
  const eventId = await heldEvent(p, orgKey);
  await p.ok(fixtureAdmin(), 'notices', 'postReview', { eventId, text: '百家宴圆满举办，感谢各族居民！' });
  return eventId;
}

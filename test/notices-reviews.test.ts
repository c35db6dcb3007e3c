/**
 * After an event (百家宴 memories): staff who manage a held event post a short review with their own photos, shown on
 * the event page; anyone likes it once, however often or however fast they tap.
 */
import { newEvent } from './helpers/events';
import { heldEvent } from './helpers/notices';
import { TestProject } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

let seq = 0;
async function upload(openid: string, folder = 'notices'): Promise<string> {
  const res = await fetch(`${p.cloud.url}/storage/client/${folder}/${openid}/photo-${++seq}.png`, {
    method: 'PUT',
    headers: { 'x-wx-openid': openid },
    body: PNG_BYTES,
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

test('staff post a review with their own photos; everyone sees it on the event page', async () => {
  const eventId = await heldEvent(p);
  const before = await p.ok('resident', 'notices', 'review', { eventId });
  expect(before).toEqual({ review: null, can: { postReview: false, likeReview: false } });
  expect((await p.ok('staff', 'notices', 'review', { eventId })).can.postReview).toBe(true);

  const photos = [await upload('demo-staff'), await upload('demo-staff')];
  const posted = await p.ok('staff', 'notices', 'postReview', {
    eventId,
    text: '三十多道家乡菜，一桌团圆饭。',
    images: photos,
  });
  expect(posted).toMatchObject({
    eventId,
    text: '三十多道家乡菜，一桌团圆饭。',
    images: photos,
    likes: 0,
    liked: false,
  });

  const seen = await p.ok('resident', 'notices', 'review', { eventId });
  expect(seen.review).toMatchObject({ text: '三十多道家乡菜，一桌团圆饭。', images: photos, likes: 0 });
  expect(seen.can).toEqual({ postReview: false, likeReview: true });

  // Another manager edits it, keeping the photos already there and adding their own.
  const more = await upload('demo-street-admin');
  const edited = await p.ok('streetAdmin', 'notices', 'postReview', {
    eventId,
    text: '百家宴圆满举办，感谢各族居民！',
    images: [...photos, more],
  });
  expect(edited.images).toEqual([...photos, more]);
  expect(p.docs('eventReviews').filter((r) => r.eventId === eventId)).toHaveLength(1);
});

test('residents, out-of-scope staff and grid workers cannot post; an event not held yet cannot have a review', async () => {
  const eventId = await heldEvent(p);
  for (const who of ['resident', 'gridWorker', 'chengduStaff']) {
    const res = await p.call(who, 'notices', 'postReview', { eventId, text: '我来写回顾' });
    expect(res.error?.code).toBe('PERMISSION_DENIED');
  }
  const upcoming = await newEvent(p);
  const early = await p.call('staff', 'notices', 'postReview', { eventId: upcoming.id, text: '提前写好' });
  expect(early.error).toMatchObject({ code: 'FAILED_PRECONDITION', details: { reason: 'EVENT_NOT_HELD' } });
  expect((await p.call('staff', 'notices', 'postReview', { eventId: 'no-such-event', text: '回顾' })).error?.code).toBe(
    'NOT_FOUND',
  );
});

test("photos must be the poster's own uploads; text is content-checked and plain", async () => {
  const eventId = await heldEvent(p);
  const foreign = await upload('demo-street-admin');
  const res = await p.call('staff', 'notices', 'postReview', { eventId, text: '回顾', images: [foreign] });
  expect(res.error?.details?.fields).toHaveProperty(['images.0']);
  const requestPhoto = await upload('demo-staff', 'requests');
  const wrongFolder = await p.call('staff', 'notices', 'postReview', { eventId, text: '回顾', images: [requestPhoto] });
  expect(wrongFolder.error?.details?.fields).toHaveProperty(['images.0']);
  const risky = await p.call('staff', 'notices', 'postReview', { eventId, text: '现场有人兜售毒品' });
  expect(risky.error?.details?.fields).toHaveProperty('text');
  const markup = await p.call('staff', 'notices', 'postReview', { eventId, text: '<script>alert(1)</script>' });
  expect(markup.error?.details?.fields).toHaveProperty('text');
  const long = await p.call('staff', 'notices', 'postReview', { eventId, text: '好'.repeat(501) });
  expect(long.error?.details?.fields).toHaveProperty('text');
  expect(p.docs('eventReviews').some((r) => r.eventId === eventId)).toBe(false);
});

test('a like counts once per person, even with parallel double taps', async () => {
  const eventId = await heldEvent(p);
  expect((await p.call('resident', 'notices', 'likeReview', { eventId })).error?.code).toBe('NOT_FOUND');
  await p.ok('staff', 'notices', 'postReview', { eventId, text: '感谢大家' });
  const taps = await Promise.all(
    Array.from({ length: 6 }, () => p.call('resident', 'notices', 'likeReview', { eventId })),
  );
  expect(taps.every((t) => t.ok && t.data.liked === true)).toBe(true);
  expect((await p.ok('gridWorker', 'notices', 'likeReview', { eventId })).likes).toBe(2);
  expect((await p.ok('resident', 'notices', 'likeReview', { eventId })).likes).toBe(2);
  const seen = await p.ok('resident', 'notices', 'review', { eventId });
  expect(seen.review).toMatchObject({ likes: 2, liked: true });
  expect((await p.ok('chengduStaff', 'notices', 'review', { eventId })).review.liked).toBe(false);
  // Editing the review keeps its likes.
  await p.ok('staff', 'notices', 'postReview', { eventId, text: '感谢大家的参与' });
  expect((await p.ok('resident', 'notices', 'review', { eventId })).review.likes).toBe(2);
});

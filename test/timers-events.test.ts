/**
 * The events function's timer trigger (`eventReminders` in cloudfunctions/events/config.json), fired through the local
 * cloud's `/triggers` as the platform fires it: a family signed up for an event three days away is not reminded
 * while the event is more than a day off, and is reminded once — through the subscribe-message outbox — after the
 * clock has moved into the day before it.
 */
import { inMinutes, newCaller, newEvent, signupInput } from './helpers/events';
import { TestProject } from './helpers/project';

const HOUR = 3_600_000;
let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

interface OutboxMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  sentAt: string;
}

/** POSTs to a locked route of the local cloud with its secretKey, as a test or the console would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test asserts the shape it reads
async function locked(route: string, body: unknown = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(`${p.cloud.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${p.cloud.credentials.secretKey}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

const fireReminders = () => locked('/triggers/events/eventReminders');
const setClock = (offsetMs: number) => locked('/clock', { offsetMs });
const remindersTo = async (openid: string, eventId: string) =>
  ((await (await fetch(`${p.cloud.url}/outbox`)).json()) as { messages: OutboxMessage[] }).messages.filter(
    (m) => m.touser === openid && m.templateId === 'local-event-reminder' && m.page.endsWith(eventId),
  );

afterEach(() => setClock(0));

test('the reminder reaches the outbox once the clock has passed into the day before the event, and not before', async () => {
  const { id } = await newEvent(p, { startAt: inMinutes(3 * 24 * 60), title: '古尔邦节联欢' });
  const family = newCaller();
  expect(await p.ok(family, 'events', 'signup', signupInput(id, 2))).toMatchObject({ status: 'confirmed' });

  // Now, and two days on (still 25 hours to go): the timer runs, but the event is not within its window.
  for (const offsetMs of [0, 47 * HOUR]) {
    await setClock(offsetMs);
    const run = await fireReminders();
    expect(run.status).toBe(200);
    expect(run.json).toMatchObject({
      trigger: { functionName: 'events', name: 'eventReminders' },
      result: { ok: true, data: { sent: expect.any(Number) } },
    });
    expect(await remindersTo(family, id)).toEqual([]);
  }

  // Sixty hours on, the event starts in twelve: the timer's run reminds the family.
  await setClock(60 * HOUR);
  const run = await fireReminders();
  expect(run.json.result).toMatchObject({ ok: true, data: { sent: expect.any(Number) } });
  expect(Date.parse(run.json.trigger.time)).toBeGreaterThan(Date.now() + 59 * HOUR);
  const reminders = await remindersTo(family, id);
  expect(reminders).toHaveLength(1);
  expect(reminders[0].data.thing1.value).toBe('古尔邦节联欢');
  // The outbox keeps the time the functions saw.
  expect(Date.parse(reminders[0].sentAt)).toBeGreaterThan(Date.now() + 59 * HOUR);
  expect(p.docs('events').find((e) => e._id === id)!.remindersSentAt).toBeTruthy();

  // The next hourly run does not remind anyone twice.
  await setClock(61 * HOUR);
  expect((await fireReminders()).status).toBe(200);
  expect(await remindersTo(family, id)).toHaveLength(1);
});

test('a timer run comes with no caller identity: the same event posted through /fn by a user is refused', async () => {
  const res = await p.call('resident', 'events', 'x', { Type: 'Timer', TriggerName: 'eventReminders' });
  expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
});

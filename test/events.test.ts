import { unzipSync, strFromU8 } from 'fflate';
import { inMinutes, newCaller, newEvent, signupInput } from './helpers/events';
import { TestProject, type Envelope } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

const refused = (res: Envelope, code: string, reason?: string) =>
  expect(res).toMatchObject({ ok: false, error: { code, ...(reason ? { details: { reason } } : {}) } });

interface OutboxMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

async function outbox(): Promise<OutboxMessage[]> {
  return ((await (await fetch(`${p.cloud.url}/outbox`)).json()) as { messages: OutboxMessage[] }).messages;
}

const signupDocs = (eventId: string) => p.docs('signups').filter((s) => s.eventId === eventId);
const eventDoc = (id: string) => p.docs('events').find((e) => e._id === id)!;

describe('demo data', () => {
  test('中心区社区’s 民族团结百家宴 is seeded with families and dishes of several cuisines; 永兴路社区 has its 长龙宴, 腊八 and 中秋', async () => {
    const list = await p.ok('resident', 'events', 'list', {});
    const banquet = list.items.find((e: { title: string }) => e.title === '中心区社区民族团结百家宴');
    expect(banquet).toMatchObject({ type: 'banquet', capacity: 120, seatsTaken: 28, signupOpen: true });
    const board = await p.ok('resident', 'events', 'dishes', { eventId: banquet.id });
    expect(board.summary).toMatchObject({ dishes: 8, cuisines: 7, halal: 2 });
    expect(board.items.map((d: { cuisine: string }) => d.cuisine)).toEqual(
      expect.arrayContaining(['回族清真菜', '彝族菜', '白族菜', '傣族菜']),
    );
    const roster = await p.ok('staff', 'events', 'roster', { eventId: banquet.id, limit: 50 });
    expect(roster.items[0].phone).toMatch(/^139\*{4}\d{4}$/);
    expect(JSON.stringify(p.docs('signups'))).not.toMatch(/1390871\d{4}/);
    const yxl = await p.ok('resident', 'events', 'list', { orgId: p.orgId('yxl') });
    expect(yxl.items.map((e: { title: string }) => e.title)).toEqual(
      expect.arrayContaining(['永兴路社区长龙宴', '“浓情腊八节、共饮腊八粥”', '“民族团结一家亲”中秋情意浓']),
    );
  });
});

describe('creating and finding events', () => {
  test('staff create a 百家宴 with its own QR code; residents of the community and of the grids below see it', async () => {
    const created = await p.ok('staff', 'events', 'create', {
      orgId: p.orgId('zxq'),
      type: 'banquet',
      title: '中心区社区民族团结百家宴',
      location: { name: '中心区社区文化广场', address: '关兴路社区服务中心旁', latitude: 24.99, longitude: 102.74 },
      startAt: inMinutes(10 * 24 * 60),
      signupDeadline: inMinutes(8 * 24 * 60),
      capacity: 120,
    });
    expect(created.scene).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const event = await p.ok('resident', 'events', 'get', { id: created.id });
    expect(event).toMatchObject({
      type: 'banquet',
      capacity: 120,
      seatsTaken: 0,
      seatsLeft: 120,
      waitlistCount: 0,
      maxPartySize: 5,
      waitlist: true,
      dishRequired: true,
      status: 'open',
      signupOpen: true,
      mySignup: null,
      canManage: false,
      orgName: '中心区社区',
    });
    expect(event.startAt).toMatch(/\+08:00$/);
    expect((await p.ok('staff', 'events', 'get', { id: created.id })).canManage).toBe(true);

    const list = await p.ok('resident', 'events', 'list', {});
    expect(list.items.map((e: { id: string }) => e.id)).toContain(created.id);
    const fromGrid = await p.ok('resident', 'events', 'list', { orgId: p.orgId('zxq-g1') });
    expect(fromGrid.items.map((e: { id: string }) => e.id)).toContain(created.id);
    const elsewhere = await p.ok('resident', 'events', 'list', { orgId: p.orgId('ag') });
    expect(elsewhere.items.map((e: { id: string }) => e.id)).not.toContain(created.id);
  });

  test('a street-wide 长街宴 shows in every community of the street; subtree lists what is under an org', async () => {
    const street = await p.ok('streetAdmin', 'events', 'create', {
      orgId: p.orgId('gs'),
      type: 'street_feast',
      title: '关上街道长街宴',
      location: { name: '关兴路' },
      startAt: inMinutes(20 * 24 * 60),
      capacity: 500,
    });
    const inCommunity = await p.ok('resident', 'events', 'list', { orgId: p.orgId('zxq') });
    expect(inCommunity.items.map((e: { id: string }) => e.id)).toContain(street.id);
    const community = await newEvent(p);
    const underStreet = await p.ok('resident', 'events', 'list', { orgId: p.orgId('gs'), subtree: true, limit: 50 });
    expect(underStreet.items.map((e: { id: string }) => e.id)).toEqual(
      expect.arrayContaining([street.id, community.id]),
    );
    const atStreet = await p.ok('resident', 'events', 'list', { orgId: p.orgId('gs'), limit: 50 });
    expect(atStreet.items.map((e: { id: string }) => e.id)).not.toContain(community.id);
  });

  test('lists are ordered by start and paged with a cursor, each page in one indexed query', async () => {
    const org = p.orgId('yxl');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await newEvent(p, { startAt: inMinutes((5 - i) * 60 * 24) }, 'yxl')).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await p.ok('resident', 'events', 'list', { orgId: org, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e: { id: string }) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // The demo events of 永兴路社区 start later than these five.
    expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
    expect(seen.slice(0, 5)).toEqual([...ids].reverse());
  });

  test('without a home and without an org, the list asks for a community', async () => {
    refused(await p.call(newCaller('stranger'), 'events', 'list', {}), 'FAILED_PRECONDITION', 'NO_HOME');
  });

  test('times are checked against each other', async () => {
    const bad = await p.call('staff', 'events', 'create', {
      orgId: p.orgId('zxq'),
      type: 'training',
      title: '国家通用语言培训',
      location: { name: '社区活动室' },
      startAt: inMinutes(60),
      endAt: inMinutes(30),
      capacity: 30,
    });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { endAt: expect.any(String) } } },
    });
    const late = await p.call('staff', 'events', 'create', {
      orgId: p.orgId('zxq'),
      type: 'training',
      title: '国家通用语言培训',
      location: { name: '社区活动室' },
      startAt: inMinutes(60),
      signupDeadline: inMinutes(90),
      capacity: 30,
    });
    expect(late).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { signupDeadline: expect.any(String) } } },
    });
  });
});

describe('signing up', () => {
  test('a family signs up with a dish; the phone is sealed in the database and masked everywhere', async () => {
    const { id } = await newEvent(p, { type: 'banquet', capacity: 30 });
    const res = await p.ok('resident', 'events', 'signup', {
      eventId: id,
      partySize: 3,
      contactName: '马丽',
      contactPhone: '13812345678',
      dish: { name: '清真牛肉冷片', cuisine: '回族清真菜', halal: true },
      dietary: ['halal'],
    });
    expect(res).toMatchObject({ status: 'confirmed', existing: false });
    expect(res.checkinCode).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(res.signup).toMatchObject({
      partySize: 3,
      contactPhone: '138****5678',
      dish: { name: '清真牛肉冷片', halal: true },
    });
    const stored = signupDocs(id)[0];
    expect(JSON.stringify(stored)).not.toContain('13812345678');
    expect(stored.contactPhoneEnc).toMatch(/^v1\./);
    const event = await p.ok('resident', 'events', 'get', { id });
    expect(event).toMatchObject({ seatsTaken: 3, seatsLeft: 27, mySignup: { id: res.signupId, status: 'confirmed' } });
  });

  test('one active sign-up per person: a repeat, even a racing double tap, returns the existing one', async () => {
    const { id } = await newEvent(p);
    const who = newCaller();
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => p.ok(who, 'events', 'signup', signupInput(id, 2))));
    expect(new Set([a.signupId, b.signupId, c.signupId]).size).toBe(1);
    expect([a, b, c].filter((r) => r.existing)).toHaveLength(2);
    expect(signupDocs(id)).toHaveLength(1);
    expect(eventDoc(id)).toMatchObject({ seatsTaken: 2, seatsFree: 18, confirmedCount: 1 });
  });

  test('the phone can come from the profile; without one it is asked for', async () => {
    const { id } = await newEvent(p);
    const who = newCaller();
    const { contactPhone: _phone, ...noPhone } = signupInput(id, 1);
    const missing = await p.call(who, 'events', 'signup', noPhone);
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { contactPhone: expect.any(String) } } },
    });
    await p.ok(who, 'users', 'updateProfile', { name: '李春花', phone: '13700001111' });
    const res = await p.ok(who, 'events', 'signup', noPhone);
    expect(res.signup.contactPhone).toBe('137****1111');
  });

  test('refused: sign-up after the deadline (SIGNUP_CLOSED)', async () => {
    const { id } = await newEvent(p, { signupDeadline: inMinutes(-1) });
    refused(await p.call(newCaller(), 'events', 'signup', signupInput(id)), 'FAILED_PRECONDITION', 'SIGNUP_CLOSED');
    expect((await p.ok('resident', 'events', 'get', { id })).signupOpen).toBe(false);
  });

  test('refused: a party above the event’s maximum, or below 1', async () => {
    const { id } = await newEvent(p, { maxPartySize: 4 });
    const above = await p.call(newCaller(), 'events', 'signup', signupInput(id, 5));
    expect(above).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { partySize: '每户最多 4 人' } } },
    });
    for (const size of [0, -1, 1.5]) {
      const below = await p.call(newCaller(), 'events', 'signup', signupInput(id, size));
      expect(below).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', details: { fields: { partySize: expect.any(String) } } },
      });
    }
    expect(signupDocs(id)).toHaveLength(0);
    expect(eventDoc(id).seatsTaken).toBe(0);
  });

  test('refused: full with no waitlist (EVENT_FULL)', async () => {
    const { id } = await newEvent(p, { capacity: 5, waitlist: false });
    await p.ok(newCaller(), 'events', 'signup', signupInput(id, 4));
    refused(await p.call(newCaller(), 'events', 'signup', signupInput(id, 2)), 'FAILED_PRECONDITION', 'EVENT_FULL');
    expect((await p.ok(newCaller(), 'events', 'signup', signupInput(id, 1))).status).toBe('confirmed');
    refused(await p.call(newCaller(), 'events', 'signup', signupInput(id, 1)), 'FAILED_PRECONDITION', 'EVENT_FULL');
    expect(eventDoc(id)).toMatchObject({ seatsTaken: 5, seatsFree: 0 });
  });

  test('a 百家宴 asks every family for a dish', async () => {
    const { id } = await newEvent(p, { type: 'banquet' });
    const res = await p.call(newCaller(), 'events', 'signup', signupInput(id));
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: { dish: expect.any(String) } } },
    });
  });
});

describe('the waitlist', () => {
  test('full: later families wait in order; a cancellation promotes first come, first served while the head fits', async () => {
    const { id } = await newEvent(p, { capacity: 6 });
    const a = newCaller();
    const b = newCaller();
    await p.ok(a, 'events', 'signup', signupInput(id, 4));
    await p.ok(b, 'events', 'signup', signupInput(id, 2));
    const w1 = newCaller();
    const w2 = newCaller();
    const w3 = newCaller();
    expect((await p.ok(w1, 'events', 'signup', signupInput(id, 3))).status).toBe('waitlisted');
    expect((await p.ok(w2, 'events', 'signup', signupInput(id, 1))).status).toBe('waitlisted');
    expect((await p.ok(w3, 'events', 'signup', signupInput(id, 1))).status).toBe('waitlisted');
    expect((await p.ok(w2, 'events', 'get', { id })).mySignup).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 2,
    });

    // b frees 2 seats: the head (3 people) does not fit, and nobody behind it jumps the queue.
    expect(await p.ok(b, 'events', 'cancelSignup', { eventId: id })).toMatchObject({ promoted: 0 });
    expect(eventDoc(id)).toMatchObject({ seatsTaken: 4, waitlistCount: 3 });
    // A newcomer who would fit still queues behind them.
    expect((await p.ok(newCaller(), 'events', 'signup', signupInput(id, 1))).status).toBe('waitlisted');

    // a frees 4 more: w1 (3), w2 (1), w3 (1) and the newcomer (1) fit in 6, in order.
    expect(await p.ok(a, 'events', 'cancelSignup', { eventId: id })).toMatchObject({ promoted: 4 });
    expect((await p.ok(w1, 'events', 'get', { id })).mySignup.status).toBe('confirmed');
    expect((await p.ok(w3, 'events', 'get', { id })).mySignup.status).toBe('confirmed');
    expect(eventDoc(id)).toMatchObject({ seatsTaken: 6, seatsFree: 0, waitlistCount: 0, waitlistPeople: 0 });
    const confirmed = signupDocs(id).filter((s) => s.status === 'confirmed');
    expect(confirmed.reduce((n, s) => n + (s.partySize as number), 0)).toBe(6);
  });

  test('promoted families are told; a refused subscription breaks nothing', async () => {
    const { id } = await newEvent(p, { capacity: 2 });
    const holder = newCaller();
    const waiting = newCaller();
    const refusing = newCaller();
    await p.ok(holder, 'events', 'signup', signupInput(id, 1));
    await p.ok(refusing, 'events', 'signup', signupInput(id, 1));
    await p.ok(waiting, 'events', 'signup', signupInput(id, 1));
    await fetch(`${p.cloud.url}/outbox/refuse`, { method: 'POST', body: JSON.stringify({ openid: waiting }) });
    await p.ok(holder, 'events', 'cancelSignup', { eventId: id });
    expect((await p.ok(waiting, 'events', 'get', { id })).mySignup.status).toBe('confirmed');
    const second = newCaller();
    await p.ok(second, 'events', 'signup', signupInput(id, 1));
    await p.ok(refusing, 'events', 'cancelSignup', { eventId: id });
    const told = (await outbox()).filter((m) => m.touser === second);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ templateId: 'local-event-changed', page: `pages/events/detail/index?id=${id}` });
  });

  test('cancelling frees the key: the person may sign up again, at the back of the queue', async () => {
    const { id } = await newEvent(p, { capacity: 10 });
    const who = newCaller();
    const first = await p.ok(who, 'events', 'signup', signupInput(id, 2));
    await p.ok(who, 'events', 'cancelSignup', { eventId: id });
    refused(await p.call(who, 'events', 'cancelSignup', { eventId: id }), 'NOT_FOUND');
    const again = await p.ok(who, 'events', 'signup', signupInput(id, 3));
    expect(again.signupId).not.toBe(first.signupId);
    expect(eventDoc(id)).toMatchObject({ seatsTaken: 3, confirmedCount: 1 });
  });

  test('a capacity increase promotes; a decrease below the seats taken is refused', async () => {
    const { id } = await newEvent(p, { capacity: 2 });
    await p.ok(newCaller(), 'events', 'signup', signupInput(id, 2));
    const w = newCaller();
    await p.ok(w, 'events', 'signup', signupInput(id, 2));
    refused(
      await p.call('staff', 'events', 'update', { id, capacity: 1 }),
      'FAILED_PRECONDITION',
      'CAPACITY_BELOW_TAKEN',
    );
    const updated = await p.ok('staff', 'events', 'update', { id, capacity: 4 });
    expect(updated).toMatchObject({ capacity: 4, seatsTaken: 4, seatsLeft: 0, waitlistCount: 0 });
    expect((await p.ok(w, 'events', 'get', { id })).mySignup.status).toBe('confirmed');
  });
});

describe('check-in', () => {
  async function confirmedSignup(eventId: string) {
    const who = newCaller();
    return { who, ...(await p.ok(who, 'events', 'signup', signupInput(eventId, 3))) };
  }

  test('staff scan the personal code: checked in once, a second scan changes nothing', async () => {
    const { id } = await newEvent(p);
    const s = await confirmedSignup(id);
    const first = await p.ok('staff', 'events', 'checkin', { eventId: id, checkinCode: s.checkinCode });
    expect(first).toMatchObject({ already: false, partySize: 3, counts: { checkedInSignups: 1, checkedInPeople: 3 } });
    const again = await p.ok('staff', 'events', 'checkin', { eventId: id, checkinCode: s.checkinCode });
    expect(again).toMatchObject({
      already: true,
      checkedInAt: first.checkedInAt,
      counts: { checkedInSignups: 1, checkedInPeople: 3 },
    });
    refused(
      await p.call(s.who, 'events', 'cancelSignup', { eventId: id }),
      'FAILED_PRECONDITION',
      'ALREADY_CHECKED_IN',
    );
  });

  test('refused: check-in by a non-staff caller', async () => {
    const { id } = await newEvent(p);
    const s = await confirmedSignup(id);
    for (const who of ['resident', 'gridWorker', 'chengduStaff', s.who]) {
      refused(await p.call(who, 'events', 'checkin', { eventId: id, checkinCode: s.checkinCode }), 'PERMISSION_DENIED');
    }
    expect(signupDocs(id)[0].checkedInAt).toBeNull();
  });

  test('refused: a check-in code of another event', async () => {
    const here = await newEvent(p);
    const there = await newEvent(p);
    const s = await confirmedSignup(there.id);
    refused(
      await p.call('staff', 'events', 'checkin', { eventId: here.id, checkinCode: s.checkinCode }),
      'FAILED_PRECONDITION',
      'WRONG_EVENT',
    );
    refused(
      await p.call('staff', 'events', 'checkin', { eventId: here.id, checkinCode: 'AAAAAAAAAAAAAAAA' }),
      'NOT_FOUND',
    );
  });

  test('a waitlisted family cannot check in yet', async () => {
    const { id } = await newEvent(p, { capacity: 1 });
    await p.ok(newCaller(), 'events', 'signup', signupInput(id, 1));
    const w = await p.ok(newCaller(), 'events', 'signup', signupInput(id, 1));
    expect(w.status).toBe('waitlisted');
    refused(
      await p.call('staff', 'events', 'checkin', { eventId: id, checkinCode: w.checkinCode }),
      'FAILED_PRECONDITION',
      'NOT_CONFIRMED',
    );
  });

  test('the code scanned with qr.resolve: staff in scope get the sign-up, the holder their ticket, anyone else nothing', async () => {
    const { id } = await newEvent(p);
    const s = await confirmedSignup(id);
    const asStaff = await p.ok('staff', 'qr', 'resolve', { scene: s.checkinCode });
    expect(asStaff).toMatchObject({
      type: 'checkin',
      id: s.signupId,
      view: { as: 'staff', event: { id }, signup: { partySize: 3 } },
    });
    expect(JSON.stringify(asStaff)).not.toMatch(/139\d{8}/);
    expect((await p.ok(s.who, 'qr', 'resolve', { scene: s.checkinCode })).view.as).toBe('holder');
    refused(await p.call('resident', 'qr', 'resolve', { scene: s.checkinCode }), 'NOT_FOUND');
    refused(await p.call('chengduStaff', 'qr', 'resolve', { scene: s.checkinCode }), 'NOT_FOUND');
    const image = await p.ok(s.who, 'qr', 'image', { scene: s.checkinCode });
    expect(image.fileID).toMatch(/^cloud:\/\//);
    refused(await p.call('resident', 'qr', 'image', { scene: s.checkinCode }), 'NOT_FOUND');
    refused(await p.call(s.who, 'qr', 'rotate', { scene: s.checkinCode }), 'FAILED_PRECONDITION', 'NOT_ROTATABLE');
  });

  test('the event code shows the public event card to anyone; staff in scope may print and rotate it', async () => {
    const { id, scene } = await newEvent(p);
    const card = await p.ok('chengduStaff', 'qr', 'resolve', { scene });
    expect(card).toMatchObject({ type: 'event', id, view: { event: { id, seatsLeft: 20 } } });
    expect((await p.ok('staff', 'qr', 'image', { scene })).fileID).toMatch(/^cloud:\/\//);
    refused(await p.call('resident', 'qr', 'image', { scene }), 'PERMISSION_DENIED');
    const { scene: next } = await p.ok('staff', 'qr', 'rotate', { scene });
    expect((await p.ok('resident', 'events', 'get', { id })).scene).toBe(next);
    refused(await p.call('resident', 'qr', 'resolve', { scene }), 'NOT_FOUND');
  });
});

describe('roster, dishes and export', () => {
  let eventId: string;
  beforeAll(async () => {
    ({ id: eventId } = await newEvent(p, { type: 'banquet', capacity: 12, maxPartySize: 4 }));
    const families = [
      {
        name: '马丽',
        phone: '13812345678',
        size: 3,
        dish: { name: '清真牛肉冷片', cuisine: '回族清真菜', halal: true },
        dietary: ['halal'],
      },
      { name: '普建国', phone: '13800002222', size: 4, dish: { name: '彝族坨坨肉', cuisine: '彝族菜' } },
      { name: '杨金凤', phone: '13800003333', size: 2, dish: { name: '白族乳扇', cuisine: '白族' } },
      {
        name: '刀玉兰',
        phone: '13800004444',
        size: 2,
        dish: { name: '傣味香茅草烤鱼', cuisine: '傣族菜', halal: false },
        dietary: ['vegetarian'],
      },
      {
        name: '马志强',
        phone: '13800005555',
        size: 2,
        dish: { name: '油香', cuisine: '回族清真菜', halal: true },
        dietary: ['halal'],
      },
    ];
    for (const f of families) {
      await p.ok(newCaller(), 'events', 'signup', {
        eventId,
        partySize: f.size,
        contactName: f.name,
        contactPhone: f.phone,
        dish: f.dish,
        ...(f.dietary ? { dietary: f.dietary } : {}),
      });
    }
  });

  test('the dish board: every confirmed family’s dish and “N dishes from M cuisines, K halal”', async () => {
    const board = await p.ok('resident', 'events', 'dishes', { eventId });
    // 马志强 is waitlisted (3+4+2+2 = 11 of 12 seats): his dish is not on the board yet.
    expect(board.summary).toMatchObject({ dishes: 4, cuisines: 4, halal: 1 });
    expect(board.items[0]).toEqual({ name: '清真牛肉冷片', cuisine: '回族清真菜', halal: true, family: '马*' });
    expect(JSON.stringify(board)).not.toContain('马丽');
  });

  test('staff read the roster with counts and masked phones', async () => {
    const roster = await p.ok('staff', 'events', 'roster', { eventId, limit: 50 });
    expect(roster.counts).toMatchObject({
      capacity: 12,
      confirmedSignups: 4,
      confirmedPeople: 11,
      waitlistedSignups: 1,
      waitlistedPeople: 2,
      checkedInSignups: 0,
      halal: 2,
      vegetarian: 1,
    });
    expect(roster.items).toHaveLength(5);
    expect(roster.items[0]).toMatchObject({ name: '马丽', phone: '138****5678', partySize: 3, status: 'confirmed' });
    expect(JSON.stringify(roster)).not.toContain('13812345678');
    const waitlisted = await p.ok('staff', 'events', 'roster', { eventId, status: 'waitlisted' });
    expect(waitlisted.items.map((i: { name: string }) => i.name)).toEqual(['马志强']);
  });

  test('refused: a resident reading the roster (and staff of another city)', async () => {
    refused(await p.call('resident', 'events', 'roster', { eventId }), 'PERMISSION_DENIED');
    refused(await p.call('gridWorker', 'events', 'roster', { eventId }), 'PERMISSION_DENIED');
    refused(await p.call('chengduStaff', 'events', 'roster', { eventId }), 'PERMISSION_DENIED');
  });

  async function sheetText(tempUrl: string): Promise<string> {
    const res = await fetch(tempUrl);
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    return Object.entries(files)
      .filter(([name]) => name.startsWith('xl/'))
      .map(([, bytes]) => strFromU8(bytes))
      .join('\n');
  }

  test('export to Excel: masked phones by default; full numbers only with a reason; both audited', async () => {
    const masked = await p.ok('staff', 'events', 'exportRoster', { eventId });
    expect(masked).toMatchObject({ rows: 5, masked: true, fileID: expect.stringMatching(/^cloud:\/\/.*\.xlsx$/) });
    const text = await sheetText(masked.tempUrl);
    expect(text).toContain('138****5678');
    expect(text).toContain('清真牛肉冷片');
    expect(text).not.toContain('13812345678');

    const full = await p.ok('staff', 'events', 'exportRoster', { eventId, reason: '电话通知各家庭活动安排' });
    expect(full.masked).toBe(false);
    expect(await sheetText(full.tempUrl)).toContain('13812345678');

    const audits = p.docs('auditLogs').filter((a) => a.action === 'event.exportRoster' && a.targetId === eventId);
    expect(audits).toHaveLength(2);
    expect(audits.find((a) => a.reason === '电话通知各家庭活动安排')).toMatchObject({
      actor: 'demo-staff',
      details: { masked: false, rows: 5 },
    });
    refused(await p.call('resident', 'events', 'exportRoster', { eventId }), 'PERMISSION_DENIED');
  });

  test('the exports function refuses unsigned calls', async () => {
    for (const who of ['resident', 'anonymous'] as const) {
      const res = await p.call(who, 'exports', 'x', { body: '{"cloudPath":"exports/x.xlsx"}', sig: 'AAAA' });
      refused(res, 'PERMISSION_DENIED');
    }
  });
});

describe('reminders and changes', () => {
  test('staff send reminders: each confirmed family once; waitlisted families are not reminded', async () => {
    const { id } = await newEvent(p, { capacity: 3, title: '腊八节送温暖活动' });
    const a = newCaller();
    const b = newCaller();
    const w = newCaller();
    await p.ok(a, 'events', 'signup', signupInput(id, 1));
    await p.ok(b, 'events', 'signup', signupInput(id, 2));
    await p.ok(w, 'events', 'signup', signupInput(id, 2));
    await fetch(`${p.cloud.url}/outbox/refuse`, { method: 'POST', body: JSON.stringify({ openid: b }) });
    expect(await p.ok('staff', 'events', 'sendReminders', { eventId: id })).toEqual({ sent: 1, skipped: 1 });
    expect(await p.ok('staff', 'events', 'sendReminders', { eventId: id })).toEqual({ sent: 0, skipped: 0 });
    const reminders = (await outbox()).filter((m) => m.templateId === 'local-event-reminder' && m.page.endsWith(id));
    expect(reminders.map((m) => m.touser)).toEqual([a]);
    expect(reminders[0].data.thing1.value).toBe('腊八节送温暖活动');
    refused(await p.call('resident', 'events', 'sendReminders', { eventId: id }), 'PERMISSION_DENIED');
  });

  test('the hourly timer trigger (no caller identity) reminds families of events starting within a day', async () => {
    const soon = await newEvent(p, { startAt: inMinutes(120), title: '中秋博饼' });
    const later = await newEvent(p, { startAt: inMinutes(3 * 24 * 60) });
    const x = newCaller();
    const y = newCaller();
    await p.ok(x, 'events', 'signup', signupInput(soon.id, 1));
    await p.ok(y, 'events', 'signup', signupInput(later.id, 1));
    const res = await fetch(`${p.cloud.url}/fn/events`, {
      method: 'POST',
      body: JSON.stringify({ Type: 'Timer', TriggerName: 'eventReminders', Time: new Date().toISOString() }),
    });
    expect(await res.json()).toMatchObject({ ok: true, data: { sent: expect.any(Number) } });
    const sentTo = (await outbox()).filter((m) => m.templateId === 'local-event-reminder').map((m) => m.touser);
    expect(sentTo).toContain(x);
    expect(sentTo).not.toContain(y);
    expect(eventDoc(soon.id).remindersSentAt).toBeTruthy();
    // A caller cannot pose as the timer.
    refused(await p.call('resident', 'events', 'x', { Type: 'Timer' }), 'INVALID_ARGUMENT');
  });

  test('moving an event tells every family signed up or waiting; cancelling it too, and closes sign-up', async () => {
    const { id } = await newEvent(p, { capacity: 1 });
    const a = newCaller();
    const w = newCaller();
    await p.ok(a, 'events', 'signup', signupInput(id, 1));
    await p.ok(w, 'events', 'signup', signupInput(id, 1));
    const moved = await p.ok('staff', 'events', 'update', {
      id,
      startAt: inMinutes(9 * 24 * 60),
      location: { name: '社区会议室' },
    });
    expect(moved.location).toEqual({ name: '社区会议室' });
    let told = (await outbox()).filter((m) => m.templateId === 'local-event-changed' && m.page.endsWith(id));
    expect(told.map((m) => m.touser).sort()).toEqual([a, w].sort());
    refused(await p.call('resident', 'events', 'update', { id, title: '改名' }), 'PERMISSION_DENIED');

    const cancelled = await p.ok('staff', 'events', 'cancel', { id, reason: '天气原因延期' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '天气原因延期', signupOpen: false });
    told = (await outbox()).filter((m) => m.templateId === 'local-event-changed' && m.page.endsWith(id));
    expect(told).toHaveLength(4);
    expect(told[3].data.thing2.value).toBe('活动已取消');
    refused(
      await p.call(newCaller(), 'events', 'signup', signupInput(id, 1)),
      'FAILED_PRECONDITION',
      'EVENT_CANCELLED',
    );
    refused(
      await p.call('staff', 'events', 'cancel', { id, reason: '重复' }),
      'FAILED_PRECONDITION',
      'EVENT_CANCELLED',
    );
    expect(p.docs('auditLogs').some((l) => l.action === 'event.cancel' && l.targetId === id)).toBe(true);
  });

  test('my sign-ups, newest first, with each event; a dish can be changed later', async () => {
    const who = newCaller();
    const first = await newEvent(p, { type: 'banquet' });
    const second = await newEvent(p);
    await p.ok(who, 'events', 'signup', signupInput(first.id, 2, { dish: { name: '过桥米线', cuisine: '汉族' } }));
    await p.ok(who, 'events', 'signup', signupInput(second.id, 1));
    const mine = await p.ok(who, 'events', 'mySignups', {});
    expect(mine.items.map((i: { event: { id: string } }) => i.event.id)).toEqual([second.id, first.id]);
    const changed = await p.ok(who, 'events', 'updateSignup', {
      eventId: first.id,
      dish: { name: '汽锅鸡', cuisine: '汉族', halal: false },
      dietary: ['vegetarian'],
    });
    expect(changed).toMatchObject({ dish: { name: '汽锅鸡', cuisine: '汉族', halal: false }, dietary: ['vegetarian'] });
    expect(signupDocs(first.id)[0].dish).toEqual({ name: '汽锅鸡', cuisine: '汉族', halal: false });
    refused(await p.call(who, 'events', 'updateSignup', { eventId: first.id, dish: null }), 'INVALID_ARGUMENT');
    refused(await p.call(newCaller(), 'events', 'updateSignup', { eventId: first.id, dietary: [] }), 'NOT_FOUND');
  });
});

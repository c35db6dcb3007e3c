/**
 * An event's view says what the caller may do (`can`, next to the older `canManage`), by the rules the actions
 * enforce: for each persona and each state of an event, every action marked true succeeds through /fn and every one
 * marked false is refused.
 */
import type { EventCan } from '../miniprogram/shared/api';
import { allowed, checkCan, type Subject } from './helpers/can';
import { inMinutes, newCaller, signupInput } from './helpers/events';
import { fixtureAdmin, TestProject } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());
afterEach(() => setClock(0));

const HOUR = 3600_000;

async function setClock(offsetMs: number): Promise<void> {
  const res = await fetch(`${p.cloud.url}/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${p.cloud.credentials.secretKey}` },
    body: JSON.stringify({ offsetMs }),
  });
  if (res.status !== 200) throw new Error(`POST /clock answered ${res.status}: ${await res.text()}`);
}

/** An event of 中心区社区 with a family signed up (and, for some states, one waiting), brought into a state. */
interface Fixture {
  id: string;
  family: string;
  checkinCode: string;
  waiting?: string;
}

async function newEvent(fields: Record<string, unknown>, partySize = 2): Promise<Fixture> {
  await setClock(0);
  const { id } = await p.ok(fixtureAdmin(), 'events', 'create', {
    orgId: p.orgId('zxq'),
    type: 'festival',
    title: '权限测试活动',
    location: { name: '中心区社区广场' },
    startAt: inMinutes(7 * 24 * 60),
    capacity: 10,
    ...fields,
  });
  const family = newCaller('can-family');
  const { checkinCode } = await p.ok(family, 'events', 'signup', signupInput(id, partySize));
  return { id, family, checkinCode };
}

const STATES = {
  open: () => newEvent({}),
  /** Full, without a waitlist: a newcomer cannot sign up. */
  full: () => newEvent({ capacity: 2, waitlist: false }),
  /** Full, with one family waiting. */
  waitlist: async () => {
    const event = await newEvent({ capacity: 2 });
    const waiting = newCaller('can-waiting');
    expect((await p.ok(waiting, 'events', 'signup', signupInput(event.id, 1))).status).toBe('waitlisted');
    return { ...event, waiting };
  },
  checkedIn: async () => {
    const event = await newEvent({});
    await p.ok(fixtureAdmin(), 'events', 'checkin', { eventId: event.id, checkinCode: event.checkinCode });
    return event;
  },
  /** The sign-up deadline has passed; the event has not started. */
  closed: async () => {
    const event = await newEvent({ startAt: inMinutes(180), signupDeadline: inMinutes(60) });
    await setClock(2 * HOUR);
    return event;
  },
  started: async () => {
    const event = await newEvent({ startAt: inMinutes(60) });
    await setClock(2 * HOUR);
    return event;
  },
  cancelled: async () => {
    const event = await newEvent({});
    await p.ok(fixtureAdmin(), 'events', 'cancel', { id: event.id, reason: '天气原因' });
    return event;
  },
};
type State = keyof typeof STATES;
type Persona = 'staff' | 'streetAdmin' | 'gridWorker' | 'family' | 'waiting' | 'newcomer';

const MANAGE = 'update cancel roster checkin exportRoster sendReminders reconcile';
const MANAGE_CANCELLED = 'roster exportRoster reconcile';

/**
 * What each persona may do in each state: managers (staff and admins over the event's org) run it while it is open;
 * anyone signs up while sign-ups are open and a seat or the waitlist is there (a family signed up may repeat it and
 * gets their sign-up back); a family changes its sign-up until the start and leaves it until the start (a cancelled
 * event may still be left) unless checked in.
 */
const EXPECTED: Record<State, Partial<Record<Persona, string>>> = {
  open: {
    staff: `${MANAGE} signup`,
    streetAdmin: `${MANAGE} signup`,
    gridWorker: 'signup',
    family: 'signup updateSignup cancelSignup',
    newcomer: 'signup',
  },
  full: { staff: MANAGE, family: 'signup updateSignup cancelSignup', newcomer: '' },
  waitlist: {
    staff: `${MANAGE} signup`,
    family: 'signup updateSignup cancelSignup',
    waiting: 'signup updateSignup cancelSignup',
    newcomer: 'signup',
  },
  checkedIn: { staff: `${MANAGE} signup`, family: 'signup updateSignup', newcomer: 'signup' },
  closed: { staff: MANAGE, family: 'signup updateSignup cancelSignup', newcomer: '' },
  started: { staff: MANAGE, family: 'signup', newcomer: '' },
  cancelled: {
    staff: MANAGE_CANCELLED,
    streetAdmin: MANAGE_CANCELLED,
    gridWorker: '',
    family: 'signup cancelSignup',
    newcomer: '',
  },
};

function attempts(who: string, event: Fixture): Subject<keyof EventCan>['attempt'] {
  const eventId = event.id;
  return {
    update: () => p.call(who, 'events', 'update', { id: eventId, title: '改过名字的活动' }),
    cancel: () => p.call(who, 'events', 'cancel', { id: eventId, reason: '场地临时有安排' }),
    roster: () => p.call(who, 'events', 'roster', { eventId }),
    checkin: () => p.call(who, 'events', 'checkin', { eventId, checkinCode: event.checkinCode }),
    exportRoster: () => p.call(who, 'events', 'exportRoster', { eventId }),
    sendReminders: () => p.call(who, 'events', 'sendReminders', { eventId }),
    reconcile: () => p.call(who, 'events', 'reconcile', { eventId }),
    signup: () => p.call(who, 'events', 'signup', signupInput(eventId, 1)),
    updateSignup: () => p.call(who, 'events', 'updateSignup', { eventId, dietary: ['halal'] }),
    cancelSignup: () => p.call(who, 'events', 'cancelSignup', { eventId }),
  };
}

async function fresh(state: State, persona: Persona): Promise<Subject<keyof EventCan>> {
  const event: Fixture = await STATES[state]();
  const who =
    persona === 'family'
      ? event.family
      : persona === 'waiting'
        ? event.waiting!
        : persona === 'newcomer'
          ? newCaller('can-newcomer')
          : persona;
  return {
    can: async () => {
      const view = await p.ok(who, 'events', 'get', { id: event.id });
      // The older flag says the same as the manager's actions it stands for.
      expect(view.canManage).toBe(view.can.roster);
      return view.can;
    },
    attempt: attempts(who, event),
  };
}

const CASES = (Object.keys(EXPECTED) as State[]).flatMap((state) =>
  (Object.keys(EXPECTED[state]) as Persona[]).map((persona) => [state, persona] as const),
);

test.each(CASES)(
  '%s event, as %s: every action marked true succeeds, every one marked false is refused',
  async (state, persona) => {
    const can = await checkCan(`${state}/${persona}`, () => fresh(state, persona));
    expect(allowed(can)).toBe(EXPECTED[state][persona]);
  },
);

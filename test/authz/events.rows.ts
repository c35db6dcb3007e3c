import { inMinutes, newCaller, newEvent, signupInput } from '../helpers/events';
import type { TestProject } from '../helpers/project';
import { all, type Row } from './table';

const MANAGERS_IN_KUNMING = { staff: 'ok', streetAdmin: 'ok', rootAdmin: 'ok' } as const;
const MANAGERS_IN_CHENGDU = { chengduStaff: 'ok', rootAdmin: 'ok' } as const;

const eventFields = (orgId: string) => ({
  orgId,
  type: 'volunteer',
  title: '社区志愿服务',
  location: { name: '社区服务中心' },
  startAt: inMinutes(3 * 24 * 60),
  capacity: 10,
});

/** A fresh event with one confirmed family; returns the event and the family's check-in code. */
async function eventWithSignup(p: TestProject, orgKey = 'zxq'): Promise<{ eventId: string; checkinCode: string }> {
  const { id } = await newEvent(p, {}, orgKey);
  const { checkinCode } = await p.ok(newCaller('authz'), 'events', 'signup', signupInput(id, 2));
  return { eventId: id, checkinCode };
}

/**
 * events (issue: events and 百家宴 sign-ups). Events are public (they hang on posters), so a caller outside scope is
 * PERMISSION_DENIED; a sign-up is private to its family: someone else's is NOT_FOUND.
 */
export const EVENT_ROWS: Row[] = [
  {
    fn: 'events',
    action: 'create',
    case: 'in scope',
    input: (p) => eventFields(p.orgId('zxq')),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'events',
    action: 'create',
    case: 'outside scope (Chengdu)',
    input: (p) => eventFields(p.orgId('ag')),
    allow: MANAGERS_IN_CHENGDU,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'events',
    action: 'update',
    case: 'in scope',
    input: async (p) => ({ id: (await newEvent(p)).id, title: '改期后的活动' }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'events',
    action: 'cancel',
    case: 'in scope',
    input: async (p) => ({ id: (await newEvent(p)).id, reason: '场地调整' }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'events',
    action: 'cancel',
    case: 'outside scope (Chengdu)',
    input: async (p) => ({ id: (await newEvent(p, {}, 'ag')).id, reason: '场地调整' }),
    allow: MANAGERS_IN_CHENGDU,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'events',
    action: 'list',
    case: 'public',
    input: (p) => ({ orgId: p.orgId('zxq') }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'events',
    action: 'get',
    case: 'public',
    input: async (p) => ({ id: (await newEvent(p)).id }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'events',
    action: 'signup',
    case: 'anyone signs their family up',
    input: async (p) => signupInput((await newEvent(p)).id, 2),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'events',
    action: 'updateSignup',
    case: 'someone else’s sign-up',
    input: async (p) => ({ eventId: (await eventWithSignup(p)).eventId, dietary: ['halal'] }),
    allow: {},
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'events',
    action: 'cancelSignup',
    case: 'someone else’s sign-up',
    input: async (p) => ({ eventId: (await eventWithSignup(p)).eventId }),
    allow: {},
    otherwise: 'NOT_FOUND',
  },
  { fn: 'events', action: 'mySignups', case: 'own', input: () => ({}), allow: all('ok'), otherwise: 'ok' },
  {
    fn: 'events',
    action: 'roster',
    case: 'in scope',
    input: async (p) => ({ eventId: (await eventWithSignup(p)).eventId }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'events',
    action: 'roster',
    case: 'outside scope (Chengdu)',
    input: async (p) => ({ eventId: (await eventWithSignup(p, 'ag')).eventId }),
    allow: MANAGERS_IN_CHENGDU,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'events',
    action: 'checkin',
    case: 'in scope',
    input: (p) => eventWithSignup(p),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'events',
    action: 'checkin',
    case: 'outside scope (Chengdu)',
    input: (p) => eventWithSignup(p, 'ag'),
    allow: MANAGERS_IN_CHENGDU,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'events',
    action: 'dishes',
    case: 'public',
    input: async (p) => ({ eventId: (await eventWithSignup(p)).eventId }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'events',
    action: 'exportRoster',
    case: 'in scope',
    input: async (p) => ({ eventId: (await eventWithSignup(p)).eventId }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'events',
    action: 'sendReminders',
    case: 'in scope',
    input: async (p) => ({ eventId: (await eventWithSignup(p)).eventId }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'events',
    action: 'reconcile',
    case: 'in scope',
    input: async (p) => ({ eventId: (await eventWithSignup(p)).eventId }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'events',
    action: 'reconcile',
    case: 'outside scope (Chengdu)',
    input: async (p) => ({ eventId: (await eventWithSignup(p, 'ag')).eventId }),
    allow: MANAGERS_IN_CHENGDU,
    otherwise: 'PERMISSION_DENIED',
  },
];

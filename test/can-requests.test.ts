/**
 * A request's view says what the caller may do (`can`), by the rules the actions enforce: for each persona and each
 * state of a request, every action marked true succeeds through /fn and every one marked false is refused.
 */
import type { RequestCan } from '../miniprogram/shared/api';
import { allowed, checkCan, type Subject } from './helpers/can';
import { fixtureAdmin, TestProject } from './helpers/project';

let p: TestProject;
beforeAll(async () => {
  p = await TestProject.start();
});
afterAll(() => p.stop());

type Persona = 'requester' | 'gridWorker' | 'staff' | 'streetAdmin';
const PERSONAS: Persona[] = ['requester', 'gridWorker', 'staff', 'streetAdmin'];

let seq = 0;

/** The states a request is brought into before the persona looks at it. */
const STATES = {
  submitted: async () => {},
  noPhone: async () => {},
  accepted: async (id: string) => void (await p.ok('gridWorker', 'requests', 'accept', { id })),
  acceptedByStaff: async (id: string) => void (await p.ok('staff', 'requests', 'accept', { id })),
  resolved: async (id: string) => {
    await p.ok('gridWorker', 'requests', 'accept', { id });
    await p.ok(fixtureAdmin(), 'requests', 'resolve', { id, resolution: '已协调解决' });
  },
  closed: async (id: string, requester: string) => {
    await STATES.resolved(id);
    await p.ok(requester, 'requests', 'rate', { id, score: 5 });
  },
  withdrawn: async (id: string, requester: string) => void (await p.ok(requester, 'requests', 'withdraw', { id })),
};
type State = keyof typeof STATES;

/** Each action of `can`, tried by `who` on request `id`. */
function attempts(who: string, id: string): Subject<keyof RequestCan>['attempt'] {
  return {
    accept: () => p.call(who, 'requests', 'accept', { id }),
    reply: () => p.call(who, 'requests', 'reply', { id, text: '收到，谢谢' }),
    resolve: () => p.call(who, 'requests', 'resolve', { id, resolution: '已协调解决' }),
    rate: () => p.call(who, 'requests', 'rate', { id, score: 4 }),
    withdraw: () => p.call(who, 'requests', 'withdraw', { id }),
    transfer: () => p.call(who, 'requests', 'transfer', { id, toOrgId: p.orgId('zxq-g2'), reason: '属于第二网格' }),
    revealContact: () => p.call(who, 'requests', 'revealContact', { id, reason: '回访核实情况' }),
    // An employment request has no mediation ledger: refused for everyone (test/requests-mediation.test.ts).
    mediation: () =>
      p.call(who, 'requests', 'mediation', { id, parties: ['马某'], agreement: '双方和解', ethnicDimension: false }),
  };
}

/** A fresh request of 中心区社区第一网格, filed by a new resident, brought into `state`. */
async function newRequest(state: State): Promise<{ id: string; requester: string }> {
  const requester = `can-requester-${++seq}`;
  const { id } = await p.ok(requester, 'requests', 'create', {
    orgId: p.orgId('zxq-g1'),
    category: 'employment',
    description: '想了解社区的就业培训安排',
    contactName: '马丽',
    ...(state === 'noPhone' ? {} : { contactPhone: '13812345678' }),
  });
  await STATES[state](id, requester);
  return { id, requester };
}

/** A fresh request in `state`, as `persona` sees it. */
async function fresh(state: State, persona: Persona): Promise<Subject<keyof RequestCan>> {
  const { id, requester } = await newRequest(state);
  const who = persona === 'requester' ? requester : persona;
  return { can: async () => (await p.ok(who, 'requests', 'get', { id })).can, attempt: attempts(who, id) };
}

/**
 * What each persona may do in each state. The grid worker of the grid handles requests (accepts, replies) and owns
 * what they accepted; staff and admins above it may also resolve, transfer and reveal what anyone accepted.
 */
const EXPECTED: Record<State, Record<Persona, string>> = {
  submitted: {
    requester: 'reply withdraw',
    gridWorker: 'accept reply',
    staff: 'accept reply resolve transfer revealContact',
    streetAdmin: 'accept reply resolve transfer revealContact',
  },
  noPhone: {
    requester: 'reply withdraw',
    gridWorker: 'accept reply',
    staff: 'accept reply resolve transfer',
    streetAdmin: 'accept reply resolve transfer',
  },
  accepted: {
    requester: 'reply withdraw',
    gridWorker: 'reply resolve transfer revealContact',
    staff: 'reply resolve transfer revealContact',
    streetAdmin: 'reply resolve transfer revealContact',
  },
  acceptedByStaff: {
    requester: 'reply withdraw',
    gridWorker: 'reply',
    staff: 'reply resolve transfer revealContact',
    streetAdmin: 'reply resolve transfer revealContact',
  },
  resolved: {
    requester: 'reply rate',
    gridWorker: 'reply revealContact',
    staff: 'reply revealContact',
    streetAdmin: 'reply revealContact',
  },
  closed: { requester: '', gridWorker: 'revealContact', staff: 'revealContact', streetAdmin: 'revealContact' },
  withdrawn: { requester: '', gridWorker: '', staff: 'revealContact', streetAdmin: 'revealContact' },
};

describe.each(Object.keys(STATES) as State[])('a %s request', (state) => {
  test.each(PERSONAS)(
    'as %s: every action marked true succeeds, every one marked false is refused',
    async (persona) => {
      const can = await checkCan(`${state}/${persona}`, () => fresh(state, persona));
      expect(allowed(can)).toBe(EXPECTED[state][persona]);
    },
  );
});

test('someone outside the request gets no view, and every action answers NOT_FOUND as for no request at all', async () => {
  const { id } = await newRequest('submitted');
  for (const outsider of ['resident', 'chengduStaff', 'g2-nobody']) {
    expect((await p.call(outsider, 'requests', 'get', { id })).error?.code).toBe('NOT_FOUND');
    for (const [key, attempt] of Object.entries(attempts(outsider, id))) {
      expect([outsider, key, (await attempt()).error?.code]).toEqual([outsider, key, 'NOT_FOUND']);
    }
  }
});

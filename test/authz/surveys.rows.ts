import type { TestProject } from '../helpers/project';
import { newSurvey } from '../helpers/surveys';
import { all, type Row } from './table';

const MANAGERS_IN_KUNMING = { staff: 'ok', streetAdmin: 'ok', rootAdmin: 'ok' } as const;
const satisfaction = { overall: 4, speed: 4, attitude: 5 };
const published = async (p: TestProject) => (await newSurvey(p, { template: 'satisfaction' })).id;
const draft = async (p: TestProject) => (await newSurvey(p, { template: 'satisfaction', publish: false })).id;

/**
 * surveys (issue 14). A published survey is public (it reaches people by QR code): anyone reads and answers it, a
 * caller outside scope is PERMISSION_DENIED for results and management. A draft exists only for its managers.
 */
export const SURVEY_ROWS: Row[] = [
  { fn: 'surveys', action: 'templates', case: 'anyone', input: () => ({}), allow: all('ok'), otherwise: 'ok' },
  {
    fn: 'surveys',
    action: 'create',
    case: 'in scope',
    input: (p) => ({
      orgId: p.orgId('zxq'),
      title: '需求问卷',
      questions: [{ id: 'q1', type: 'scale', title: '打分' }],
    }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'surveys',
    action: 'update',
    case: 'a draft',
    input: async (p) => ({ id: await draft(p), title: '改过的问卷' }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'surveys',
    action: 'publish',
    case: 'a draft',
    input: async (p) => ({ id: await draft(p) }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'surveys',
    action: 'close',
    case: 'published',
    input: async (p) => ({ id: await published(p) }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  { fn: 'surveys', action: 'list', case: 'home', input: () => ({}), allow: all('ok'), otherwise: 'ok' },
  {
    fn: 'surveys',
    action: 'get',
    case: 'published',
    input: async (p) => ({ id: await published(p) }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'surveys',
    action: 'get',
    case: 'a draft',
    input: async (p) => ({ id: await draft(p) }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'NOT_FOUND',
  },
  {
    fn: 'surveys',
    action: 'answer',
    case: 'published',
    input: async (p) => ({ id: await published(p), answers: satisfaction }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'surveys',
    action: 'answer',
    case: 'for a member of grid 1',
    input: async (p) => {
      const m = p.docs('householdMembers').find((x) => x.gridId === p.orgId('zxq-g1') && x.status === 'active')!;
      return {
        id: await published(p),
        answers: satisfaction,
        onBehalfOf: { householdId: m.householdId, memberId: m._id },
      };
    },
    allow: { gridWorker: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'surveys',
    action: 'results',
    case: 'published',
    input: async (p) => ({ id: await published(p), by: 'grid' }),
    allow: { ...MANAGERS_IN_KUNMING, gridWorker: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'surveys',
    action: 'export',
    case: 'published',
    input: async (p) => ({ id: await published(p) }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'surveys',
    action: 'respondents',
    case: 'published',
    input: async (p) => ({ id: await published(p), questionId: 'channel', option: '小程序' }),
    allow: MANAGERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
];

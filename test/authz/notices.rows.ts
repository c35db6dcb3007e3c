import { heldEvent, newNotice, reviewedEvent } from '../helpers/notices';
import type { TestProject } from '../helpers/project';
import { all, type Row } from './table';

const PUBLISHERS_IN_KUNMING = { staff: 'ok', streetAdmin: 'ok', rootAdmin: 'ok' } as const;

const noticeFields = (p: TestProject, orgKey: string) => ({
  orgId: p.orgId(orgKey),
  kind: 'policy',
  title: '应知应会',
  body: [{ type: 'p', text: '各民族像石榴籽一样紧紧抱在一起。' }],
});

/**
 * notices (issue 16: notices, policy and guides; event reviews). Notices and reviews are public (shared to chats), so
 * a caller outside scope is PERMISSION_DENIED on them; publishing to an org outside a publisher's scope answers as an
 * org that does not exist (NOT_FOUND), while a caller who publishes nowhere is PERMISSION_DENIED.
 */
export const NOTICE_ROWS: Row[] = [
  {
    fn: 'notices',
    action: 'create',
    case: 'in scope',
    input: (p) => noticeFields(p, 'zxq'),
    allow: { ...PUBLISHERS_IN_KUNMING, chengduStaff: 'NOT_FOUND' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'notices',
    action: 'create',
    case: 'outside scope (Chengdu)',
    input: (p) => noticeFields(p, 'ag'),
    allow: { chengduStaff: 'ok', rootAdmin: 'ok', staff: 'NOT_FOUND', streetAdmin: 'NOT_FOUND' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'notices',
    action: 'update',
    case: 'in scope',
    input: async (p) => ({ id: await newNotice(p), title: '改过的标题' }),
    allow: PUBLISHERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'notices',
    action: 'remove',
    case: 'in scope',
    input: async (p) => ({ id: await newNotice(p) }),
    allow: PUBLISHERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'notices',
    action: 'list',
    case: 'home (public)',
    input: () => ({}),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'notices',
    action: 'list',
    case: 'subtree (staff in scope)',
    input: (p) => ({ orgId: p.orgId('zxq'), subtree: true }),
    allow: { ...PUBLISHERS_IN_KUNMING, chengduStaff: 'NOT_FOUND' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'notices',
    action: 'get',
    case: 'public',
    input: async (p) => ({ id: await newNotice(p) }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'notices',
    action: 'readers',
    case: 'in scope',
    input: async (p) => ({ id: await newNotice(p) }),
    allow: PUBLISHERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'notices',
    action: 'readers',
    case: 'outside scope (Chengdu)',
    input: async (p) => ({ id: await newNotice(p, 'ag') }),
    allow: { chengduStaff: 'ok', rootAdmin: 'ok' },
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'notices',
    action: 'postReview',
    case: 'held event in scope',
    input: async (p) => ({ eventId: await heldEvent(p), text: '百家宴圆满举办' }),
    allow: PUBLISHERS_IN_KUNMING,
    otherwise: 'PERMISSION_DENIED',
  },
  {
    fn: 'notices',
    action: 'review',
    case: 'public',
    input: async (p) => ({ eventId: await reviewedEvent(p) }),
    allow: all('ok'),
    otherwise: 'ok',
  },
  {
    fn: 'notices',
    action: 'likeReview',
    case: 'anyone',
    input: async (p) => ({ eventId: await reviewedEvent(p) }),
    allow: all('ok'),
    otherwise: 'ok',
  },
];

import type { RequestCan } from '../../miniprogram/shared/api';
import type { Role } from '../../miniprogram/shared/orgs';
import { REQUEST_STATUS_LABELS, type RequestStatus } from '../../miniprogram/shared/requests';
import { denied, precondition, type AppError } from '../core/errors';
import { can, type Caller } from '../core/identity';
import { judge, type Refusal } from '../core/rules';
import type { RequestDoc } from './model';

/** Grid workers, staff and admins whose scope covers a request's org handle it. */
export const HANDLERS: readonly Role[] = ['grid_worker', 'staff', 'admin'];
/** Staff and admins in scope may also resolve, transfer and reveal what someone else accepted. */
export const SUPERVISORS: readonly Role[] = ['staff', 'admin'];

/** Who is asking: their openid and grants. */
export interface RequestActor {
  openid: string;
  caller: Caller;
}

/** Whether the actor may see the request at all: its requester, or a handler whose scope covers its org. */
export function maySeeRequest(doc: RequestDoc, actor: RequestActor): boolean {
  return doc.requesterOpenid === actor.openid || can(actor.caller, HANDLERS, doc.ancestors);
}

/** Why a step cannot happen from the request's current state (a stable reason for each state). */
export function wrongState(doc: Pick<RequestDoc, 'status'>, action: string): AppError {
  if (doc.status === 'accepted' && action === 'accept') return precondition('ALREADY_ACCEPTED', '该诉求已被他人受理');
  const reasons: Record<RequestStatus, string> = {
    submitted: 'NOT_ACCEPTED',
    accepted: 'NOT_RESOLVED',
    resolved: 'ALREADY_RESOLVED',
    closed: 'ALREADY_CLOSED',
    withdrawn: 'WITHDRAWN',
  };
  return precondition(
    reasons[doc.status],
    `诉求当前状态为“${REQUEST_STATUS_LABELS[doc.status]}”，不能${action === 'rate' ? '评价' : '执行此操作'}`,
  );
}

/** The states each step starts from (its conditional update requires one of them). */
export const STEP_FROM = {
  accept: ['submitted'],
  reply: ['submitted', 'accepted', 'resolved'],
  resolve: ['submitted', 'accepted'],
  rate: ['resolved'],
  withdraw: ['submitted', 'accepted'],
  transfer: ['submitted', 'accepted'],
} as const satisfies Record<string, readonly RequestStatus[]>;

function inState(doc: RequestDoc, action: keyof typeof STEP_FROM): Refusal {
  return (STEP_FROM[action] as readonly RequestStatus[]).includes(doc.status) ? undefined : wrongState(doc, action);
}

const isRequester = (doc: RequestDoc, actor: RequestActor) => doc.requesterOpenid === actor.openid;
const ownerOrSupervisor = (doc: RequestDoc, actor: RequestActor) =>
  doc.assigneeOpenid === actor.openid || can(actor.caller, SUPERVISORS, doc.ancestors);

/**
 * The rule of each action on a request the actor may see (anyone else gets NOT_FOUND before any rule): the role it
 * takes, then the state it starts from.
 */
export const requestRules = {
  /** 首问负责: a handler in scope takes a request nobody has accepted yet. */
  accept: (doc: RequestDoc, actor: RequestActor): Refusal =>
    !can(actor.caller, HANDLERS, doc.ancestors)
      ? denied('只有网格员和社区工作人员可以受理诉求')
      : inState(doc, 'accept'),
  /** The requester and handlers talk until it is closed or withdrawn. */
  reply: (doc: RequestDoc, actor: RequestActor): Refusal =>
    maySeeRequest(doc, actor) ? inState(doc, 'reply') : denied('只有提交人和工作人员可以回复'),
  resolve: (doc: RequestDoc, actor: RequestActor): Refusal =>
    ownerOrSupervisor(doc, actor) ? inState(doc, 'resolve') : denied('只有受理人或社区工作人员可以办结'),
  rate: (doc: RequestDoc, actor: RequestActor): Refusal =>
    isRequester(doc, actor) ? inState(doc, 'rate') : denied('只有提交人可以执行此操作'),
  withdraw: (doc: RequestDoc, actor: RequestActor): Refusal =>
    isRequester(doc, actor) ? inState(doc, 'withdraw') : denied('只有提交人可以执行此操作'),
  transfer: (doc: RequestDoc, actor: RequestActor): Refusal =>
    ownerOrSupervisor(doc, actor) ? inState(doc, 'transfer') : denied('只有受理人或社区工作人员可以转办'),
  /** The full contact phone, for a stated reason (audited); a request without one has nothing to reveal. */
  revealContact: (doc: RequestDoc, actor: RequestActor): Refusal => {
    if (!ownerOrSupervisor(doc, actor)) return denied('只有受理人或社区工作人员可以查看完整电话');
    return doc.contactPhoneEnc ? undefined : precondition('NO_CONTACT_PHONE', '该诉求没有留电话');
  },
  /** The mediation ledger entry of a `mediation` request: its owner (assignee) or staff in scope, until withdrawn. */
  mediation: (doc: RequestDoc, actor: RequestActor): Refusal => {
    if (!ownerOrSupervisor(doc, actor)) return denied('只有受理人或社区工作人员可以记录调解');
    if (doc.category !== 'mediation') return precondition('NOT_MEDIATION', '只有矛盾纠纷调解类诉求可以记录调解');
    return doc.status === 'withdrawn' ? wrongState(doc, 'mediation') : undefined;
  },
} satisfies Record<keyof RequestCan, (doc: RequestDoc, actor: RequestActor) => Refusal>;

/** `can` of a request's view: every rule, judged for this actor now. */
export function requestCan(doc: RequestDoc, actor: RequestActor): RequestCan {
  return judge(requestRules, doc, actor);
}

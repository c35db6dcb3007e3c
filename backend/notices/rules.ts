import type { NoticeCan, ReviewCan } from '../../miniprogram/shared/api';
import type { Role } from '../../miniprogram/shared/orgs';
import type { EventDoc } from '../events/model';
import { mayManage as mayManageEvent } from '../events/rules';
import { denied, notFound, precondition } from '../core/errors';
import { can, hasRole, type Caller } from '../core/identity';
import type { OrgDoc } from '../core/orgs';
import { judge, type Refusal } from '../core/rules';
import type { NoticeDoc } from './model';

/** Who publishes: staff and admins whose scope covers the org (a notice reaches the org's whole subtree). */
export const PUBLISHERS: readonly Role[] = ['staff', 'admin'];

export function mayPublish(caller: Caller, target: Pick<NoticeDoc | OrgDoc, 'ancestors'>): boolean {
  return can(caller, PUBLISHERS, target.ancestors);
}

/**
 * Publishing to an org: a caller who publishes nowhere is PERMISSION_DENIED; a publisher whose scope does not cover
 * the org gets the answer of an org that does not exist (NOT_FOUND), so an out-of-scope org cannot be probed.
 * `org` is undefined when no such org exists.
 */
export function publishRefusal(caller: Caller, org: OrgDoc | undefined): Refusal {
  if (!hasRole(caller, PUBLISHERS)) return denied('只有社区工作人员可以发布通知');
  return org && mayPublish(caller, org) ? undefined : notFound('组织不存在或不在你的管辖范围内');
}

const notPublisher = () => denied('该通知不在你的管辖范围内');
const manage = (notice: NoticeDoc, caller: Caller): Refusal =>
  mayPublish(caller, notice) ? undefined : notPublisher();

/** The rule of each action on a published notice (reading one is open to anyone: notices are public). */
export const noticeRules = {
  update: manage,
  remove: manage,
  readers: manage,
} satisfies Record<keyof NoticeCan, (notice: NoticeDoc, caller: Caller) => Refusal>;

export function noticeCan(notice: NoticeDoc, caller: Caller): NoticeCan {
  return judge(noticeRules, notice, caller);
}

/** An event is "held" once it has started and was not cancelled: only then can it have a review. */
function held(event: EventDoc, now = Date.now()): boolean {
  return event.status !== 'cancelled' && new Date(event.startAt).getTime() <= now;
}

/** Rules of an event's review: staff who manage the event post it once the event is held; anyone likes it. */
export const reviewRules = {
  postReview: (event: EventDoc, caller: Caller): Refusal => {
    if (!mayManageEvent(caller, event)) return denied('该活动不在你的管辖范围内');
    return held(event) ? undefined : precondition('EVENT_NOT_HELD', '活动举办后才能发布回顾');
  },
  likeReview: (_event: EventDoc, _caller: Caller, hasReview = true): Refusal =>
    hasReview ? undefined : notFound('该活动还没有回顾'),
};

export function reviewCan(event: EventDoc, caller: Caller, hasReview: boolean): ReviewCan {
  return {
    postReview: reviewRules.postReview(event, caller) === undefined,
    likeReview: reviewRules.likeReview(event, caller, hasReview) === undefined,
  };
}

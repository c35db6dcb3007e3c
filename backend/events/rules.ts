import type { EventCan } from '../../miniprogram/shared/api';
import type { Role } from '../../miniprogram/shared/orgs';
import { denied, notFound, precondition } from '../core/errors';
import { can, type Caller } from '../core/identity';
import { judge, type Refusal } from '../core/rules';
import { signupOpen, type EventDoc, type SignupDoc } from './model';

/** Who runs events: staff and admins whose scope covers the event's org. */
export const MANAGERS: readonly Role[] = ['staff', 'admin'];

export function mayManage(caller: Caller, event: Pick<EventDoc, 'ancestors'>): boolean {
  return can(caller, MANAGERS, event.ancestors);
}

/** Who is asking: their grants (for the managers' actions) and their active sign-up of the event (for their own). */
export interface EventActor {
  caller: Caller;
  mine: SignupDoc | undefined;
}

type Manager = Pick<EventActor, 'caller'>;
type Family = Pick<EventActor, 'mine'>;

const notManager = () => denied('该活动不在你的管辖范围内');
const cancelled = (message = '活动已取消') => precondition('EVENT_CANCELLED', message);
const hasStarted = (event: EventDoc, now = Date.now()) => new Date(event.startAt).getTime() <= now;

/** A manager's action that an open event takes, and a cancelled one refuses. */
function manageOpen(event: EventDoc, actor: Manager, message?: string): Refusal {
  if (!mayManage(actor.caller, event)) return notManager();
  return event.status === 'cancelled' ? cancelled(message) : undefined;
}

function manage(event: EventDoc, actor: Manager): Refusal {
  return mayManage(actor.caller, event) ? undefined : notManager();
}

/**
 * A new sign-up: the event must be open and taking sign-ups, and without a waitlist have a seat free with nobody
 * waiting (the seat itself is then taken by a conditional update, which stays the final word under a crowd).
 */
export function newSignupRefusal(event: EventDoc): Refusal {
  if (event.status === 'cancelled') return cancelled();
  if (!signupOpen(event)) return precondition('SIGNUP_CLOSED', '报名已截止');
  if (!event.waitlist && (event.seatsFree < 1 || event.waitlistCount > 0))
    return precondition('EVENT_FULL', '名额已满');
  return undefined;
}

/** The rule of each action on an event (any event is public: `get` works for anyone). */
export const eventRules = {
  update: (event: EventDoc, actor: Manager): Refusal => manageOpen(event, actor, '活动已取消，不能再修改'),
  cancel: (event: EventDoc, actor: Manager): Refusal => manageOpen(event, actor),
  roster: manage,
  checkin: (event: EventDoc, actor: Manager): Refusal => manageOpen(event, actor),
  exportRoster: manage,
  sendReminders: (event: EventDoc, actor: Manager): Refusal => manageOpen(event, actor),
  reconcile: manage,
  /** Anyone; a repeat while signed up answers the existing sign-up. */
  signup: (event: EventDoc, actor: Family): Refusal => (actor.mine ? undefined : newSignupRefusal(event)),
  /** The family's dish, dietary needs or contact, until the start. */
  updateSignup: (event: EventDoc, actor: Family): Refusal => {
    if (!actor.mine) return notFound('没有找到你的报名');
    if (event.status === 'cancelled') return cancelled();
    return hasStarted(event) ? precondition('EVENT_STARTED', '活动已开始') : undefined;
  },
  /** Until the start of an open event (a cancelled one may still be left), and not once checked in. */
  cancelSignup: (event: EventDoc, actor: Family): Refusal => {
    if (hasStarted(event) && event.status === 'open') return precondition('EVENT_STARTED', '活动已开始，不能取消报名');
    if (!actor.mine) return notFound('没有找到你的报名');
    return actor.mine.checkedInAt ? precondition('ALREADY_CHECKED_IN', '已签到，不能取消报名') : undefined;
  },
} satisfies Record<keyof EventCan, (event: EventDoc, actor: EventActor) => Refusal>;

/** `can` of an event's view: every rule, judged for this caller now. */
export function eventCan(event: EventDoc, actor: EventActor): EventCan {
  return judge(eventRules, event, actor);
}

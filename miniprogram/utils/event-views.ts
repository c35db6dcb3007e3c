import type { EventSummary, SignupView } from '../shared/api';
import { EVENT_TYPE_LABELS, EVENT_TYPE_THEMES, SIGNUP_STATUS_LABELS } from '../shared/events';
import { formatTime } from './format';

/** A list row of an event: type tag, time, place, seats left and the deadline, ready for WXML. */
export interface EventItem {
  id: string;
  title: string;
  typeLabel: string;
  typeTheme: string;
  timeText: string;
  place: string;
  seatsText: string;
  seatsTheme: 'success' | 'warning' | 'danger' | 'default';
  deadlineText: string;
  cancelled: boolean;
}

export function seatsText(e: Pick<EventSummary, 'seatsLeft' | 'waitlistCount' | 'status' | 'signupOpen'>): string {
  if (e.status === 'cancelled') return '已取消';
  if (e.seatsLeft > 0) return `余 ${e.seatsLeft} 个名额`;
  return e.waitlistCount > 0 ? `已满 · ${e.waitlistCount} 户候补` : '名额已满';
}

export function eventItem(e: EventSummary): EventItem {
  const cancelled = e.status === 'cancelled';
  return {
    id: e.id,
    title: e.title,
    typeLabel: EVENT_TYPE_LABELS[e.type],
    typeTheme: EVENT_TYPE_THEMES[e.type],
    timeText: formatTime(e.startAt),
    place: e.location.name,
    seatsText: seatsText(e),
    seatsTheme: cancelled
      ? 'default'
      : e.seatsLeft === 0
        ? 'danger'
        : e.seatsLeft <= e.capacity / 10
          ? 'warning'
          : 'success',
    deadlineText: cancelled ? '' : e.signupOpen ? `${formatTime(e.signupDeadline)} 截止报名` : '报名已截止',
    cancelled,
  };
}

export function signupStatusText(s: Pick<SignupView, 'status' | 'waitlistPosition' | 'checkedInAt'>): string {
  if (s.checkedInAt) return '已签到';
  if (s.status === 'waitlisted' && s.waitlistPosition) return `候补第 ${s.waitlistPosition} 位`;
  return SIGNUP_STATUS_LABELS[s.status];
}

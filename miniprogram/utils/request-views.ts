import type { RequestSummary, RequestView, StatusCounts } from '../shared/api';
import { categoryLabel } from '../shared/categories';
import {
  ESCALATION_LABELS,
  REQUEST_STATUS_LABELS,
  REQUEST_STATUSES,
  TIMELINE_LABELS,
  type RequestStatus,
} from '../shared/requests';
import { formatTime } from './format';

/** TDesign tag theme of each status. */
export const STATUS_THEMES: Record<RequestStatus, string> = {
  submitted: 'warning',
  accepted: 'primary',
  resolved: 'success',
  closed: 'default',
  withdrawn: 'default',
};

export interface RequestItem {
  id: string;
  categoryLabel: string;
  statusLabel: string;
  statusTheme: string;
  excerpt: string;
  orgName: string;
  createdText: string;
  overdue: boolean;
  /** 已升级至社区/街道/区 (超期升级), or ''. */
  escalatedText: string;
  /** 需双语（维吾尔语）, or ''. */
  bilingualText: string;
}

/** A list row of 我的诉求 and the queue. */
export function requestItem(r: RequestSummary): RequestItem {
  return {
    id: r.id,
    categoryLabel: categoryLabel(r.category),
    statusLabel: REQUEST_STATUS_LABELS[r.status],
    statusTheme: STATUS_THEMES[r.status],
    excerpt: r.excerpt,
    orgName: r.orgName,
    createdText: formatTime(r.createdAt),
    overdue: r.overdue,
    escalatedText: r.escalatedLevel ? ESCALATION_LABELS[r.escalatedLevel] : '',
    bilingualText: r.needsBilingual ? `需双语${r.language ? `（${r.language}）` : ''}` : '',
  };
}

export type StatusTab = RequestStatus | 'all';

/**
 * The status tabs of a request list with their counts: 全部 first with the total (我的诉求), or last (the queue,
 * which opens on 待受理).
 */
export function statusTabs(all: 'first' | 'last', counts?: StatusCounts): { value: StatusTab; label: string }[] {
  const byStatus = REQUEST_STATUSES.map((s) => ({
    value: s as StatusTab,
    label: counts?.[s] ? `${REQUEST_STATUS_LABELS[s]} ${counts[s]}` : REQUEST_STATUS_LABELS[s],
  }));
  if (all === 'last') return [...byStatus, { value: 'all', label: '全部' }];
  const total = counts ? REQUEST_STATUSES.reduce((n, s) => n + counts[s], 0) : 0;
  return [{ value: 'all', label: total ? `全部 ${total}` : '全部' }, ...byStatus];
}

/** The list filter of a tab. */
export const statusOfTab = (tab: StatusTab): { status?: RequestStatus } => (tab === 'all' ? {} : { status: tab });

/** A tab named by a page's `?status=`, if it is one. */
export function tabOfQuery(status: string | undefined, fallback: StatusTab): StatusTab {
  return status && (REQUEST_STATUSES as readonly string[]).includes(status) ? (status as StatusTab) : fallback;
}

/** A request as its detail page shows it. */
export interface Shown {
  categoryLabel: string;
  status: RequestView['status'];
  statusLabel: string;
  statusTheme: string;
  overdue: boolean;
  orgName: string;
  createdText: string;
  dueText: string;
  description: string;
  contactName: string;
  contactPhone: string;
  assigneeName: string;
  resolution: string;
  rating: { score: number; comment: string } | null;
  escalatedText: string;
  bilingualText: string;
  voice: { fileID: string; seconds: number } | null;
  /** The mediation ledger entry, as read (当事人 joined with 、). */
  mediation: { parties: string; agreement: string; ethnicDimension: boolean; followUpAt: string; by: string } | null;
}

export interface Photo {
  fileID: string;
  url: string;
}

export interface Step {
  title: string;
  content: string;
}

export interface Message {
  id: string;
  who: string;
  text: string;
  time: string;
  mine: boolean;
}

export function shown(r: RequestView): Shown {
  return {
    categoryLabel: categoryLabel(r.category),
    status: r.status,
    statusLabel: REQUEST_STATUS_LABELS[r.status],
    statusTheme: STATUS_THEMES[r.status],
    overdue: r.overdue,
    orgName: r.orgName,
    createdText: formatTime(r.createdAt),
    dueText: formatTime(r.dueAt),
    description: r.description,
    contactName: r.contactName ?? '',
    contactPhone: r.contactPhone ?? '',
    assigneeName: r.assignee?.name ?? '',
    resolution: r.resolution ?? '',
    rating: r.rating ? { score: r.rating.score, comment: r.rating.comment ?? '' } : null,
    escalatedText: r.escalatedLevel
      ? `${ESCALATION_LABELS[r.escalatedLevel]}${r.escalatedOrgName ? `（${r.escalatedOrgName}）` : ''}`
      : '',
    bilingualText: r.needsBilingual ? `需要双语帮助${r.language ? `：${r.language}` : ''}` : '',
    voice: r.voice ?? null,
    mediation: r.mediation
      ? {
          parties: r.mediation.parties.join('、'),
          agreement: r.mediation.agreement,
          ethnicDimension: r.mediation.ethnicDimension,
          followUpAt: r.mediation.followUpAt ?? '',
          by: r.mediation.recordedBy,
        }
      : null,
  };
}

/** The timeline as t-steps items. */
export function steps(r: RequestView): Step[] {
  return r.timeline.map((t) => {
    const who = t.name ?? (t.actor === 'requester' ? '居民' : '工作人员');
    return {
      title: TIMELINE_LABELS[t.type] ?? t.type,
      content: [`${who} · ${formatTime(t.at)}`, t.note].filter(Boolean).join('\n'),
    };
  });
}

/** The thread, the viewer's own messages marked 我. */
export function messages(r: RequestView): Message[] {
  return r.messages.map((m) => ({
    id: m.id,
    who: m.mine ? '我' : (m.name ?? (m.from === 'requester' ? '居民' : '工作人员')),
    text: m.text,
    time: formatTime(m.at),
    mine: m.mine,
  }));
}

import type { RequestSummary } from '../shared/api';
import { categoryLabel } from '../shared/categories';
import { REQUEST_PAGES, REQUEST_STATUS_LABELS, type RequestStatus } from '../shared/requests';
import { formatTime } from './format';

/** Absolute URLs of the request pages, for wx.navigateTo. */
export const REQUEST_URLS = {
  create: `/${REQUEST_PAGES.create}`,
  mine: `/${REQUEST_PAGES.mine}`,
  detail: (id: string, extra = '') => `/${REQUEST_PAGES.detail}?id=${encodeURIComponent(id)}${extra}`,
  queue: `/${REQUEST_PAGES.queue}`,
};

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
  };
}

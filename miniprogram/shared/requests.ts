/** Life cycle of a service request: submitted → accepted → resolved → closed (rated), or withdrawn. */
export const REQUEST_STATUSES = ['submitted', 'accepted', 'resolved', 'closed', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  submitted: '待受理',
  accepted: '办理中',
  resolved: '已办结',
  closed: '已评价',
  withdrawn: '已撤回',
};

/** Statuses in which a request still runs against its due date. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['submitted', 'accepted'];

export const TIMELINE_LABELS = {
  create: '提交诉求',
  accept: '受理（首问负责）',
  reply: '留言',
  resolve: '办结',
  rate: '评价',
  withdraw: '撤回',
  transfer: '转办',
} as const;
export type TimelineType = keyof typeof TIMELINE_LABELS;

export const MAX_IMAGES = 6;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp'] as const;

/** Where the mini program uploads a request photo; the function accepts only the caller's own folder. */
export function requestImagePath(openid: string, name: string): string {
  return `requests/${openid}/${name}`;
}

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
  escalate: '超期升级',
  mediation: '调解记录',
} as const;
export type TimelineType = keyof typeof TIMELINE_LABELS;

export const MAX_IMAGES = 6;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp'] as const;

/** Where the mini program uploads a request photo; the function accepts only the caller's own folder. */
export function requestImagePath(openid: string, name: string): string {
  return `requests/${openid}/${name}`;
}

/**
 * The languages a resident may say they are most at ease in (`requests.create` `language`), with the languages the
 * communities we serve speak at home; the UI itself stays in 国家通用语言 — this asks for help, it does not translate.
 */
export const REQUEST_LANGUAGES = [
  '维吾尔语',
  '藏语',
  '彝语',
  '蒙古语',
  '哈萨克语',
  '朝鲜语',
  '壮语',
  '傣语',
  '景颇语',
  '柯尔克孜语',
  '其他',
] as const;
export type RequestLanguage = (typeof REQUEST_LANGUAGES)[number];

/** A voice note: recorded by the mini program (aac/mp3), uploaded to the requester's own folder, at most 60 s. */
export const MAX_VOICE_SECONDS = 60;
export const MAX_VOICE_BYTES = 2 * 1024 * 1024;
export const VOICE_EXTENSIONS = ['aac', 'm4a', 'mp3', 'wav'] as const;

/** Escalation levels, in order: an overdue request climbs one step each time (小事不出社区，大事不出街道). */
export const ESCALATION_LEVELS = ['community', 'street', 'district'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export const ESCALATION_LABELS: Record<EscalationLevel, string> = {
  community: '已升级至社区',
  street: '已升级至街道',
  district: '已升级至区',
};

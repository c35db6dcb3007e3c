import type { NoticeSummary, NoticeView } from '../shared/api';
import { NOTICE_KIND_LABELS, NOTICE_KINDS, type NoticeBlock, type NoticeKind } from '../shared/notices';
import { formatTime } from './format';

/** A kind's tag colour: policy outreach in the main line's red, guides green, notices blue. */
export const NOTICE_KIND_THEMES: Record<NoticeKind, string> = {
  notice: 'primary',
  policy: 'danger',
  guide: 'success',
};

/** The list's tabs: 全部 and each kind. */
export const NOTICE_TABS = [
  { value: '', label: '全部' },
  ...NOTICE_KINDS.map((value) => ({ value, label: NOTICE_KIND_LABELS[value] })),
];

export const isNoticeKind = (value: string | undefined): value is NoticeKind =>
  (NOTICE_KINDS as readonly string[]).includes(value ?? '');

export interface NoticeItem extends NoticeSummary {
  kindLabel: string;
  kindTheme: string;
  timeText: string;
}

export function noticeItem(n: NoticeSummary): NoticeItem {
  return {
    ...n,
    kindLabel: NOTICE_KIND_LABELS[n.kind],
    kindTheme: NOTICE_KIND_THEMES[n.kind],
    timeText: formatTime(n.createdAt),
  };
}

/** A body block as WXML renders it: images with the URL to show ('' shows a placeholder). */
export type BlockItem = NoticeBlock & { key: string; url?: string };

export function blockItems(body: NoticeBlock[], urlOf: (fileID: string) => string): BlockItem[] {
  return body.map((b, i) => (b.type === 'img' ? { ...b, key: `b${i}`, url: urlOf(b.fileID) } : { ...b, key: `b${i}` }));
}

/** "【政策宣传】铸牢中华民族共同体意识 · 应知应会": a notice's title as a shared card shows it in a group. */
export function noticeShareTitle(n: Pick<NoticeView, 'kind' | 'title' | 'orgName'>): string {
  return `【${NOTICE_KIND_LABELS[n.kind]}】${n.title}｜${n.orgName}`;
}

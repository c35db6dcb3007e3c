import type { Contact, OrgView, StationView } from '../shared/api';
import { childLevel, ORG_LEVEL_LABELS, STATION_TYPE_LABELS } from '../shared/orgs';

/** Why an archive was refused, as the admin reads it (the cloud's message follows with the count). */
export const ARCHIVE_REFUSALS: Record<string, string> = {
  OPEN_REQUESTS: '还有未办结的诉求',
  UPCOMING_EVENTS: '还有未开始的活动',
  ROOT_NOT_ARCHIVABLE: '市级组织不能归档',
  SUBTREE_TOO_LARGE: '下级组织太多',
};

export interface OrgHead {
  id: string;
  name: string;
  levelLabel: string;
  archived: boolean;
  isGrid: boolean;
  isCommunity: boolean;
}

export interface ChildItem {
  id: string;
  name: string;
  levelLabel: string;
}

export interface ContactLine {
  label: string;
  value: string;
}

export interface StationLine {
  id: string;
  name: string;
  typeLabel: string;
  greenChannel: boolean;
}

export function orgHead(org: OrgView): OrgHead {
  return {
    id: org.id,
    name: org.name,
    levelLabel: ORG_LEVEL_LABELS[org.level],
    archived: Boolean(org.archived),
    isGrid: org.level === 'grid',
    isCommunity: org.level === 'community',
  };
}

export const childItem = (o: OrgView): ChildItem => ({ id: o.id, name: o.name, levelLabel: ORG_LEVEL_LABELS[o.level] });

/** The level a new child of `org` gets (none: a city at the top). */
export function childLabel(org: OrgView | null): string {
  const level = org ? childLevel(org.level) : 'city';
  return level ? ORG_LEVEL_LABELS[level] : '';
}

/** The contact card as lines; a grid's card is its grid worker. */
export function contactLines(contact: Contact | undefined, isGrid: boolean): ContactLine[] {
  if (!contact) return [];
  const lines: ContactLine[] = [];
  if (contact.name) lines.push({ label: isGrid ? '网格员' : '名称', value: contact.name });
  if (contact.phone) lines.push({ label: isGrid ? '电话' : '服务热线', value: contact.phone });
  if (contact.address) lines.push({ label: '地址', value: contact.address });
  if (contact.hours) lines.push({ label: '办公时间', value: contact.hours });
  return lines;
}

export const stationLine = (s: StationView): StationLine => ({
  id: s.id,
  name: s.name,
  typeLabel: STATION_TYPE_LABELS[s.type],
  greenChannel: s.greenChannel,
});

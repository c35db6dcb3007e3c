import dayjs from 'dayjs';
import { ROLE_LABELS, type Role } from '../shared/orgs';

/** "社区工作人员 · 中心区社区": a role as the user reads it. */
export function roleText(role: Role, orgName: string): string {
  return `${ROLE_LABELS[role]} · ${orgName}`;
}

/** "12月5日 18:00" (with the year when it is not this year). */
export function formatTime(iso: string): string {
  const t = dayjs(iso);
  if (!t.isValid()) return iso;
  return t.format(t.year() === dayjs().year() ? 'M月D日 HH:mm' : 'YYYY年M月D日 HH:mm');
}

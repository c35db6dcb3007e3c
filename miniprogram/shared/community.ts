/** Bringing families together: pairing (结对认亲) and volunteer teams. Limits and small rules both sides use. */

/** Hours of one volunteering session: half-hour steps from 0.5 to 12. */
export const MIN_SESSION_HOURS = 0.5;
export const MAX_SESSION_HOURS = 12;

/** Activities a pair's log keeps (a visit a week for four years). */
export const MAX_PAIR_ACTIVITIES = 200;

export const PAIR_STATUSES = ['active', 'ended'] as const;
export type PairStatus = (typeof PAIR_STATUSES)[number];
export const PAIR_STATUS_LABELS: Record<PairStatus, string> = { active: '结对中', ended: '已结束' };

/** Two-character surnames, so that 欧阳 is not taken for 欧. */
const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
];

/**
 * How a family is named to the family it is paired with: the head's surname and 家 (马秀芳 → 马家). A name without
 * a surname in the Han sense (岩温, 阿依古丽·买买提) gives its first character, which is how neighbours say it too.
 * Never more of the name than that.
 */
export function familyNameOf(headName: string | null | undefined): string {
  const name = (headName ?? '').trim();
  if (!name) return '结对家庭';
  const compound = COMPOUND_SURNAMES.find((s) => name.startsWith(s) && name.length > s.length);
  return `${compound ?? Array.from(name)[0]}家`;
}

/** `hours` shown as 1.5 小时 (a half-hour step never needs more than one decimal). */
export function hoursLabel(hours: number): string {
  return `${Math.round(hours * 10) / 10} 小时`;
}

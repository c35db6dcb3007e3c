/** Events: 百家宴, 长街宴, festivals, trainings, volunteering. Labels, limits and small rules both sides use. */
export const EVENT_TYPES = ['banquet', 'street_feast', 'festival', 'training', 'volunteer', 'other'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  banquet: '百家宴',
  street_feast: '长街宴',
  festival: '节庆活动',
  training: '培训',
  volunteer: '志愿服务',
  other: '其他活动',
};

/** TDesign tag theme per type, so a list shows the kind of event at a glance. */
export const EVENT_TYPE_THEMES: Record<EventType, 'danger' | 'warning' | 'primary' | 'success' | 'default'> = {
  banquet: 'danger',
  street_feast: 'warning',
  festival: 'danger',
  training: 'primary',
  volunteer: 'success',
  other: 'default',
};

export const EVENT_STATUSES = ['open', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const SIGNUP_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];
export const SIGNUP_STATUS_LABELS: Record<SignupStatus, string> = {
  confirmed: '已报名',
  waitlisted: '候补中',
  cancelled: '已取消',
};

export const DIETARY_NEEDS = ['halal', 'vegetarian'] as const;
export type DietaryNeed = (typeof DIETARY_NEEDS)[number];
export const DIETARY_LABELS: Record<DietaryNeed, string> = { halal: '清真', vegetarian: '素食' };

/** Cuisines offered as suggestions on the dish form; any other text is accepted. */
export const CUISINE_SUGGESTIONS = [
  '回族清真菜',
  '彝族菜',
  '白族菜',
  '傣族菜',
  '哈尼族菜',
  '壮族菜',
  '苗族菜',
  '纳西族菜',
  '藏族菜',
  '景颇族菜',
  '佤族菜',
  '维吾尔族菜',
  '蒙古族菜',
  '朝鲜族菜',
  '满族菜',
  '汉族家常菜',
] as const;

export const MAX_CAPACITY = 1000;
export const MAX_PARTY_SIZE = 20;
export const DEFAULT_MAX_PARTY_SIZE = 5;
/** Without an end time an event is taken to last this long (for "upcoming" and for check-in). */
export const DEFAULT_DURATION_HOURS = 3;

/** "32 道菜 · 11 种民族风味 · 6 道清真" */
export function dishSummaryText(summary: { dishes: number; cuisines: number; halal: number }): string {
  if (summary.dishes === 0) return '还没有登记菜品';
  return `${summary.dishes} 道菜 · ${summary.cuisines} 种民族风味 · ${summary.halal} 道清真`;
}

/** A cuisine as counted on the dish board: trimmed, and "彝族" and "彝族菜" count as one. */
export function normalizeCuisine(cuisine: string | undefined): string {
  return (cuisine ?? '').trim().replace(/(菜|风味|美食)$/, '');
}

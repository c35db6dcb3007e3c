/**
 * Service-request categories with their Chinese labels, the default due time in working days, and how 首页 shows
 * them: a TDesign icon (a name of TDesign's icon font) and, where the label is too long for a tile, a shorter one.
 */
export const REQUEST_CATEGORIES = [
  { value: 'employment', label: '就业创业', icon: 'user-talk', dueDays: 5 },
  { value: 'training', label: '技能培训', icon: 'education', dueDays: 5 },
  { value: 'schooling', label: '子女入学', icon: 'book', dueDays: 5 },
  { value: 'medical', label: '就医服务', icon: 'heart', dueDays: 3 },
  { value: 'social_security', label: '社保低保', icon: 'secured', dueDays: 5 },
  { value: 'disability', label: '助残服务', icon: 'accessibility', dueDays: 3 },
  { value: 'legal_aid', label: '法律援助', icon: 'user-safety', dueDays: 5 },
  { value: 'mediation', label: '矛盾调解', icon: 'chat-bubble', dueDays: 3 },
  { value: 'gov_service', label: '政务代办', icon: 'file-paste', dueDays: 3 },
  { value: 'housing', label: '住房租赁', icon: 'home', dueDays: 5 },
  { value: 'language', label: '国家通用语言培训', tile: '通用语言培训', icon: 'translate', dueDays: 10 },
  { value: 'consult', label: '政策咨询', icon: 'help-circle', dueDays: 2 },
  { value: 'other', label: '其他', icon: 'more', dueDays: 5 },
] as const;

export type RequestCategory = (typeof REQUEST_CATEGORIES)[number]['value'];
export const REQUEST_CATEGORY_VALUES = REQUEST_CATEGORIES.map((c) => c.value) as [
  RequestCategory,
  ...RequestCategory[],
];

export function categoryLabel(value: string): string {
  return REQUEST_CATEGORIES.find((c) => c.value === value)?.label ?? value;
}

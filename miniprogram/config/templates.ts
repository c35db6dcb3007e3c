/**
 * Subscribe-message template ids (WeChat Official Accounts Platform → 订阅消息), the same ids the functions read
 * from their environment (docs/api.md). Empty: the app does not ask for the subscription, and nothing is sent.
 */
export const SUBSCRIBE_TEMPLATES = {
  /** TEMPLATE_EVENT_REMINDER: the reminder before an event. */
  eventReminder: '',
  /** TEMPLATE_EVENT_CHANGED: an event moved or cancelled, or a waitlisted family promoted. */
  eventChanged: '',
  /** TEMPLATE_STAFF_NEW_REQUEST: a new (or transferred-in) request reached a grid worker's or staff member's org. */
  staffNewRequest: '',
  /** TEMPLATE_STAFF_OVERDUE: an overdue request climbed to the staff member's org. */
  staffOverdue: '',
};

export type SubscribeTemplate = keyof typeof SUBSCRIBE_TEMPLATES;

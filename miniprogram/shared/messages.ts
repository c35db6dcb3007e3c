/** In-app messages (消息中心): what each kind of message is about. */
export const MESSAGE_TYPES = {
  request_new: '新诉求',
  request_update: '诉求进展',
  request_moved: '转办诉求',
  request_escalated: '诉求升级',
  mediation_followup: '调解回访',
} as const;
export type MessageType = keyof typeof MESSAGE_TYPES;

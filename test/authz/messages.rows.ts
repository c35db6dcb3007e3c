import { all, type Row } from './table';

/** messages: everyone reads and marks their own message centre; nothing else is reachable (test/messages.test.ts). */
export const MESSAGE_ROWS: Row[] = [
  { fn: 'messages', action: 'list', case: 'own', input: () => ({}), allow: all('ok'), otherwise: 'ok' },
  { fn: 'messages', action: 'unreadCount', case: 'own', input: () => ({}), allow: all('ok'), otherwise: 'ok' },
  {
    fn: 'messages',
    action: 'markRead',
    case: 'own, all',
    input: () => ({ all: true }),
    allow: all('ok'),
    otherwise: 'ok',
  },
];

/**
 * The local cloud's web console: three tabs over the data API (`/console/api/*`, api.mjs), with the clock the
 * functions see always in the header.
 */
/* global document, window */
import { ApiError, api, token } from './api.mjs';
import { dataView } from './data.mjs';
import { fill, h, offsetText, time } from './dom.mjs';
import { functionsView } from './functions.mjs';
import { storageView } from './storage.mjs';

const main = document.getElementById('main');
const tabs = document.getElementById('tabs');
const clockBadge = document.getElementById('clock');

function showClock(clock) {
  fill(
    clockBadge,
    `云端时间 Cloud time ${time(clock.now)}`,
    clock.offsetMs ? h('span', { class: 'chip warn' }, offsetText(clock.offsetMs)) : null,
  );
}

const views = {
  data: { label: '数据 Data', view: dataView() },
  functions: { label: '函数 Functions', view: functionsView({ onClock: showClock }) },
  storage: { label: '存储与消息 Storage & outbox', view: storageView() },
};
let current = null;

async function select(name) {
  if (current === name) return;
  views[current]?.view.hide?.();
  current = name;
  for (const b of tabs.querySelectorAll('button')) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  fill(main, views[name].view.root);
  try {
    await views[name].view.show();
  } catch (err) {
    fill(main, failure(err));
  }
}

function failure(err) {
  const unauthorized = err instanceof ApiError && err.status === 401;
  return h(
    'div',
    { class: 'message error big' },
    unauthorized
      ? '令牌无效：请打开 npm start 打印的控制台链接。The token is missing or wrong: open the console link npm start prints.'
      : err.message,
  );
}

fill(
  tabs,
  Object.entries(views).map(([name, { label }]) =>
    h('button', { role: 'tab', 'data-tab': name, onclick: () => select(name) }, label),
  ),
);

const refreshClock = () => api('GET', 'clock').then(showClock, () => undefined);

if (!token) fill(main, failure(new ApiError(401, null)));
else {
  void refreshClock();
  window.setInterval(refreshClock, 10_000);
  void select('data');
}

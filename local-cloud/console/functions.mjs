/**
 * 函数 Functions: a call form (a persona or any openid, a function, a JSON event → the answer `/fn` gives), the live
 * call log of every invocation with a filter, the timer triggers with their next run and 立即运行 Run now, and the
 * clock the functions see, shown and settable.
 */
/* global window */
import { api, seg } from './api.mjs';
import { card, fill, h, message, offsetText, table, time } from './dom.mjs';

const POLL_MS = 1500;
const OTHER = '__other__';
const ANONYMOUS = '__anonymous__';

export function functionsView({ onClock }) {
  const callCard = h('div');
  const logCard = h('div');
  const side = h('div', { class: 'stack' });
  const root = h('div', { class: 'split wide-left' }, h('div', { class: 'stack' }, callCard, logCard), side);
  let overview = null;

  // ---- call form ----
  const persona = h('select', {
    id: 'call-persona',
    'aria-label': '身份 Caller',
    onchange: () => (openid.hidden = persona.value !== OTHER),
  });
  const openid = h('input', {
    id: 'call-openid',
    class: 'code',
    placeholder: 'openid',
    hidden: true,
    'aria-label': 'openid',
  });
  const fn = h('select', { id: 'call-function', 'aria-label': '函数 Function' });
  const event = h('textarea', { id: 'call-event', class: 'code', rows: 3, spellcheck: 'false' });
  event.value = '{\n  "action": "me"\n}';
  const answer = h('div', { id: 'call-answer' });

  async function send(e) {
    e.preventDefault();
    let parsed;
    try {
      parsed = JSON.parse(event.value || '{}');
    } catch (err) {
      return message(answer, `事件不是 JSON The event is not JSON: ${err.message}`);
    }
    const who =
      persona.value === OTHER ? openid.value.trim() || null : persona.value === ANONYMOUS ? null : persona.value;
    fill(answer, h('div', { class: 'muted' }, '调用中 Calling…'));
    try {
      const r = await api('POST', 'call', { function: fn.value, openid: who, event: parsed });
      fill(
        answer,
        h(
          'div',
          { class: 'meta' },
          h('span', { class: `chip ${r.status === 200 ? 'ok' : 'bad'}` }, `HTTP ${r.status}`),
          h('span', { class: 'chip' }, `${r.ms} ms`),
          h('span', { class: 'chip' }, `db ${r.dbCalls}`),
          h('span', { class: 'chip code' }, r.requestId),
        ),
        h('pre', { class: 'doc envelope' }, JSON.stringify(r.body, null, 2)),
      );
      void pollLog();
    } catch (err) {
      message(answer, err.message);
    }
  }

  function renderCallForm() {
    fill(
      persona,
      overview.personas.map((p) =>
        h('option', { value: p.openid }, `${p.name} · ${p.openid}${p.label ? ` · ${p.label}` : ''}`),
      ),
      h('option', { value: OTHER }, '其他 openid Other openid…'),
      h('option', { value: ANONYMOUS }, '无身份 No identity'),
    );
    openid.hidden = persona.value !== OTHER;
    fill(
      fn,
      overview.functions.map((name) => h('option', { value: name }, name)),
    );
    fill(
      callCard,
      card(
        '调用函数 Call a function',
        h(
          'form',
          { class: 'call', onsubmit: send },
          h('label', {}, '身份 Caller', persona, openid),
          h('label', {}, '函数 Function', fn),
          h('label', { class: 'full' }, '事件 Event (JSON)', event),
          h('button', { type: 'submit', class: 'primary', id: 'call-send' }, '发送 Send'),
        ),
        answer,
      ),
    );
  }

  // ---- call log ----
  let since = 0;
  let rows = [];
  const filter = h('input', {
    id: 'log-filter',
    placeholder: '函数、动作、openid、结果码、请求 ID function, action, openid, code, request id',
    'aria-label': '过滤 Filter',
    oninput: () => {
      generation++;
      since = 0;
      rows = [];
      void pollLog();
    },
  });
  const logBody = h('div', { class: 'log' });
  fill(logCard, card('调用日志 Call log', filter, logBody));

  let generation = 0;
  async function pollLog() {
    // A poll answered after the filter changed describes the old filter: dropped.
    const asked = generation;
    let calls;
    try {
      ({ calls } = await api('GET', 'calls', null, { since: String(since), filter: filter.value }));
    } catch (err) {
      return message(logBody, err.message);
    }
    if (asked !== generation) return;
    // Two polls in flight ask for the same records: keep each once.
    calls = calls.filter((c) => c.seq > since);
    if (calls.length) since = calls[calls.length - 1].seq;
    else if (rows.length) return;
    rows = [...calls.reverse(), ...rows].slice(0, 500);
    fill(
      logBody,
      table(
        ['时间 Time', '函数 Function', '动作 Action', '调用者 Caller', '耗时 ms', 'db', '结果 Code', '请求 Request'],
        rows.map((c) =>
          h(
            'tr',
            { class: 'call-row', 'data-request': c.requestId },
            h('td', {}, time(c.at).slice(11)),
            h('td', {}, c.functionName),
            h('td', {}, c.action ?? '—'),
            h('td', { class: 'code', title: c.source }, c.caller ?? `— (${c.source})`),
            h('td', { class: 'num' }, String(c.ms)),
            h('td', { class: 'num' }, String(c.dbCalls)),
            h('td', {}, h('span', { class: `chip ${c.code === 'OK' ? 'ok' : c.code === '-' ? '' : 'bad'}` }, c.code)),
            h('td', { class: 'code small' }, c.requestId),
          ),
        ),
        { class: 'calls' },
      ),
    );
  }

  // ---- triggers and clock ----
  const triggerAnswer = h('div', { id: 'trigger-answer' });
  const triggerList = h('div');
  const clockState = h('div', { id: 'clock-state' });
  const clockInput = h('input', {
    id: 'clock-offset',
    class: 'code',
    placeholder: '1d · -2h · 90m · 0',
    'aria-label': '偏移 Offset',
  });
  const clockMessage = h('div');

  function renderTriggers(triggers) {
    fill(
      triggerList,
      table(
        ['触发器 · 下次运行 Trigger · next run', ''],
        triggers.map((t) =>
          h(
            'tr',
            { class: 'trigger-row', 'data-trigger': `${t.functionName}/${t.name}` },
            h(
              'td',
              {},
              h('div', {}, `${t.functionName} / ${t.name}`),
              h(
                'div',
                { class: 'small' },
                h('span', { class: 'next' }, t.next ? time(t.next) : '定时关闭 schedule off'),
                ' · ',
                h('span', { class: 'code' }, t.config),
              ),
            ),
            h(
              'td',
              { class: 'end' },
              h('button', { class: 'nowrap', onclick: (e) => fire(t, e.currentTarget) }, '立即运行 Run now'),
            ),
          ),
        ),
      ),
    );
  }

  async function fire(t, button) {
    button.disabled = true;
    fill(triggerAnswer, h('div', { class: 'muted' }, `${t.functionName}/${t.name} 运行中 running…`));
    try {
      const r = await api('POST', `triggers/${seg(t.functionName)}/${seg(t.name)}`);
      fill(
        triggerAnswer,
        h(
          'div',
          { class: 'meta' },
          h('span', { class: `chip ${r.error ? 'bad' : 'ok'}` }, r.error ? `ERR ${r.error.errCode}` : '完成 Done'),
          h('span', { class: 'chip' }, `${t.functionName}/${t.name}`),
          h('span', { class: 'chip' }, time(r.trigger.time)),
        ),
        h('pre', { class: 'doc envelope' }, JSON.stringify(r.error ?? r.result, null, 2)),
      );
      void pollLog();
    } catch (err) {
      message(triggerAnswer, err.message);
    } finally {
      button.disabled = false;
    }
  }

  function renderClock(clock) {
    fill(
      clockState,
      h('div', { class: 'clock-now' }, time(clock.now)),
      h('div', { class: 'muted' }, clock.offsetMs ? `偏移 Offset ${offsetText(clock.offsetMs)}` : '真实时间 Real time'),
    );
    renderTriggers(clock.triggers);
    onClock(clock);
  }

  async function setClock(offset) {
    message(clockMessage, '');
    try {
      renderClock(await api('POST', 'clock', { offset }));
    } catch (err) {
      message(clockMessage, err.message);
    }
  }

  fill(
    side,
    card(
      '时钟 Clock',
      h(
        'p',
        { class: 'muted' },
        '函数的 Date 与 db.serverDate() 所见的时间 The time functions and db.serverDate() see',
      ),
      clockState,
      h(
        'form',
        {
          class: 'inline',
          onsubmit: (e) => {
            e.preventDefault();
            const text = clockInput.value.trim();
            void setClock(/^[+-]?\d+$/.test(text) ? Number(text) : text);
          },
        },
        clockInput,
        h('button', { type: 'submit', class: 'primary', id: 'clock-set' }, '设置 Set'),
        h('button', { type: 'button', onclick: () => setClock(0) }, '重置 Reset'),
      ),
      clockMessage,
    ),
    card('定时触发器 Timer triggers', triggerList, triggerAnswer),
  );

  let timer = null;
  return {
    root,
    async show() {
      overview = await api('GET', 'overview');
      renderCallForm();
      renderClock(overview.clock);
      await pollLog();
      if (!timer) timer = window.setInterval(() => void pollLog(), POLL_MS);
    },
    hide() {
      window.clearInterval(timer);
      timer = null;
    },
  };
}

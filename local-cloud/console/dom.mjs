/**
 * DOM helpers of the console. Every value from the cloud reaches the page as text (textContent), never as HTML:
 * documents, call results and messages hold whatever residents typed.
 */
/* global document, Node */

/**
 * `h('button', { class: 'primary', onclick }, '保存 Save')`: an element with attributes (functions become event
 * listeners, `false`/`null`/`undefined` are left out) and children (strings become text nodes; arrays are flattened).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (name === 'value') el.value = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (Array.isArray(child)) append(el, child);
    else if (child === null || child === undefined || child === false) continue;
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A titled card: `card('集合 Collections', body…)`. */
export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', {}, title) : null, ...children);
}

/** A table from column titles and rows of cells (a cell is text or an element). */
export function table(columns, rows, attrs = {}) {
  return h(
    'table',
    attrs,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((c) => h('th', {}, c)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.length ? rows : h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, '暂无 Nothing yet')),
    ),
  );
}

/** An error or notice line under a form. */
export function message(el, text, kind = 'error') {
  fill(el, text ? h('div', { class: `message ${kind}` }, text) : null);
}

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** `2026-11-30 14:05:09` in the browser's time zone. */
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `+3d4h` / `-2h` / `0` for an offset in ms. */
export function offsetText(ms) {
  if (!ms) return '0';
  const units = [
    ['d', 86400000],
    ['h', 3600000],
    ['m', 60000],
    ['s', 1000],
  ];
  let rest = Math.abs(ms);
  let out = '';
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n) out += `${n}${unit}`;
  }
  if (rest || !out) out += `${rest}ms`;
  return (ms < 0 ? '-' : '+') + out;
}

/**
 * 数据 Data: collections with their counts and declared indexes; a page of a collection by a mingo filter (EJSON),
 * a sort and a page size; one document as EJSON to read, edit (a `doc(id).set()` through the local cloud's
 * database) or delete. Sealed values (the product's encrypted ID numbers and phones) show as sealed: the console
 * has no key and never asks for one.
 */
/* global window */
import { api, seg } from './api.mjs';
import { card, fill, h, message, table } from './dom.mjs';

const PAGE_SIZES = [20, 50, 100, 200];

export function dataView() {
  const state = { collection: null, skip: 0, limit: 20, filter: '', sort: '', selected: null };
  const list = h('nav', { class: 'collections', 'aria-label': '集合 Collections' });
  const main = h('div', { class: 'collection-main' });
  const root = h('div', { class: 'split' }, card('集合 Collections', list), main);

  async function loadCollections() {
    const { collections } = await api('GET', 'collections');
    fill(
      list,
      collections.map((c) =>
        h(
          'button',
          {
            class: `collection${c.name === state.collection?.name ? ' active' : ''}`,
            'data-collection': c.name,
            onclick: () => open(c),
          },
          h('span', { class: 'name' }, c.name),
          h('span', { class: 'count' }, String(c.count)),
        ),
      ),
    );
    if (state.collection) state.collection = collections.find((c) => c.name === state.collection.name) ?? null;
    return collections;
  }

  function open(collection) {
    Object.assign(state, { collection, skip: 0, filter: '', sort: '', selected: null });
    for (const b of list.querySelectorAll('button'))
      b.classList.toggle('active', b.dataset.collection === collection.name);
    renderCollection();
    void query();
  }

  const filterInput = h('input', {
    id: 'filter',
    class: 'code',
    placeholder: '{"status": "active"}',
    'aria-label': '筛选 Filter (EJSON)',
  });
  const sortInput = h('input', {
    id: 'sort',
    class: 'code',
    placeholder: '{"createdAt": -1}',
    'aria-label': '排序 Sort',
  });
  const sizeSelect = h(
    'select',
    {
      'aria-label': '每页 Page size',
      onchange: () => ((state.limit = Number(sizeSelect.value)), (state.skip = 0), query()),
    },
    PAGE_SIZES.map((n) => h('option', { value: String(n) }, `${n} / 页 page`)),
  );
  const results = h('div', { class: 'results' });
  const queryMessage = h('div');
  const docPanel = h('div', { class: 'doc-panel' });

  function renderCollection() {
    const c = state.collection;
    filterInput.value = state.filter;
    sortInput.value = state.sort;
    const indexes = c.indexes.length
      ? c.indexes.map((i) =>
          h(
            'span',
            { class: 'chip', title: JSON.stringify(i.keys) },
            `${i.name}${i.unique ? ' · 唯一 unique' : ''}  ${Object.entries(i.keys)
              .map(([k, v]) => `${k}:${v}`)
              .join(', ')}`,
          ),
        )
      : h('span', { class: 'muted' }, '无声明的索引 No declared index');
    fill(
      main,
      card(
        `${c.name}`,
        h('div', { class: 'indexes' }, h('span', { class: 'label' }, '索引 Indexes'), indexes),
        h(
          'form',
          {
            class: 'query',
            onsubmit: (e) => {
              e.preventDefault();
              state.filter = filterInput.value.trim();
              state.sort = sortInput.value.trim();
              state.skip = 0;
              void query();
            },
          },
          h('label', {}, '筛选 Filter', filterInput),
          h('label', {}, '排序 Sort', sortInput),
          h('label', {}, '每页 Page', sizeSelect),
          h('button', { type: 'submit', class: 'primary' }, '查询 Query'),
        ),
        queryMessage,
        results,
      ),
      docPanel,
    );
  }

  async function query() {
    message(queryMessage, '');
    results.setAttribute('aria-busy', 'true');
    try {
      await loadPage();
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  async function loadPage() {
    let page;
    try {
      page = await api('GET', `collections/${seg(state.collection.name)}/documents`, null, {
        filter: state.filter,
        sort: state.sort,
        skip: String(state.skip),
        limit: String(state.limit),
      });
    } catch (err) {
      message(queryMessage, err.message);
      fill(results);
      return;
    }
    const from = page.total ? page.skip + 1 : 0;
    const to = page.skip + page.documents.length;
    const pager = h(
      'div',
      { class: 'pager' },
      h('span', {}, `共 ${page.total} 条 documents · ${from}–${to}`),
      h(
        'button',
        { disabled: page.skip === 0, onclick: () => ((state.skip = Math.max(0, page.skip - page.limit)), query()) },
        '上一页 Prev',
      ),
      h(
        'button',
        { disabled: to >= page.total, onclick: () => ((state.skip = page.skip + page.limit), query()) },
        '下一页 Next',
      ),
    );
    const rows = page.documents.map((d) =>
      h(
        'tr',
        { class: 'doc-row', 'data-id': String(d._id), onclick: () => showDocument(String(d._id)) },
        h('td', { class: 'code id' }, String(d._id)),
        h('td', {}, h('div', { class: 'preview' }, preview(JSON.parse(d.ejson), new Set(d.sealed)))),
      ),
    );
    fill(results, pager, table(['_id', '内容 Fields'], rows, { class: 'docs' }));
  }

  async function showDocument(id) {
    state.selected = id;
    let doc;
    try {
      doc = await api('GET', `collections/${seg(state.collection.name)}/documents/${seg(id)}`);
    } catch (err) {
      fill(docPanel, card('文档 Document', h('div', { class: 'message error' }, err.message)));
      return;
    }
    renderDocument(doc);
  }

  function renderDocument(doc) {
    const name = state.collection.name;
    const id = String(doc._id);
    const status = h('div');
    const sealedNote = doc.sealed.length
      ? h(
          'p',
          { class: 'muted' },
          `${doc.sealed.length} 个加密字段 sealed field(s): 控制台无密钥，不解密 the console holds no key`,
        )
      : null;
    const view = h('pre', { class: 'doc', id: 'doc-view' }, render(JSON.parse(doc.ejson), new Set(doc.sealed), ''));
    const editor = h('textarea', { class: 'code editor', id: 'doc-editor', spellcheck: 'false', rows: 18 });
    editor.value = doc.ejson;
    const editing = h('div', { class: 'editing', hidden: true }, editor);
    const edit = h('button', { onclick: () => toggle(true) }, '编辑 Edit');
    const save = h('button', { class: 'primary', hidden: true, onclick: () => saveDocument() }, '保存 Save');
    const cancel = h('button', { hidden: true, onclick: () => toggle(false) }, '取消 Cancel');
    const remove = h('button', { class: 'danger', onclick: () => removeDocument() }, '删除 Delete');
    function toggle(on) {
      view.hidden = on;
      editing.hidden = !on;
      edit.hidden = on;
      save.hidden = !on;
      cancel.hidden = !on;
      message(status, '');
    }
    async function saveDocument() {
      try {
        const answer = await api('PUT', `collections/${seg(name)}/documents/${seg(id)}`, { ejson: editor.value });
        renderDocument(answer.document);
        message(docPanel.querySelector('.status'), answer.updated ? '已保存 Saved' : '没有变化 Unchanged', 'ok');
        void query();
      } catch (err) {
        message(status, err.message);
      }
    }
    async function removeDocument() {
      if (!window.confirm(`删除 Delete ${name}/${id}?`)) return;
      try {
        await api('DELETE', `collections/${seg(name)}/documents/${seg(id)}`);
        fill(docPanel, card('文档 Document', h('div', { class: 'message ok' }, `已删除 Deleted ${id}`)));
        await loadCollections();
        void query();
      } catch (err) {
        message(status, err.message);
      }
    }
    status.className = 'status';
    fill(
      docPanel,
      card(
        `文档 Document · ${id}`,
        h('div', { class: 'actions' }, edit, save, cancel, remove),
        status,
        sealedNote,
        view,
        editing,
      ),
    );
  }

  return {
    root,
    async show() {
      const collections = await loadCollections();
      if (!state.collection && collections.length) open(collections[0]);
    },
  };
}

/** `v1.<key id>.…` sealed by the product's personal-data helper. */
function sealedBadge(value) {
  const keyId = String(value).split('.')[1] ?? '';
  return h(
    'span',
    { class: 'sealed', title: '加密存储，控制台不解密 Encrypted at rest; the console never decrypts' },
    `已加密 sealed · key ${keyId}`,
  );
}

/** A document as indented EJSON, sealed values as badges. */
function render(value, sealed, at, indent = '') {
  if (sealed.has(at)) return sealedBadge(value);
  const next = `${indent}  `;
  const child = (k) => (at ? `${at}.${k}` : String(k));
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return [
      '[\n',
      value.map((v, i) => [next, render(v, sealed, child(i), next), i < value.length - 1 ? ',\n' : '\n']),
      `${indent}]`,
    ];
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (!entries.length) return '{}';
    return [
      '{\n',
      entries.map(([k, v], i) => [
        next,
        h('span', { class: 'key' }, JSON.stringify(k)),
        ': ',
        render(v, sealed, child(k), next),
        i < entries.length - 1 ? ',\n' : '\n',
      ]),
      `${indent}}`,
    ];
  }
  return h('span', { class: `value ${value === null ? 'null' : typeof value}` }, JSON.stringify(value));
}

/** The first fields of a document, one line. */
function preview(doc, sealed) {
  const parts = sealed.size ? [h('span', { class: 'sealed' }, `已加密 sealed ×${sealed.size}`)] : [];
  for (const [k, v] of Object.entries(doc)) {
    if (k === '_id') continue;
    if (parts.length >= 4) {
      parts.push('…');
      break;
    }
    let text;
    if (sealed.has(k)) text = '已加密 sealed';
    else if (v && typeof v === 'object' && '$date' in v) text = String(v.$date);
    else text = JSON.stringify(v);
    if (text.length > 34) text = `${text.slice(0, 33)}…`;
    parts.push(h('span', { class: 'field' }, h('b', {}, k), ' ', text));
  }
  return parts;
}

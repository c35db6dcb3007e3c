/**
 * 存储与消息 Storage & outbox: the stored files by top folder with owner, size and a preview of images (a signed URL
 * valid for 10 minutes), and the subscribe messages sent so far with the users who refuse them.
 */
import { api } from './api.mjs';
import { bytes, card, fill, h, message, table, time } from './dom.mjs';

export function storageView() {
  const folders = h('nav', { class: 'collections', 'aria-label': '文件夹 Folders' });
  const files = h('div');
  const previewBox = h('div', { class: 'preview-box' });
  const outbox = h('div');
  const root = h(
    'div',
    { class: 'stack' },
    h('div', { class: 'split' }, card('文件夹 Folders', folders), h('div', { class: 'stack' }, files, previewBox)),
    outbox,
  );
  let folder = null;

  function renderFiles(all) {
    const byFolder = new Map();
    for (const f of all) byFolder.set(f.folder, [...(byFolder.get(f.folder) ?? []), f]);
    if (!byFolder.has(folder)) folder = byFolder.keys().next().value ?? null;
    fill(
      folders,
      [...byFolder].map(([name, list]) =>
        h(
          'button',
          {
            class: `collection${name === folder ? ' active' : ''}`,
            onclick: () => ((folder = name), renderFiles(all)),
          },
          h('span', { class: 'name' }, `${name}/`),
          h('span', { class: 'count' }, String(list.length)),
        ),
      ),
    );
    if (!byFolder.size) fill(folders, h('p', { class: 'muted' }, '暂无文件 No files yet'));
    const rows = (byFolder.get(folder) ?? []).map((f) =>
      h(
        'tr',
        {},
        h('td', {}, f.preview ? h('img', { class: 'thumb', src: f.preview, alt: '', onclick: () => show(f) }) : ''),
        h('td', { class: 'code' }, f.path),
        h('td', { class: 'code' }, f.owner ?? '— 函数 function'),
        h('td', { class: 'num' }, bytes(f.size)),
        h('td', {}, time(f.uploadedAt)),
      ),
    );
    fill(
      files,
      card(
        folder ? `${folder}/` : '文件 Files',
        table(['', '路径 Path', '上传者 Owner', '大小 Size', '上传时间 Uploaded'], rows, { class: 'files' }),
      ),
    );
  }

  function show(f) {
    fill(previewBox, card(`预览 Preview · ${f.path}`, h('img', { class: 'preview', src: f.preview, alt: f.path })));
  }

  function renderOutbox({ messages, refusals }) {
    fill(
      outbox,
      card(
        '订阅消息 Subscribe messages',
        h('p', { class: 'muted' }, `拒收的用户 Users who refuse: ${refusals.length ? refusals.join(', ') : '无 none'}`),
        table(
          ['时间 Sent (cloud time)', '接收者 To', '模板 Template', '页面 Page', '内容 Data'],
          [...messages]
            .reverse()
            .map((m) =>
              h(
                'tr',
                {},
                h('td', {}, time(m.sentAt)),
                h('td', { class: 'code' }, m.touser),
                h('td', { class: 'code' }, m.templateId),
                h('td', { class: 'code' }, m.page ?? '—'),
                h('td', {}, h('pre', { class: 'inline-json' }, JSON.stringify(m.data, null, 1))),
              ),
            ),
          { class: 'outbox' },
        ),
      ),
    );
  }

  return {
    root,
    async show() {
      try {
        const [f, o] = await Promise.all([api('GET', 'files'), api('GET', 'outbox')]);
        renderFiles(f.files);
        renderOutbox(o);
      } catch (err) {
        message(files, err.message);
      }
    },
  };
}

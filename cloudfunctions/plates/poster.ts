import type { Contact } from '../../miniprogram/shared/api';
import { toIso } from '../../backend/core/time';

export interface PosterInput {
  /** The org the poster is for (a community, a grid, a street). */
  name: string;
  /** The names above it, from the city down, e.g. 昆明市官渡区关上街道. */
  trail: string;
  scene: string;
  png: Buffer;
  /** The community's public contact: hotline and address. */
  contact?: Contact | null;
  /** For a grid: its grid worker's public contact. */
  gridWorker?: Contact | null;
  printedAt: Date;
}

export const POSTER_MAIN_LINE = '铸牢中华民族共同体意识';
export const POSTER_CALL = '微信扫一扫 · 找社区 办事情 报名活动';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: #222; }
.note { margin: 8mm 10mm; font-size: 11pt; color: #555; }
.poster { height: 270mm; border: 1.2mm solid #c0392b; border-radius: 4mm; padding: 12mm 10mm; text-align: center; break-inside: avoid; display: flex; flex-direction: column; align-items: center; }
.poster .main { font-size: 26pt; font-weight: bold; color: #c0392b; letter-spacing: 3pt; }
.poster .trail { font-size: 13pt; color: #444; margin-top: 8mm; }
.poster .name { font-size: 30pt; font-weight: bold; margin-top: 2mm; }
.poster img { width: 110mm; height: 110mm; margin: 8mm auto 4mm; display: block; }
.poster .call { font-size: 18pt; font-weight: bold; color: #c0392b; }
.poster .contact { margin-top: auto; font-size: 13pt; line-height: 1.6; }
@media print { .note { display: none; } }
`;

function contactLines(contact: Contact | null | undefined, worker: Contact | null | undefined): string[] {
  const lines: string[] = [];
  if (contact?.phone) lines.push(`服务热线 ${contact.phone}${contact.name ? `（${contact.name}）` : ''}`);
  if (contact?.address) lines.push(`地址 ${contact.address}`);
  if (contact?.hours) lines.push(`办公时间 ${contact.hours}`);
  if (worker?.name && worker.phone) lines.push(`网格员 ${worker.name} ${worker.phone}`);
  return lines;
}

/**
 * One self-contained A4 page with an org's mini-program code, for notice boards: the main line, where the org is,
 * the code in large, the call to scan, and the public contact. Like the door plates it embeds the code as PNG and
 * ships no fonts, so it opens offline and prints from any browser.
 */
export function posterHtml(input: PosterInput): string {
  const title = `${input.name} 二维码海报`;
  const contact = contactLines(input.contact, input.gridWorker)
    .map((line) => `<div>${escape(line)}</div>`)
    .join('');
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${escape(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<p class="note">${escape(title)}，生成于 ${toIso(input.printedAt).slice(0, 16).replace('T', ' ')}。用浏览器打印：A4 纵向、边距默认、勾选“背景图形”；贴在公示栏，扫码打开“石榴籽”小程序。</p>`,
    `<section class="poster" data-scene="${escape(input.scene)}">`,
    `<div class="main">${POSTER_MAIN_LINE}</div>`,
    `<div class="trail">${escape(input.trail ? `${input.trail} · ${input.name}` : input.name)}</div>`,
    `<div class="name">${escape(input.name)}</div>`,
    `<img alt="小程序码" src="data:image/png;base64,${input.png.toString('base64')}">`,
    `<div class="call">${escape(POSTER_CALL)}</div>`,
    `<div class="contact">${contact}</div>`,
    '</section>',
    '</body></html>',
  ].join('\n');
}

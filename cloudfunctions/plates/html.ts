import { addressText, type Address } from '../../miniprogram/shared/households';
import type { OrgDoc } from '../../backend/core/orgs';
import { toIso } from '../../backend/core/time';

export interface Plate {
  scene: string;
  address: Address;
  png: Buffer;
}

const PER_PAGE = 6;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
@page { size: A4 portrait; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: #222; }
.note { margin: 8mm 10mm; font-size: 11pt; color: #555; }
.page { display: grid; grid-template-columns: 1fr 1fr; grid-auto-rows: 88mm; gap: 5mm; padding: 0; break-after: page; }
.page:last-child { break-after: auto; }
.plate { border: 0.8mm solid #c0392b; border-radius: 3mm; padding: 4mm; text-align: center; break-inside: avoid; overflow: hidden; }
.plate .title { font-size: 12pt; font-weight: bold; color: #c0392b; letter-spacing: 1pt; }
.plate img { width: 44mm; height: 44mm; margin: 2mm auto; display: block; }
.plate .address { font-size: 17pt; font-weight: bold; line-height: 1.25; }
.plate .grid { font-size: 9.5pt; color: #444; margin-top: 1.5mm; }
.plate .worker { font-size: 10.5pt; margin-top: 1mm; }
@media print { .note { display: none; } }
`;

function plateHtml(p: Plate, gridLine: string, workerLine: string): string {
  return [
    `<div class="plate" data-scene="${escape(p.scene)}">`,
    '<div class="title">社区二维码门牌</div>',
    `<img alt="门牌二维码" src="data:image/png;base64,${p.png.toString('base64')}">`,
    `<div class="address">${escape(addressText(p.address))}</div>`,
    `<div class="grid">${escape(gridLine)}</div>`,
    workerLine ? `<div class="worker">${escape(workerLine)}</div>` : '',
    '</div>',
  ].join('');
}

/**
 * One self-contained HTML page with the door plates of a grid, six to an A4 sheet: each plate carries the door's
 * mini-program code, its address in large type, the grid and the grid worker's public contact. Printed from any
 * browser (fonts are the printer's own, so the function ships none), and it opens offline.
 */
export function platesHtml(input: { grid: OrgDoc; community?: OrgDoc; plates: Plate[]; printedAt: Date }): string {
  const { grid, community, plates } = input;
  const gridLine = [community?.name, grid.name].filter(Boolean).join(' · ');
  const contact = grid.contact;
  const workerLine = contact?.name && contact.phone ? `网格员 ${contact.name} ${contact.phone}` : '';
  const pages: string[] = [];
  for (let i = 0; i < plates.length; i += PER_PAGE) {
    pages.push(
      `<section class="page">${plates
        .slice(i, i + PER_PAGE)
        .map((p) => plateHtml(p, gridLine, workerLine))
        .join('')}</section>`,
    );
  }
  const title = `${grid.name} 门牌二维码（${plates.length} 户）`;
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${escape(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<p class="note">${escape(title)}，生成于 ${toIso(input.printedAt).slice(0, 16).replace('T', ' ')}。用浏览器打印：A4 纵向、边距默认、勾选“背景图形”，每页 ${PER_PAGE} 张；扫码打开“石榴籽”小程序。</p>`,
    pages.join('\n'),
    '</body></html>',
  ].join('\n');
}

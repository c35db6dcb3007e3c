/**
 * One self-contained HTML document per capture: the rendered tree inside a phone's chrome (status bar, navigation
 * bar, tab bar), the WXSS of the app, the page and its components converted to CSS, WeChat's base styles, SVG icons,
 * local images inlined, and browser.js to finish what only a renderer can do.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Capture } from './capture';
import { MINIPROGRAM, TDESIGN, pageComponents } from './components';
import { iconCss, withoutFontGlyphs } from './icons';
import { readWxss, scopeCss } from './wxss';

interface WindowConfig {
  navigationBarTitleText?: string;
  navigationBarBackgroundColor?: string;
  navigationBarTextStyle?: 'black' | 'white';
}

interface AppJson {
  window?: WindowConfig;
  style?: string;
  tabBar?: {
    color: string;
    selectedColor: string;
    backgroundColor: string;
    borderStyle?: 'black' | 'white';
    list: { pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }[];
  };
}

const CSS_DIR = path.join(__dirname, 'css');
const ICON_COMPONENT = path.join(TDESIGN, 'icon/icon');

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const css = (name: string) => fs.readFileSync(path.join(CSS_DIR, name), 'utf8');

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

function fileDataUrl(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  return `data:${type};base64,${fs.readFileSync(file).toString('base64')}`;
}

/** Images of the mini program itself (`/assets/…` from its root, or relative to the page) become data URLs. */
function inlineLocalImages(html: string, page: string): string {
  return html.replace(/(<wx-image\b[^>]*?\ssrc=")([^"]+)"/g, (all, head: string, src: string) => {
    if (/^(data:|https?:)/.test(src)) return all;
    const file = src.startsWith('/')
      ? path.join(MINIPROGRAM, src)
      : path.resolve(path.dirname(path.join(MINIPROGRAM, page)), src);
    return `${head}${fileDataUrl(file) ?? src}"`;
  });
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Styles of the page: app.wxss and the page's own WXSS apply to the page and to components that share them. */
function pageCss(page: string): { css: string; tdesignTags: string[] } {
  const appWxss = readWxss(path.join(MINIPROGRAM, 'app.wxss'));
  const components = pageComponents(page);
  const pageWxss = readWxss(path.join(MINIPROGRAM, `${page}.wxss`));
  const parts: string[] = [];
  for (const c of components) {
    const scope = { prefix: c.tag, hostTag: c.tag };
    if (c.tag === 'main') {
      parts.push(scopeCss(appWxss, scope), scopeCss(pageWxss, scope));
      continue;
    }
    if (c.sharesPageStyles) parts.push(scopeCss(appWxss, scope), scopeCss(pageWxss, scope));
    const wxss = readWxss(`${c.file}.wxss`);
    parts.push(scopeCss(c.file === ICON_COMPONENT ? withoutFontGlyphs(wxss) : wxss, scope));
  }
  const tdesignTags = [...new Set(components.filter((c) => c.tdesign).map((c) => c.tag))];
  return { css: parts.join('\n'), tdesignTags };
}

function chrome(capture: Capture, app: AppJson): { top: string; tabBar: string } {
  const pageJson = readJson<WindowConfig>(path.join(MINIPROGRAM, `${capture.page}.json`));
  const win = { ...app.window, ...pageJson };
  const title = capture.title ?? win.navigationBarTitleText ?? '';
  const color = win.navigationBarTextStyle === 'white' ? '#fff' : '#000';
  const background = win.navigationBarBackgroundColor ?? '#fff';
  const tabs = app.tabBar;
  const isTab = Boolean(tabs?.list.some((t) => t.pagePath === capture.page));
  const top =
    `<div class="screen-top" style="color:${color};background:${background}">` +
    `<div class="screen-status"><span>9:41</span><span class="screen-battery"></span></div>` +
    `<div class="screen-nav">${isTab ? '' : '<span class="screen-nav__back"></span>'}` +
    `<span class="screen-nav__title">${escapeHtml(title)}</span>` +
    `<span class="screen-capsule"><span class="screen-capsule__more"></span><span class="screen-capsule__close"></span></span>` +
    `</div></div>`;
  if (!tabs || !isTab) return { top, tabBar: '' };
  const border = tabs.borderStyle === 'white' ? '#fff' : 'rgba(0,0,0,.33)';
  const items = tabs.list.map((t) => {
    const active = t.pagePath === capture.page;
    const icon = active ? t.selectedIconPath : t.iconPath;
    const src = icon ? fileDataUrl(path.join(MINIPROGRAM, icon)) : null;
    return (
      `<div class="screen-tab" style="color:${active ? tabs.selectedColor : tabs.color}">` +
      (src ? `<img src="${src}" alt="">` : '') +
      `<span>${escapeHtml(t.text)}</span></div>`
    );
  });
  const tabBar =
    `<div class="screen-tabbar" style="background:${tabs.backgroundColor};border-top:0.5px solid ${border}">` +
    `${items.join('')}</div>`;
  return { top, tabBar };
}

export interface ScreenDocument {
  html: string;
  /** Icon names the page uses that TDesign's icon font (this version) does not have: empty on a phone too. */
  missingIcons: string[];
}

export function buildDocument(capture: Capture): ScreenDocument {
  const app = readJson<AppJson>(path.join(MINIPROGRAM, 'app.json'));
  const { css: componentCss, tdesignTags } = pageCss(capture.page);
  const icons = iconCss(capture.html);
  const { top, tabBar } = chrome(capture, app);
  const base = [css('wechat.css'), css(app.style === 'v2' ? 'wechat-v2.css' : 'wechat-v1.css'), css('chrome.css')];
  const config = JSON.stringify({ tdesignTags }).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${base.join('\n')}</style>
<style>${componentCss}</style>
<style>${icons.css}</style>
</head>
<body class="${tabBar ? 'screen--tab' : ''}">
${top}
${inlineLocalImages(capture.html, capture.page)}
${tabBar}
<script>window.__SCREENS__ = ${config};</script>
<script>${fs.readFileSync(path.join(__dirname, 'browser.js'), 'utf8')}</script>
</body>
</html>
`;
  return { html, missingIcons: icons.missing };
}

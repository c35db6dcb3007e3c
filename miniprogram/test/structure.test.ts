import { describe, expect, it } from '@jest/globals';
import { PAGES, pageUrl, pathOf, ROUTES, TAB_PAGES } from '../shared/routes';
import { REQUEST_CATEGORIES } from '../shared/categories';
import { exists, listFiles, readFile, tdesignIconNames } from './support/files';

const app = JSON.parse(readFile('app.json')) as {
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
  tabBar: { list: { pagePath: string }[] };
};
const declared = [...app.pages, ...app.subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))];

describe('routes: one table of pages', () => {
  it('lists exactly the pages of app.json, each an index.{ts,wxml,json}', () => {
    expect(Object.values(PAGES).sort()).toEqual([...declared].sort());
    for (const page of Object.values(PAGES))
      for (const ext of ['ts', 'wxml', 'json']) expect(exists(`${page}.${ext}`)).toBe(true);
  });

  it('knows the tab bar', () => {
    expect([...TAB_PAGES].sort()).toEqual(app.tabBar.list.map((t) => t.pagePath).sort());
  });

  it('builds URLs with encoded values, leaving out empty ones', () => {
    expect(ROUTES.home()).toBe('/pages/home/index');
    expect(ROUTES.requestNew({ category: 'legal_aid' })).toBe('/pages/requests/new/index?category=legal_aid');
    expect(ROUTES.requestDetail('a b&c', { created: true })).toBe(
      '/pages/requests/detail/index?id=a%20b%26c&created=1',
    );
    expect(ROUTES.requestDetail('x', { from: 'queue' })).toBe('/pages/requests/detail/index?id=x&from=queue');
    expect(ROUTES.eventCheckin('e1', 'k/1')).toBe('/package-staff/events/checkin/index?id=e1&code=k%2F1');
    expect(ROUTES.switchCommunity()).toBe('/pages/switch-community/index');
    expect(ROUTES.door('')).toBe('/pages/door/index');
    expect(pageUrl(PAGES.eventEdit, { id: undefined, orgId: 'o' })).toBe('/package-staff/events/edit/index?orgId=o');
    expect(pathOf(ROUTES.memberEdit('h', 'm'))).toBe(PAGES.householdMember);
  });

  it('is the only place a page path is written (app.json aside)', () => {
    const literal = /['"`]\/?(pages|package-grid|package-staff)\/[a-z-]+(\/[a-z-]+)*\/index/;
    const offenders = listFiles(['.ts', '.wxml']).filter(
      (file) => file !== 'shared/routes.ts' && literal.test(readFile(file)),
    );
    expect(offenders).toEqual([]);
  });
});

describe('accessibility: controls without words say what they do', () => {
  const tappable = /\b(bind|catch):?(tap|click)=/;
  const labelled = /\b(aria-label|title|text|content|label)=/;

  /** Self-closing tappable elements (an image, an icon button) have no text of their own to be read out. */
  it('gives every tappable element without text an aria-label', () => {
    const tag = /<([a-z-]+)\b([^<>]*?)\/>/g;
    const missing: string[] = [];
    for (const file of listFiles(['.wxml'])) {
      for (const [, name, attrs] of readFile(file).matchAll(tag))
        if (tappable.test(attrs) && !labelled.test(attrs)) missing.push(`${file}: <${name} …/>`);
    }
    expect(missing).toEqual([]);
  });

  /** A tappable element whose content is only icons or images (`<view bind:tap><t-icon …/></view>`) reads as nothing. */
  it('gives every tappable element holding only icons an aria-label', () => {
    const element = /<([a-z-]+)\b([^<>]*?)>([\s\S]*?)<\/\1>/g;
    const missing: string[] = [];
    for (const file of listFiles(['.wxml'])) {
      for (const [, name, attrs, inner] of readFile(file).matchAll(element)) {
        const words = inner.replace(/<[^>]*>/g, '').trim();
        if (tappable.test(attrs) && !labelled.test(attrs) && !words) missing.push(`${file}: <${name} …>`);
      }
    }
    expect(missing).toEqual([]);
  });
});

/**
 * The icon names the app uses, as written: literal `icon`/`*-icon`/`name` attributes of WXML (in an expression, the
 * quoted results after `?`, `:` or `||`), and the `icon: '…'` of TypeScript option lists (those with a `label`).
 */
function iconNamesUsed(): Map<string, string> {
  const used = new Map<string, string>();
  const attribute =
    /\s(?:icon|left-icon|right-icon|prefix-icon|suffix-icon)="([^"]+)"|<t-icon\b[^>]*?\sname="([^"]+)"/g;
  for (const file of listFiles(['.wxml'])) {
    for (const [, attr, iconName] of readFile(file).matchAll(attribute)) {
      const value = attr ?? iconName;
      const names = value.includes('{{')
        ? [...value.matchAll(/(?:\?|:|\|\|)\s*'([a-z0-9-]+)'/g)].map((m) => m[1])
        : [value];
      for (const n of names) used.set(n, file);
    }
  }
  for (const file of listFiles(['.ts'])) {
    for (const line of readFile(file).split('\n')) {
      const icon = /\bicon: '([a-z0-9-]+)'/.exec(line);
      if (icon && /\blabel: /.test(line)) used.set(icon[1], file);
    }
  }
  for (const c of REQUEST_CATEGORIES) used.set(c.icon, 'shared/categories.ts');
  return used;
}

describe('icons: every name is in the icon font of the installed TDesign', () => {
  it('finds each icon the app names in TDesign’s icon font (a missing name draws nothing on a phone)', () => {
    const font = tdesignIconNames();
    expect(font.size).toBeGreaterThan(1000);
    const used = iconNamesUsed();
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter(([name]) => !font.has(name)).map(([name, file]) => `${file}: ${name}`);
    expect(missing).toEqual([]);
  });
});

describe('large fonts: every page follows the 大字模式 switch and WeChat’s own font size', () => {
  it('uses the large-font behavior, syncs it when shown and marks its root view', () => {
    const root = /^(?:\s*<import [^>]*\/>)*\s*<view class="page\b[^"]*\{\{largeFont \? 'page--large' : ''\}\}"/;
    const lacking: string[] = [];
    for (const page of Object.values(PAGES)) {
      const script = readFile(`${page}.ts`);
      if (!/behaviors: \[[^\]]*\blargeFont\b/.test(script)) lacking.push(`${page}.ts: behaviors without largeFont`);
      if (!/onShow\([^)]*\)[^{]*\{[^}]*syncLargeFont\(this\)/.test(script))
        lacking.push(`${page}.ts: onShow without syncLargeFont(this)`);
      if (!root.test(readFile(`${page}.wxml`))) lacking.push(`${page}.wxml: root view without page--large`);
    }
    expect(lacking).toEqual([]);
  });
});

/** A WXML file with the templates it imports (`<import src>`), whose components its page declares. */
function markupOf(file: string): string {
  const markup = readFile(file);
  const imported = [...markup.matchAll(/<import src="([^"]+)"/g)].map(([, src]) => {
    const parts = file.split('/').slice(0, -1);
    for (const part of src.split('/')) {
      if (part === '..') parts.pop();
      else if (part !== '.') parts.push(part);
    }
    return readFile(parts.join('/'));
  });
  return [markup, ...imported].join('\n');
}

describe('components: declared where used', () => {
  it('declares in each JSON only the components its WXML uses', () => {
    const unused: string[] = [];
    for (const json of listFiles(['.json']).filter((f) => f.endsWith('/index.json'))) {
      const using = (JSON.parse(readFile(json)) as { usingComponents?: Record<string, string> }).usingComponents ?? {};
      const wxml = json.replace(/\.json$/, '.wxml');
      if (!exists(wxml)) continue;
      const markup = markupOf(wxml);
      for (const tag of Object.keys(using)) if (!markup.includes(`<${tag}`)) unused.push(`${json}: ${tag}`);
    }
    expect(unused).toEqual([]);
  });
});

describe('handlers: every event named in WXML has its method', () => {
  it('finds each bind:/catch: handler in the script or in a behavior it uses', () => {
    const behaviors = listFiles(['.ts'])
      .filter((f) => f.startsWith('behaviors/'))
      .map(readFile)
      .join('\n');
    const missing: string[] = [];
    for (const wxml of listFiles(['index.wxml'])) {
      const script = readFile(wxml.replace(/\.wxml$/, '.ts')) + behaviors;
      for (const [, handler] of markupOf(wxml).matchAll(/\b(?:bind|catch):?[a-z-]+="(\w+)"/g))
        if (!new RegExp(`\\b${handler}\\(`).test(script)) missing.push(`${wxml}: ${handler}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('size: small modules', () => {
  it('keeps every page and component script within 350 lines', () => {
    const long = listFiles(['index.ts'])
      .map((file) => ({ file, lines: readFile(file).split('\n').length }))
      .filter((f) => f.lines > 350);
    expect(long).toEqual([]);
  });
});

/**
 * The WXSS → CSS conversion of `npm run screens` (no browser): the CSS must select the tree miniprogram-simulate
 * renders (prefixed classes, `wx-` tags, the page as body) at 375 px (1rpx = 0.5px).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MINIPROGRAM, TDESIGN, pageComponents } from '../screens/components';
import { iconCss, withoutFontGlyphs } from '../screens/icons';
import { rpxToPx } from '../screens/rpx';
import { SHOTS, selectShots } from '../screens/shots';
import { readWxss, scopeCss } from '../screens/wxss';

const scope = { prefix: 't-cell', hostTag: 't-cell' };
const squash = (css: string) => css.replace(/\s+/g, ' ').trim();

describe('rpxToPx', () => {
  it('halves rpx, negative and fractional values included, wherever they stand', () => {
    expect(rpxToPx('32rpx')).toBe('16px');
    expect(rpxToPx('-8rpx 0 1.5rpx')).toBe('-4px 0 0.75px');
    expect(rpxToPx('calc(100% - 24rpx)')).toBe('calc(100% - 12px)');
    expect(rpxToPx('var(--td-spacer, 16rpx)')).toBe('var(--td-spacer, 8px)');
  });

  it('leaves other units and words alone', () => {
    expect(rpxToPx('12px 2em 50%')).toBe('12px 2em 50%');
    expect(rpxToPx('url(a-2rpxs.png)')).toBe('url(a-2rpxs.png)');
  });
});

describe('scopeCss', () => {
  it('prefixes every class, also inside :not() and after combinators', () => {
    expect(squash(scopeCss('.a .b > .c:not(.d)::after { color: red }', scope))).toBe(
      '.t-cell--a .t-cell--b > .t-cell--c:not(.t-cell--d)::after { color: red }',
    );
  });

  it('renames built-in tags to the wx- elements, the page to body, :host to the host tag', () => {
    expect(squash(scopeCss('page { background: #f3f3f3 }', scope))).toBe('body { background: #f3f3f3 }');
    expect(squash(scopeCss('view.x text, button, scroll-view {}', scope))).toBe(
      'wx-view.t-cell--x wx-text, wx-button, wx-scroll-view {}',
    );
    expect(squash(scopeCss(':host { display: flex } :host(.on) .x {}', scope))).toBe(
      't-cell { display: flex } t-cell.t-cell--on .t-cell--x {}',
    );
  });

  it('converts rpx in declarations and media queries, not in selectors or keyframe steps', () => {
    const css = squash(
      scopeCss(
        '@media (min-width: 750rpx) { .w { width: 750rpx } } @keyframes spin { from { margin: 2rpx } 50% {} }',
        scope,
      ),
    );
    expect(css).toBe(
      '@media (min-width: 375px) { .t-cell--w { width: 375px } } @keyframes spin { from { margin: 1px } 50% {} }',
    );
  });

  it('drops @font-face (fonts come from the network) and keeps !important and decimals', () => {
    const css = squash(
      scopeCss('@font-face { font-family: t; src: url(https://x/t.woff) } .i { opacity: .5 !important }', scope),
    );
    expect(css).toBe('.t-cell--i { opacity: .5 !important }');
  });
});

describe('readWxss', () => {
  it('inlines @import relative to the importing file, each file once (cycles included)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screens-wxss-'));
    try {
      fs.mkdirSync(path.join(dir, 'common'));
      fs.writeFileSync(path.join(dir, 'common/base.wxss'), "@import '../page.wxss';.base{}");
      fs.writeFileSync(path.join(dir, 'page.wxss'), '@import "./common/base.wxss";\n.page{}');
      expect(readWxss(path.join(dir, 'page.wxss')).replace(/\s+/g, '')).toBe('.base{}.page{}');
      expect(readWxss(path.join(dir, 'missing.wxss'))).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('icons', () => {
  it('draws icons of TDesign’s font from tdesign-icons-svg, with a real viewBox, in the text colour', () => {
    const { css, missing } = iconCss('<wx-label class="t-icon--t-icon-home t-icon--t-icon-base"></wx-label>');
    expect(missing).toEqual([]);
    expect(css).toContain('.t-icon--t-icon-home::before{');
    expect(css).toContain('background-color:currentColor');
    const svg = decodeURIComponent(/url\("data:image\/svg\+xml,([^"]+)"\)/.exec(css)?.[1] ?? '');
    expect(svg).toContain('viewBox="0 0 24 24"');
    expect(svg).not.toContain('view-box');
  });

  it('leaves a name the font lacks empty, as a phone does, and reports it', () => {
    const { css, missing } = iconCss('<wx-label class="x--t-icon-gavel x--t-icon-base"></wx-label>');
    expect(css).toBe('');
    expect(missing).toEqual(['gavel']);
  });

  it('removes the font’s glyph rules and keeps the rest of the icon stylesheet', () => {
    const wxss = ".t-icon-base{display:block;}.t-icon-add:before{content:'\\E00D';}.t-icon{font-family:t!important;}";
    expect(withoutFontGlyphs(wxss)).toBe('.t-icon-base{display:block;}.t-icon{font-family:t!important;}');
  });
});

describe('the default screens', () => {
  interface AppJson {
    pages: string[];
    subPackages?: { root: string; pages: string[] }[];
  }
  const app = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM, 'app.json'), 'utf8')) as AppJson;
  const pages = [...app.pages, ...(app.subPackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))];

  it.each(SHOTS.map((s) => [s.name, s.page]))(
    '%s shoots a page of app.json (%s) whose components resolve',
    (_n, page) => {
      expect(pages).toContain(page);
      const components = pageComponents(page);
      expect(components[components.length - 1]).toMatchObject({ tag: 'main', tdesign: false });
      // TDesign's components are found in its miniprogram_dist (their host element is removed); ours are not TDesign's.
      expect(components.filter((c) => c.tdesign).every((c) => c.file.startsWith(TDESIGN))).toBe(true);
      expect(components.some((c) => c.tdesign)).toBe(true);
      expect(components.filter((c) => c.file.startsWith(MINIPROGRAM)).every((c) => !c.tdesign)).toBe(true);
    },
  );

  it('selects screens by name and refuses an unknown one', () => {
    expect(selectShots([]).length).toBe(SHOTS.length);
    expect(selectShots(['me']).map((s) => s.name)).toEqual(['me']);
    expect(() => selectShots(['nope'])).toThrow(/unknown screen nope/);
  });
});

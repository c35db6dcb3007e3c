/**
 * TDesign's icon font is fetched from a CDN at run time; the screens draw the same icons from the SVG files of
 * `tdesign-icons-svg` instead, as a mask in the icon's colour, 1em square where the glyph would be. Only names the
 * font of this TDesign version has are drawn: a name it lacks stays empty, as it does on a phone.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, TDESIGN } from './components';

const SVG_DIR = path.join(ROOT, 'node_modules/tdesign-icons-svg/src');

let fontNames: Set<string> | undefined;

/** The icon names of TDesign's icon font (`.t-icon-<name>:before` in icon/icon.wxss). */
export function fontIconNames(): Set<string> {
  if (!fontNames) {
    const wxss = fs.readFileSync(path.join(TDESIGN, 'icon/icon.wxss'), 'utf8');
    fontNames = new Set([...wxss.matchAll(/\.t-icon-([\w-]+):before\{/g)].map((m) => m[1]));
  }
  return fontNames;
}

/** TDesign's icon stylesheet without its glyph rules (`.t-icon-<name>:before{content:'\E001'}`): the SVG masks draw them. */
export function withoutFontGlyphs(wxss: string): string {
  return wxss.replace(/\.t-icon-[\w-]+:before\{content:'\\[0-9A-Fa-f]+';\}\s*/g, '');
}

/** The SVG of an icon as a data URL (the package writes `view-box`, which SVG does not know: `viewBox`). */
function svgDataUrl(name: string): string | null {
  const file = path.join(SVG_DIR, `${name}.svg`);
  if (!fs.existsSync(file)) return null;
  const svg = fs.readFileSync(file, 'utf8').replace(/\bview-box=/g, 'viewBox=');
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** The icons a rendered page uses, by their classes (`<prefix>--t-icon-<name>`), and the names it lacks. */
export function iconCss(html: string): { css: string; missing: string[] } {
  const known = fontIconNames();
  const rules: string[] = [];
  const missing = new Set<string>();
  const seen = new Set<string>();
  for (const [, cls, name] of html.matchAll(/\b([\w-]+--t-icon-([a-z0-9][a-z0-9-]*))\b/g)) {
    if (seen.has(cls) || name === 'base') continue;
    seen.add(cls);
    const url = known.has(name) ? svgDataUrl(name) : null;
    if (!url) {
      missing.add(name);
      continue;
    }
    const mask = `url("${url}") center / 100% 100% no-repeat`;
    rules.push(
      `.${cls}::before{content:"";display:inline-block;width:1em;height:1em;vertical-align:top;` +
        `background-color:currentColor;-webkit-mask:${mask};mask:${mask}}`,
    );
  }
  return { css: rules.join('\n'), missing: [...missing] };
}

/**
 * WXSS → CSS for the screens, matching the tree miniprogram-simulate renders: every class of a component is written
 * `<prefix>--<class>` (the prefix is the component's tag, `main` for the page), built-in tags are `wx-<tag>`, and
 * the page is the document's body. The screen is 375 px wide, where WeChat makes 750rpx the screen's width.
 */
import * as fs from 'fs';
import * as path from 'path';
import postcss, { type Root } from 'postcss';
import selectorParser from 'postcss-selector-parser';
import { rpxToPx } from './rpx';

/** WeChat's built-in components that WXSS can select by tag (rendered as `wx-<tag>`). */
const BUILT_IN_TAGS = new Set([
  'view',
  'text',
  'image',
  'button',
  'input',
  'textarea',
  'label',
  'navigator',
  'scroll-view',
  'swiper',
  'swiper-item',
  'icon',
  'rich-text',
  'progress',
  'checkbox',
  'checkbox-group',
  'radio',
  'radio-group',
  'switch',
  'slider',
  'picker',
  'picker-view',
  'picker-view-column',
  'form',
  'canvas',
  'video',
  'map',
  'movable-area',
  'movable-view',
  'cover-view',
  'cover-image',
]);

/** A WXSS file with its `@import`s inlined (paths relative to the importing file), each file read once. */
export function readWxss(file: string, seen = new Set<string>()): string {
  if (seen.has(file) || !fs.existsSync(file)) return '';
  seen.add(file);
  return fs
    .readFileSync(file, 'utf8')
    .replace(/@import\s+(?:"([^"]+)"|'([^']+)')\s*;/g, (_match, a?: string, b?: string) =>
      readWxss(path.resolve(path.dirname(file), a ?? b ?? ''), seen),
    );
}

export interface ScopeOptions {
  /** The class prefix of the component (miniprogram-simulate's tag name for it; `main` for the page). */
  prefix: string;
  /** The tag of the component's host element, for `:host`. */
  hostTag: string;
}

function scopeSelector(selector: string, { prefix, hostTag }: ScopeOptions): string {
  return selectorParser((root) => {
    const hosts = new Set<selectorParser.Node>();
    // `:host` → `tag`, `:host(.x)` → `tag.x` (its class prefixed below)
    root.walkPseudos((pseudo) => {
      if (pseudo.value !== ':host') return;
      const host = selectorParser.tag({ value: hostTag });
      hosts.add(host);
      pseudo.replaceWith(host, ...(pseudo.nodes[0]?.nodes ?? []).map((n) => n.clone()));
    });
    root.walk((node) => {
      if (node.type === 'class') node.value = `${prefix}--${node.value}`;
      else if (node.type === 'tag' && !hosts.has(node)) {
        if (node.value === 'page') node.value = 'body';
        else if (BUILT_IN_TAGS.has(node.value)) node.value = `wx-${node.value}`;
      }
    });
  }).processSync(selector);
}

/**
 * Scopes a stylesheet to one component: classes prefixed, built-in tags renamed, `page` → body, `:host` → the host
 * tag, rpx → px. `@font-face` rules are dropped (their fonts are fetched from the network, which screens never do:
 * the icon font is replaced by SVG icons, see icons.ts). Keyframe selectors are left alone.
 */
export function scopeCss(css: string, options: ScopeOptions): string {
  const root: Root = postcss.parse(css);
  root.walkAtRules('font-face', (rule) => {
    rule.remove();
  });
  root.walkRules((rule) => {
    const parent = rule.parent;
    if (parent?.type === 'atrule' && /keyframes$/i.test((parent as postcss.AtRule).name)) return;
    rule.selector = scopeSelector(rule.selector, options);
  });
  root.walkDecls((decl) => {
    decl.value = rpxToPx(decl.value);
  });
  root.walkAtRules((rule) => {
    rule.params = rpxToPx(rule.params);
  });
  return root.toString();
}

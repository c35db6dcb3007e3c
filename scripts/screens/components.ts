/**
 * The components a page renders, found from `usingComponents` the way miniprogram-simulate registers them (depth
 * first, each file once, under the tag its first user gives it — that tag is also its class prefix).
 */
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../..');
export const MINIPROGRAM = path.join(ROOT, 'miniprogram');
export const TDESIGN = path.join(ROOT, 'node_modules/tdesign-miniprogram/miniprogram_dist');

export interface ComponentStyle {
  /** Tag of the host element and class prefix (`main` for the page). */
  tag: string;
  /** The component's files without extension (`…/button/button`). */
  file: string;
  /** From TDesign: its host element is removed, as base library ≥ 2.19.2 does (virtualHost). */
  tdesign: boolean;
  /** Page and app styles also apply inside (`styleIsolation: apply-shared`/`shared`, `addGlobalClass`). */
  sharesPageStyles: boolean;
}

interface ComponentJson {
  usingComponents?: Record<string, string>;
  styleIsolation?: string;
}

function readJson(file: string): ComponentJson | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ComponentJson;
  } catch {
    return null;
  }
}

/** Where a `usingComponents` value points (as support/simulate.js maps it). */
function resolveComponent(value: string, fromDir: string): string {
  if (value.startsWith('tdesign-miniprogram/')) return path.join(TDESIGN, value.slice('tdesign-miniprogram/'.length));
  if (value.startsWith('/')) return path.join(MINIPROGRAM, value);
  return path.resolve(fromDir, value);
}

function sharesPageStyles(file: string, json: ComponentJson): boolean {
  if (json.styleIsolation === 'apply-shared' || json.styleIsolation === 'shared') return true;
  const source = [`${file}.ts`, `${file}.js`].find((f) => fs.existsSync(f));
  if (!source) return false;
  const code = fs.readFileSync(source, 'utf8');
  return /styleIsolation:\s*['"](apply-shared|shared)['"]/.test(code) || /addGlobalClass:\s*(true|!0)/.test(code);
}

/** The page (tag `main`) and every component under it; a component's children come before it. */
export function pageComponents(page: string): ComponentStyle[] {
  const out: ComponentStyle[] = [];
  const seen = new Set<string>();
  const visit = (file: string, tag: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const json = readJson(`${file}.json`);
    if (!json) throw new Error(`no component at ${path.relative(ROOT, file)}.json`);
    for (const [key, value] of Object.entries(json.usingComponents ?? {})) {
      const child = resolveComponent(value, path.dirname(file));
      if (fs.existsSync(`${child}.json`)) visit(child, key);
    }
    out.push({
      tag,
      file,
      tdesign: file.startsWith(TDESIGN + path.sep),
      sharesPageStyles: tag !== 'main' && sharesPageStyles(file, json),
    });
  };
  visit(path.join(MINIPROGRAM, page), 'main');
  return out;
}

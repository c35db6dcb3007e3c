/**
 * Every `usingComponents` path resolves to a component in a package the user may load. The compile checks this
 * too but stops at the first miss; this reports every one, with its line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { lineOf, subpackageOf, type Subpackage } from './project';
import type { CheckError } from './types';

interface ComponentJson {
  usingComponents?: Record<string, string>;
  componentPlaceholder?: Record<string, string>;
}

/** Where DevTools looks for a component path written in `fromDir` (all relative to the mini program root). */
export function componentCandidates(fromDir: string, target: string): string[] {
  if (target.startsWith('/')) return [target.slice(1)];
  const local = path.posix.join(fromDir, target);
  if (target.startsWith('.')) return [local];
  const npm: string[] = [];
  for (let dir = fromDir; ; dir = path.posix.dirname(dir)) {
    npm.push(path.posix.join(dir === '.' ? '' : dir, 'miniprogram_npm', target));
    if (dir === '.' || dir === '') break;
  }
  return [local, ...npm];
}

function resolveComponent(miniprogramDir: string, fromDir: string, target: string): string | undefined {
  for (const candidate of componentCandidates(fromDir, target)) {
    for (const base of [candidate, path.posix.join(candidate, 'index')]) {
      if (fs.existsSync(path.join(miniprogramDir, `${base}.json`))) return base;
    }
  }
  return undefined;
}

export function checkComponents(
  miniprogramDir: string,
  files: string[],
  miniprogramRoot: string,
  subpackages: Subpackage[],
): CheckError[] {
  const errors: CheckError[] = [];
  for (const file of files.filter((f) => f.endsWith('.json'))) {
    let json: ComponentJson;
    try {
      json = JSON.parse(fs.readFileSync(path.join(miniprogramDir, file), 'utf8')) as ComponentJson;
    } catch {
      continue; // not ours to judge: the compile reports JSON that does not parse
    }
    if (!json.usingComponents || typeof json.usingComponents !== 'object') continue;
    const fromDir = path.posix.dirname(file);
    const own = subpackageOf(file, subpackages);
    for (const [tag, target] of Object.entries(json.usingComponents)) {
      if (typeof target !== 'string' || /^plugin(-private)?:\/\//.test(target)) continue;
      const at = { source: 'components' as const, file: path.posix.join(miniprogramRoot, file) };
      const line = lineOf(path.join(miniprogramDir, file), `"${tag}"`);
      const resolved = resolveComponent(miniprogramDir, fromDir, target);
      if (!resolved) {
        errors.push({
          ...at,
          line,
          message: `usingComponents "${tag}": "${target}" is not a component (no .json found)`,
        });
        continue;
      }
      const theirs = subpackageOf(resolved, subpackages);
      if (theirs && theirs !== own && !json.componentPlaceholder?.[tag]) {
        errors.push({
          ...at,
          line,
          message: `usingComponents "${tag}": "${target}" is in subpackage "${theirs.name}", which ${
            own ? `subpackage "${own.name}"` : 'the main package'
          } cannot load (unless a componentPlaceholder makes it asynchronous)`,
        });
      }
    }
  }
  return errors;
}

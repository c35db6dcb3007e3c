/**
 * Every `require()` of the compiled JS finds a file that is uploaded, in a package that can load it: the main
 * package, or the requiring file's own subpackage. (Nothing checks this before a device does: a bad path only fails
 * at run time, with "module … is not defined".)
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { lineOf, subpackageOf, type Subpackage } from './project';
import type { CheckError } from './types';

export interface RequireCall {
  specifier: string;
  /** `require(path, callback)`: WeChat loads it asynchronously, so it may reach into another subpackage. */
  async: boolean;
}

/** String-literal `require("…")` calls of a JS file (dynamic ones cannot be checked; AMD `define` is not a require). */
export function requireCalls(code: string): RequireCall[] {
  const found: RequireCall[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'require' &&
      node.arguments.length >= 1 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, async: node.arguments.length > 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('compiled.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS));
  return found;
}

/**
 * The uploaded file a `require(specifier)` in `fromFile` loads, as WeChat's `require` finds it: a path relative to
 * the file (also when it does not start with `.`), or from the root with `/`, or else a package in the nearest
 * `miniprogram_npm/` up from the file.
 */
export function resolveRequire(fromFile: string, specifier: string, uploaded: Set<string>): string | undefined {
  const fromDir = path.posix.dirname(fromFile);
  const bases: string[] = [];
  if (specifier.startsWith('/')) bases.push(specifier.slice(1));
  else {
    bases.push(path.posix.join(fromDir, specifier));
    if (!specifier.startsWith('.')) {
      for (let dir = fromDir; ; dir = path.posix.dirname(dir)) {
        bases.push(path.posix.join(dir === '.' ? '' : dir, 'miniprogram_npm', specifier));
        if (dir === '.' || dir === '') break;
      }
    }
  }
  for (const base of bases) {
    for (const file of [base, `${base}.js`, `${base}/index.js`]) {
      if (file.endsWith('.js') && uploaded.has(file)) return file;
    }
  }
  return undefined;
}

/** The source of a compiled file in the staged mini program: `x.ts` for `x.js` when there is one. */
function sourceOf(miniprogramDir: string, compiled: string): string {
  const typescript = compiled.replace(/\.js$/, '.ts');
  return fs.existsSync(path.join(miniprogramDir, typescript)) ? typescript : compiled;
}

export interface RequireCheckOptions {
  /** Folder holding the compile result, and the staged source to point errors at. */
  compiledDir: string;
  uploaded: string[];
  miniprogramDir: string;
  miniprogramRoot: string;
  subpackages: Subpackage[];
}

export function checkRequires(options: RequireCheckOptions): CheckError[] {
  const { compiledDir, miniprogramDir, miniprogramRoot, subpackages } = options;
  const uploaded = new Set(options.uploaded);
  const errors: CheckError[] = [];
  for (const file of options.uploaded.filter((f) => f.endsWith('.js'))) {
    const own = subpackageOf(file, subpackages);
    for (const { specifier, async } of requireCalls(fs.readFileSync(path.join(compiledDir, file), 'utf8'))) {
      if (/^plugin(-private)?:\/\//.test(specifier)) continue;
      const resolved = resolveRequire(file, specifier, uploaded);
      const theirs = resolved && subpackageOf(resolved, subpackages);
      let problem: string | undefined;
      if (!resolved) problem = `require("${specifier}") finds no uploaded file`;
      else if (theirs && theirs !== own && !async) {
        problem = `require("${specifier}") loads ${resolved}, in subpackage "${theirs.name}", which ${
          own ? `subpackage "${own.name}"` : 'the main package'
        } cannot require`;
      }
      if (!problem) continue;
      const source = sourceOf(miniprogramDir, file);
      const line = lineOf(path.join(miniprogramDir, source), `'${specifier}'`, `"${specifier}"`);
      errors.push({ source: 'require', file: path.posix.join(miniprogramRoot, source), line, message: problem });
    }
  }
  return errors;
}

/**
 * WeChat's WXML and WXSS compilers (`wcc`, `wcsc`) over each package. The upload compile ships WXML as source (it is
 * compiled on the phone), so this is where a broken tag or expression shows up before a device does.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { lineOf, subpackageOf, type Subpackage } from './project';
import type { CheckError, CheckSource } from './types';

/** A compiler stops at the first error; after this many errors in one package the rest are not looked for. */
const MAX_ERRORS_PER_RUN = 20;

interface Diagnostic {
  file?: string;
  line: number;
  column?: number;
  message: string;
}

/** `pages/a/index.wxml:19:7: unexpected character `<`` */
export function parseWccErrors(stderr: string, miniprogramDir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const raw of stderr.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(.+?\.(?:wxml|wxs)):(\d+):(\d+):\s*(.*)$/.exec(line);
    if (m) out.push({ file: m[1], line: Number(m[2]), column: Number(m[3]), message: m[4] });
    else out.push({ line: 1, message: line });
  }
  return locateMissing(out, miniprogramDir);
}

/** `ERR: pages/a/index.wxss(3:58): unexpected `{` at pos 96` or ``ERR: path `./b.wxss` not found from `a.wxss`.`` */
export function parseWcscErrors(stderr: string, miniprogramDir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const raw of stderr.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('ERR:')) continue;
    const text = line.slice(4).trim();
    const located = /^(.+?\.wxss)\((\d+):(\d+)\):\s*(.*)$/.exec(text);
    const missing = /^path `(.+?)` not found from `(.+?)`/.exec(text);
    if (located)
      out.push({ file: located[1], line: Number(located[2]), column: Number(located[3]), message: located[4] });
    else if (missing)
      out.push({ file: missing[2], line: lineOf(path.join(miniprogramDir, missing[2]), missing[1]), message: text });
    else out.push({ line: 1, message: text });
  }
  return out;
}

/** wcc reports a missing `<import>`/`<wxs>` target at 1:1 of the importer: point at the line that names it. */
function locateMissing(diagnostics: Diagnostic[], miniprogramDir: string): Diagnostic[] {
  return diagnostics.map((d) => {
    const m = /^(\S+) not found from /.exec(d.message);
    if (!d.file || !m || d.line !== 1) return d;
    const line = lineOf(path.join(miniprogramDir, d.file), path.basename(m[1]));
    return { ...d, line, column: undefined };
  });
}

function sibling(file: string, ext: string): string {
  return file.replace(/\.[^./]+$/, ext);
}

function usingComponents(miniprogramDir: string, file: string): string[] {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(miniprogramDir, sibling(file, '.json')), 'utf8')) as {
      usingComponents?: Record<string, string>;
    };
    return Object.keys(json.usingComponents ?? {});
  } catch {
    return [];
  }
}

/** The arguments DevTools gives wcc: `-cc "<count> <page> <n> <tag>…"`, then the files. */
function wccArgs(miniprogramDir: string, files: string[]): string[] {
  const defines: string[] = [];
  let count = 0;
  for (const file of files.filter((f) => f.endsWith('.wxml'))) {
    const tags = usingComponents(miniprogramDir, file);
    if (tags.length === 0) continue;
    defines.push(file, String(tags.length), ...tags);
    count++;
  }
  return ['-d', '-cc', [count, ...defines].join(' '), ...files, '-gn', '$gwx'];
}

/** Page and component stylesheets (those with a sibling .json) first, counted by `-pc`; imported ones after. */
function wcscArgs(miniprogramDir: string, files: string[]): string[] {
  const isComponent = (f: string) => fs.existsSync(path.join(miniprogramDir, sibling(f, '.json')));
  const components = files.filter(isComponent);
  return ['-db', '-pc', String(components.length), ...components, ...files.filter((f) => !isComponent(f))];
}

/** The file a "not found" error of wcc or wcsc is about, relative to the mini program root. */
export function missingImport(message: string): string | undefined {
  const m = /^(\S+) not found from (\S+)/.exec(message) ?? /^path `(.+?)` not found from `(.+?)`/.exec(message);
  if (!m) return undefined;
  const [, target, from] = m;
  return target.startsWith('/') ? target.slice(1) : path.posix.join(path.posix.dirname(from), target);
}

interface Compiler {
  source: Extract<CheckSource, 'wcc' | 'wcsc'>;
  binary: string;
  extensions: string[];
  args: (miniprogramDir: string, files: string[]) => string[];
  parse: (stderr: string, miniprogramDir: string) => Diagnostic[];
}

/**
 * Compiles `files` (those of one package, plus the main package's when it is a subpackage: a subpackage may use
 * them); on an error, drops the file at fault and compiles again, to report each broken file, not only the first.
 */
function compileAll(compiler: Compiler, miniprogramDir: string, files: string[]): Diagnostic[] {
  const found: Diagnostic[] = [];
  const dropped = new Set<string>();
  let remaining = files.filter((f) => compiler.extensions.some((ext) => f.endsWith(ext)));
  while (remaining.length > 0 && found.length < MAX_ERRORS_PER_RUN) {
    const run = spawnSync(compiler.binary, compiler.args(miniprogramDir, remaining), {
      cwd: miniprogramDir,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (run.error) throw run.error;
    if (run.status === 0) break;
    const diagnostics = compiler.parse(run.stderr.toString('utf8'), miniprogramDir);
    if (diagnostics.length === 0) diagnostics.push({ line: 1, message: `exited with status ${run.status}` });
    // A file that imports a dropped one now fails with "not found": that is not a new error.
    const consequence = (d: Diagnostic) => {
      const target = missingImport(d.message);
      return target !== undefined && dropped.has(target);
    };
    found.push(...diagnostics.filter((d) => !consequence(d)));
    const atFault = new Set(diagnostics.map((d) => d.file).filter((f): f is string => !!f && remaining.includes(f)));
    if (atFault.size === 0) break;
    for (const f of atFault) dropped.add(f);
    remaining = remaining.filter((f) => !atFault.has(f));
  }
  return found;
}

export interface TemplateCheckOptions {
  wcc: string;
  wcsc: string;
  /** The staged mini program (npm packed) and the list of its files, relative to it. */
  miniprogramDir: string;
  files: string[];
  /** Prefix that makes a path relative to the mini program root relative to the project root. */
  miniprogramRoot: string;
  subpackages: Subpackage[];
}

export function checkTemplates(options: TemplateCheckOptions): CheckError[] {
  const { miniprogramDir, files, subpackages, miniprogramRoot } = options;
  const compilers: Compiler[] = [
    { source: 'wcc', binary: options.wcc, extensions: ['.wxml', '.wxs'], args: wccArgs, parse: parseWccErrors },
    { source: 'wcsc', binary: options.wcsc, extensions: ['.wxss'], args: wcscArgs, parse: parseWcscErrors },
  ];
  const mainFiles = files.filter((f) => !subpackageOf(f, subpackages));
  // A subpackage is compiled together with the main package (it may import its templates and styles), but reports
  // only its own files: the main package's are reported by the main package's run.
  const packages = [
    { visible: mainFiles, reports: () => true },
    ...subpackages.map((p) => {
      const own = new Set(files.filter((f) => f.startsWith(`${p.root}/`)));
      return { visible: [...own, ...mainFiles], reports: (file?: string) => !file || own.has(file) };
    }),
  ];
  const errors: CheckError[] = [];
  for (const compiler of compilers) {
    for (const pkg of packages) {
      for (const d of compileAll(compiler, miniprogramDir, pkg.visible)) {
        if (!pkg.reports(d.file)) continue;
        errors.push({
          source: compiler.source,
          file: path.posix.join(miniprogramRoot, d.file ?? 'app.json'),
          line: d.line,
          column: d.column,
          message: d.message,
        });
      }
    }
  }
  return errors;
}

/**
 * `<import src>` and `<include src>` resolve to a WXML file of the main package or the file's own subpackage. wcc
 * leaves them to run time (where a miss is only a console warning and an empty spot on the page), so they are
 * checked here; a `src` with `{{ }}` cannot be.
 */
export function checkTemplateImports(options: Omit<TemplateCheckOptions, 'wcc' | 'wcsc'>): CheckError[] {
  const { miniprogramDir, files, subpackages, miniprogramRoot } = options;
  const existing = new Set(files);
  const errors: CheckError[] = [];
  for (const file of files.filter((f) => f.endsWith('.wxml'))) {
    // Comments blanked out, newlines kept, so that positions still give lines.
    const text = fs
      .readFileSync(path.join(miniprogramDir, file), 'utf8')
      .replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
    const own = subpackageOf(file, subpackages);
    for (const m of text.matchAll(/<(import|include)\b[^>]*?\bsrc\s*=\s*(["'])([^"'{}]+)\2/g)) {
      const [, tag, , src] = m;
      const base = src.startsWith('/') ? src.slice(1) : path.posix.join(path.posix.dirname(file), src);
      const target = [base, `${base}.wxml`].find((f) => f.endsWith('.wxml') && existing.has(f));
      const theirs = target && subpackageOf(target, subpackages);
      let problem: string | undefined;
      if (!target) problem = `<${tag} src="${src}"> finds no WXML file`;
      else if (theirs && theirs !== own) {
        problem = `<${tag} src="${src}"> is in subpackage "${theirs.name}", which ${
          own ? `subpackage "${own.name}"` : 'the main package'
        } cannot use`;
      }
      if (!problem) continue;
      const line = text.slice(0, m.index).split('\n').length;
      errors.push({ source: 'import', file: path.posix.join(miniprogramRoot, file), line, message: problem });
    }
  }
  return errors;
}

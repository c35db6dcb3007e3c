import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkComponents } from '../check-mp/components';
import { buildWorker, compileError } from '../check-mp/compile';
import { checkMiniprogram, type CheckResult } from '../check-mp/index';
import { isPackIgnored, listFiles } from '../check-mp/project';
import { qualityFindings } from '../check-mp/quality';
import { checkRequires, requireCalls, resolveRequire } from '../check-mp/requires';
import { LIMITS, packageSizes, sizeErrors } from '../check-mp/sizes';
import {
  checkTemplateImports,
  checkTemplates,
  missingImport,
  parseWccErrors,
  parseWcscErrors,
} from '../check-mp/templates';
import { ensureToolchain, type Toolchain } from '../check-mp/toolchain';

const ROOT = path.resolve(__dirname, '../..');
const SUBPACKAGES = [{ name: 'grid', root: 'package-grid' }];

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-mp-test-'));
  tempDirs.push(dir);
  return dir;
}

/** Writes `files` (path → content) under a new temporary folder and returns it. */
function tree(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe('reading what WeChat tools print', () => {
  it('takes file, line and column from wcc', () => {
    expect(parseWccErrors('pages/a/index.wxml:19:7: expect end-tag `view`., near `text`\n', '.')).toEqual([
      { file: 'pages/a/index.wxml', line: 19, column: 7, message: 'expect end-tag `view`., near `text`' },
    ]);
  });

  it('points a missing <wxs> of wcc at the line that names it', () => {
    const dir = tree({ 'pages/a/index.wxml': '<view/>\n<wxs src="./gone.wxs" module="g" />\n' });
    const [d] = parseWccErrors('pages/a/index.wxml:1:1:./gone.wxs not found from pages/a/index.wxml', dir);
    expect(d).toMatchObject({ file: 'pages/a/index.wxml', line: 2 });
  });

  it('takes file, line and column from wcsc, and the importing line of a missing @import', () => {
    const dir = tree({ 'a.wxss': '.x {}\n@import "./gone.wxss";\n' });
    const stderr =
      'ERR: b.wxss(4:24): error at token `}`\nERR: path `./gone.wxss` not found from `a.wxss`.\n\nerror file count: 0\n';
    expect(parseWcscErrors(stderr, dir)).toEqual([
      { file: 'b.wxss', line: 4, column: 24, message: 'error at token `}`' },
      { file: 'a.wxss', line: 2, message: 'path `./gone.wxss` not found from `a.wxss`.' },
    ]);
  });

  it('locates a compile error by the position in its message, or by the usingComponents tag it names', () => {
    const stageDir = tree({ 'miniprogram/pages/a/index.json': '{\n  "usingComponents": {\n    "t-x": "x"\n  }\n}\n' });
    const dirs = { stageDir, miniprogramRoot: 'miniprogram' };
    expect(compileError({ message: '20:7:unexpected end tag: view', path: 'pages/a/index.wxml' }, dirs)).toEqual({
      source: 'compile',
      file: 'miniprogram/pages/a/index.wxml',
      line: 20,
      column: 7,
      message: 'unexpected end tag: view',
    });
    const json = compileError(
      {
        message: 'miniprogram/pages/a/index.json: ["usingComponents"]["t-x"]: "x", component not found\nmore',
        path: 'miniprogram/pages/a/index.json',
      },
      dirs,
    );
    expect(json).toMatchObject({ file: 'miniprogram/pages/a/index.json', line: 3 });
  });
});

describe('WXML and WXSS, package by package', () => {
  // Main package: a and b broken; c imports broken a (not an error of its own); d uses a subpackage's template.
  const files = {
    'pages/a/index.wxml': '<view>\n</text>\n',
    'pages/a/index.wxss': '.x { color: red; }}\n',
    'pages/b/index.wxml': '<view>\n<text>\n</view>\n',
    'pages/c/index.wxml': '<import src="../a/index.wxml"/>\n<view/>\n',
    'pages/d/index.wxml': '<!-- <import src="/nowhere.wxml"/> -->\n<import src="/package-grid/t/t.wxml"/>\n',
    'pages/shared.wxml': '<template name="s"><view/></template>\n',
    // Subpackage: may use the main package's template; its stylesheet imports a file that is not there.
    'package-grid/t/t.wxml': '<template name="t"><view/></template>\n',
    'package-grid/p/index.wxml': '<import src="/pages/shared.wxml"/>\n<view/>\n',
    'package-grid/p/index.wxss': '.y {}\n@import "./gone.wxss";\n',
  };
  let tools: Toolchain;
  beforeAll(
    () => {
      tools = ensureToolchain(ROOT, () => {});
    },
    20 * 60 * 1000,
  );

  it('reports every broken file of every package through wcc and wcsc, not only the first', () => {
    const dir = tree(files);
    const options = {
      miniprogramDir: dir,
      files: listFiles(dir),
      miniprogramRoot: 'miniprogram',
      subpackages: SUBPACKAGES,
    };
    const errors = checkTemplates({ ...options, wcc: tools.wcc, wcsc: tools.wcsc });
    expect(errors.map((e) => [e.source, e.file, e.line])).toEqual([
      ['wcc', 'miniprogram/pages/a/index.wxml', 2],
      ['wcc', 'miniprogram/pages/b/index.wxml', 3],
      ['wcsc', 'miniprogram/pages/a/index.wxss', 1],
      ['wcsc', 'miniprogram/package-grid/p/index.wxss', 2],
    ]);
  });

  it('reports a template import that reaches into a subpackage, which wcc leaves to run time', () => {
    const dir = tree(files);
    const errors = checkTemplateImports({
      miniprogramDir: dir,
      files: listFiles(dir),
      miniprogramRoot: 'miniprogram',
      subpackages: SUBPACKAGES,
    });
    expect(errors).toEqual([
      {
        source: 'import',
        file: 'miniprogram/pages/d/index.wxml',
        line: 2,
        message: '<import src="/package-grid/t/t.wxml"> is in subpackage "grid", which the main package cannot use',
      },
    ]);
  });

  it('tells which file a "not found" is about', () => {
    expect(missingImport('./x.wxs not found from pages/a/index.wxml')).toBe('pages/a/x.wxs');
    expect(missingImport('path `/common/y.wxss` not found from `pages/a/index.wxss`.')).toBe('common/y.wxss');
    expect(missingImport('unexpected character `<`')).toBeUndefined();
  });
});

describe('require() of the compiled code', () => {
  it('finds string requires, marks the asynchronous ones, and skips AMD define and dynamic requires', () => {
    const code =
      'define(["exports"],function(e){});var a=require("x"),b=require("y",function(){}),c=require(n),d=o.require("z");';
    expect(requireCalls(code)).toEqual([
      { specifier: 'x', async: false },
      { specifier: 'y', async: true },
    ]);
  });

  it('resolves like WeChat: relative even without ./, from / at the root, else the nearest miniprogram_npm up', () => {
    const uploaded = new Set([
      '@babel/runtime/helpers/typeof.js',
      'miniprogram_npm/dayjs/index.js',
      'miniprogram_npm/lib/miniprogram_npm/tslib/index.js',
      'miniprogram_npm/lib/a/a.js',
      'utils/x.js',
    ]);
    expect(resolveRequire('app.js', '@babel/runtime/helpers/typeof', uploaded)).toBe(
      '@babel/runtime/helpers/typeof.js',
    );
    expect(resolveRequire('pages/p/index.js', 'dayjs', uploaded)).toBe('miniprogram_npm/dayjs/index.js');
    expect(resolveRequire('miniprogram_npm/lib/a/a.js', 'tslib', uploaded)).toBe(
      'miniprogram_npm/lib/miniprogram_npm/tslib/index.js',
    );
    expect(resolveRequire('pages/p/index.js', '/utils/x', uploaded)).toBe('utils/x.js');
    expect(resolveRequire('pages/p/index.js', 'tslib', uploaded)).toBeUndefined();
  });

  it('fails a require that finds nothing or crosses into another package, at the line of the source', () => {
    const compiledDir = tree({
      'app.js': 'require("./utils/a");',
      'utils/a.js': '',
      'pages/p/index.js': 'require("../../utils/a");require("../../package-grid/g/index");require("../../utils/gone");',
      'package-grid/g/index.js': 'require("../../utils/a");require("../../package-grid/g/other",function(){});',
      'package-grid/g/other.js': '',
    });
    const miniprogramDir = tree({
      'pages/p/index.ts':
        "import { a } from '../../utils/a';\nimport { g } from '../../package-grid/g/index';\nimport '../../utils/gone';\n",
    });
    const errors = checkRequires({
      compiledDir,
      uploaded: listFiles(compiledDir),
      miniprogramDir,
      miniprogramRoot: 'miniprogram',
      subpackages: SUBPACKAGES,
    });
    expect(errors).toEqual([
      {
        source: 'require',
        file: 'miniprogram/pages/p/index.ts',
        line: 2,
        message: expect.stringContaining('in subpackage "grid", which the main package cannot require'),
      },
      {
        source: 'require',
        file: 'miniprogram/pages/p/index.ts',
        line: 3,
        message: 'require("../../utils/gone") finds no uploaded file',
      },
    ]);
  });
});

describe('usingComponents', () => {
  it('fails a path that is no component, or a component of another subpackage without a placeholder', () => {
    const dir = tree({
      'app.json': '{}',
      'components/c/index.json': '{ "component": true }',
      'miniprogram_npm/ui/button/button.json': '{ "component": true }',
      'package-grid/c/index.json': '{ "component": true }',
      'pages/p/index.json': JSON.stringify(
        {
          usingComponents: {
            'c-ok': '/components/c/index',
            'ui-button': 'ui/button/button',
            'c-gone': '../../components/gone/index',
            'c-sub': '/package-grid/c/index',
            'c-async': '/package-grid/c/index',
          },
          componentPlaceholder: { 'c-async': 'view' },
        },
        null,
        2,
      ),
    });
    const errors = checkComponents(dir, listFiles(dir), 'miniprogram', SUBPACKAGES);
    expect(errors).toEqual([
      expect.objectContaining({
        file: 'miniprogram/pages/p/index.json',
        line: 5,
        message: expect.stringContaining('"c-gone"'),
      }),
      expect.objectContaining({
        file: 'miniprogram/pages/p/index.json',
        line: 6,
        message: expect.stringContaining('subpackage "grid"'),
      }),
    ]);
  });
});

describe('sizes, packing rules and the code-quality check', () => {
  it('counts each package and fails one over its limit', () => {
    const packages = packageSizes({ 'app.js': 100, 'package-grid/a.js': LIMITS.subpackage + 1 }, SUBPACKAGES);
    expect(packages.map((p) => [p.name, p.bytes])).toEqual([
      ['main', 100],
      ['grid', LIMITS.subpackage + 1],
    ]);
    const stageDir = tree({
      'miniprogram/app.json': '{\n  "subPackages": [\n    { "root": "package-grid" }\n  ]\n}\n',
    });
    expect(sizeErrors(packages, { stageDir, miniprogramRoot: 'miniprogram' })).toEqual([
      expect.objectContaining({ source: 'size', file: 'miniprogram/app.json', line: 3 }),
    ]);
  });

  it("leaves out what the project's packOptions ignore", () => {
    const ignore = [
      { type: 'folder', value: 'test' },
      { type: 'suffix', value: '.test.ts' },
    ];
    expect(isPackIgnored('test/support/setup.js', ignore)).toBe(true);
    expect(isPackIgnored('pages/a/index.test.ts', ignore)).toBe(true);
    expect(isPackIgnored('pages/a/index.ts', ignore)).toBe(false);
  });

  it('fails a failed quality item, pointing at the setting, and keeps third-party findings as notes', () => {
    const stageDir = tree({ 'project.config.json': '{\n  "setting": {}\n}\n', 'miniprogram/app.json': '{}' });
    const { errors, notes } = qualityFindings(
      [
        { name: 'WXML_COMPRESS_OPEN', success: false, text: 'WXML compression is not turned on' },
        {
          name: 'CONTAINS_UNUSED_COMPONENTS',
          success: false,
          text: 'There are unused components: :',
          detail: ['miniprogram_npm/ui/cell-group/cell-group.json', 'components/old/index.json'],
        },
        { name: 'JS_COMPRESS_OPEN', success: true },
      ],
      { stageDir, miniprogramRoot: 'miniprogram' },
    );
    expect(errors).toEqual([
      expect.objectContaining({ file: 'project.config.json', line: 2, message: expect.stringContaining('minifyWXML') }),
      expect.objectContaining({ file: 'miniprogram/components/old/index.json', line: 1 }),
    ]);
    expect(notes).toEqual([expect.stringContaining('miniprogram/miniprogram_npm/ui/cell-group/cell-group.json')]);
  });
});

describe('the network guard preloaded into the compile', () => {
  it("fails miniprogram-ci's `request` calls at once and refuses any socket", async () => {
    const { guard } = await buildWorker(tempDir());
    // Port 9 of the loopback: without the guard this is a plain ECONNREFUSED, never a packet off the machine.
    const script = `
      require('request')({ url: 'http://127.0.0.1:9/list' }, (err) => {
        console.log('request: ' + err.message);
        try { require('http').get('http://127.0.0.1:9/'); } catch (e) { console.log('http: ' + e.message); }
      });`;
    const run = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, NODE_OPTIONS: `--require ${JSON.stringify(guard)}` },
      encoding: 'utf8',
    });
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      'request: check:mp refuses network access (http://127.0.0.1:9/list)',
      'http: check:mp refuses network access (socket connection)',
    ]);
  });
});

/**
 * One run of WeChat's compilers over a copy of the real mini program with three mistakes in it (the first run on a
 * machine also installs miniprogram-ci into node_modules/.cache/check-mp/, which takes minutes).
 */
describe('npm run check:mp on a broken copy of the mini program', () => {
  let miniprogramDir = '';
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'miniprogram/app.json'), 'utf8')) as { pages: string[] };
  const [brokenPage, otherPage] = app.pages;
  const expected = { wxml: 0, wxss: 0, json: 0 };
  let result: CheckResult;

  /** Appends `line` to a file of the copy and returns its line number. */
  function appendLine(file: string, line: string): number {
    const full = path.join(miniprogramDir, file);
    let text = fs.readFileSync(full, 'utf8');
    if (!text.endsWith('\n')) text += '\n';
    fs.writeFileSync(full, `${text}${line}\n`);
    return text.split('\n').length;
  }

  beforeAll(
    async () => {
      miniprogramDir = tempDir();
      fs.cpSync(path.join(ROOT, 'miniprogram'), miniprogramDir, {
        recursive: true,
        filter: (src) => path.basename(src) !== 'miniprogram_npm',
      });
      expected.wxml = appendLine(`${brokenPage}.wxml`, '<view class="check-mp-broken"></text>');
      expected.wxss = appendLine(`${brokenPage}.wxss`, '.check-mp-broken { color: red; }}');
      const jsonPath = path.join(miniprogramDir, `${otherPage}.json`);
      const json = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as { usingComponents?: Record<string, string> };
      json.usingComponents = { ...json.usingComponents, 'check-mp-gone': '/components/check-mp-gone/index' };
      const text = JSON.stringify(json, null, 2);
      fs.writeFileSync(jsonPath, text);
      expected.json = text.split('\n').findIndex((l) => l.includes('"check-mp-gone"')) + 1;
      result = await checkMiniprogram({ projectRoot: ROOT, miniprogramDir });
    },
    20 * 60 * 1000,
  );

  it('reports the broken tag from wcc with its file and line', () => {
    expect(result.errors).toContainEqual(
      expect.objectContaining({ source: 'wcc', file: `miniprogram/${brokenPage}.wxml`, line: expected.wxml }),
    );
  });

  it('reports the broken stylesheet from wcsc with its file and line', () => {
    expect(result.errors).toContainEqual(
      expect.objectContaining({ source: 'wcsc', file: `miniprogram/${brokenPage}.wxss`, line: expected.wxss }),
    );
  });

  it('reports the wrong usingComponents path with its file and line', () => {
    expect(result.errors).toContainEqual(
      expect.objectContaining({
        file: `miniprogram/${otherPage}.json`,
        line: expected.json,
        message: expect.stringContaining('check-mp-gone'),
      }),
    );
  });

  it('reports nothing in files that were not broken', () => {
    const broken = [`${brokenPage}.wxml`, `${brokenPage}.wxss`, `${otherPage}.json`].map((f) => `miniprogram/${f}`);
    expect(result.errors.filter((e) => !broken.includes(e.file))).toEqual([]);
  });
});

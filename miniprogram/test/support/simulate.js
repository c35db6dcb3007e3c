/**
 * miniprogram-simulate, adjusted for this project's page tests (loaded once per test file, inside the jsdom sandbox):
 * - npm-style `usingComponents` ("tdesign-miniprogram/button/button") and app-absolute ones ("/components/x/index")
 *   are mapped to real files, as DevTools does after "build npm";
 * - WXML is compiled with the official `wcc` compiler (TDesign needs `<wxs src>` and `<import>`), once per file,
 *   over this project's pages and TDesign's `miniprogram_dist`;
 * - WXSS is skipped (tests read text and attributes, not layout);
 * - a component whose module jest already cached is registered again from the definition it gave the first time,
 *   so a page can be loaded more than once in a file.
 */
/* global document */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '../../..');
const MINIPROGRAM = path.join(ROOT, 'miniprogram');
const TDESIGN = path.join(ROOT, 'node_modules/tdesign-miniprogram/miniprogram_dist');
const WCC = path.join(
  path.join(ROOT, 'node_modules/miniprogram-compiler'),
  process.platform === 'darwin'
    ? 'bin/mac/wcc'
    : process.platform === 'win32'
      ? 'bin/windows/wcc.exe'
      : 'bin/linux/wcc',
);

/** Where a `usingComponents` value points, as an absolute path without extension (relative values stay relative). */
function mapComponentPath(value) {
  if (value.startsWith('tdesign-miniprogram/')) return path.join(TDESIGN, value.slice('tdesign-miniprogram/'.length));
  if (value.startsWith('/')) return path.join(MINIPROGRAM, value);
  return value;
}

function listFiles(dir, ext, skip) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip.includes(entry.name)) out.push(...listFiles(full, ext, skip));
    } else if (entry.name.endsWith(ext)) out.push(full);
  }
  return out;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

let gwx = null;

/** Compiles every WXML file of the project and of TDesign into one `$gwx` function (about half a second). */
function compileAll() {
  const skip = ['node_modules', 'miniprogram_npm', 'test'];
  const wxml = [...listFiles(MINIPROGRAM, '.wxml', skip), ...listFiles(TDESIGN, '.wxml', ['miniprogram_npm'])];
  const wxs = [...listFiles(MINIPROGRAM, '.wxs', skip), ...listFiles(TDESIGN, '.wxs', ['miniprogram_npm'])];
  const rel = (f) => path.relative(ROOT, f).split(path.sep).join('/');
  const entries = [];
  for (const file of wxml) {
    const json = readJson(file.replace(/\.wxml$/, '.json'));
    const keys = Object.keys((json && json.usingComponents) || {});
    if (keys.length) entries.push([rel(file), keys.length, ...keys].join(' '));
  }
  const args = ['-d', '-cc', [entries.length, ...entries].join(' '), ...wxml.map(rel), ...wxs.map(rel), '-gn', '$gwx'];
  try {
    fs.chmodSync(WCC, 0o755);
  } catch {
    // read-only install: the binary is expected to be executable already
  }
  const res = spawnSync(WCC, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`wcc failed: ${res.error || res.stderr.toString()}`);
  return new Function(`${res.stdout.toString()}; return $gwx;`)();
}

const utils = require('miniprogram-simulate/src/utils');
const compile = require('miniprogram-simulate/src/compile');
const wxss = require('miniprogram-simulate/src/wxss');

const originalReadJson = utils.readJson;
utils.readJson = (file) => {
  const json = originalReadJson(file);
  if (!json || !file.endsWith('.json')) return json;
  const using = json.usingComponents || {};
  json.usingComponents = Object.fromEntries(Object.entries(using).map(([k, v]) => [k, mapComponentPath(v)]));
  return json;
};

compile.getWxml = (componentPath) => {
  if (!gwx) gwx = compileAll();
  const rel = `${path.relative(ROOT, componentPath).split(path.sep).join('/')}.wxml`;
  return gwx(rel);
};

wxss.getContent = () => '';
wxss.compile = () => '';

const simulate = require('miniprogram-simulate');
const exparser = require('miniprogram-exparser');

// Re-register cached component modules (see the header comment).
const definitions = new Map();
let loadingPath = null;
const registerComponent = global.Component;
global.Component = (options) => {
  if (loadingPath && !definitions.has(loadingPath)) definitions.set(loadingPath, cloneDefinition(options));
  registerComponent(options);
};
function cloneDefinition(options) {
  const relations = options.relations
    ? Object.fromEntries(Object.entries(options.relations).map(([k, v]) => [k, { ...v }]))
    : undefined;
  return { ...options, relations };
}
utils.runJs = (file) => {
  loadingPath = file;
  try {
    const known = definitions.get(file);
    require(file);
    if (known) registerComponent(cloneDefinition(known));
  } finally {
    loadingPath = null;
  }
};

const loaded = new Map();

/**
 * Renders a page or component of `miniprogram/` ("pages/home/index") attached to a document node, so that its
 * lifetimes run; the WXML of the project and TDesign is compiled on first use.
 */
function render(relPath, properties) {
  let id = loaded.get(relPath);
  if (!id) {
    // rootPath only resolves absolute usingComponents paths, which are absolute file paths after mapComponentPath.
    id = simulate.load(path.join(MINIPROGRAM, relPath), { rootPath: '/' });
    loaded.set(relPath, id);
  }
  const comp = simulate.render(id, properties);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

/**
 * Taps what the user sees: for a custom component (a TDesign button or cell) its first rendered element inside,
 * so that the component's own handler runs and emits what it emits (`tap`, `click`); for a native node, the node.
 */
function tap(rendered) {
  const inner = rendered.dom && Array.from(rendered.dom.children).find((el) => el.__wxElement);
  const target = inner ? inner.__wxElement : rendered._exparserNode;
  exparser.Event.dispatchEvent(
    target,
    exparser.Event.create(
      'tap',
      {},
      { bubbles: true, composed: true, capturePhase: true, extraFields: { touches: {}, changedTouches: {} } },
    ),
  );
}

module.exports = { render, tap, sleep: simulate.sleep };

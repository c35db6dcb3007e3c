/**
 * The mini program's own files, for the page tests that read them (the pages' TypeScript cannot import Node's fs):
 * paths relative to `miniprogram/`, without the test folder and installed packages.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const SKIP = ['test', 'miniprogram_npm', 'node_modules'];

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.includes(entry.name) ? [] : walk(full);
    return [full];
  });
}

/** Files whose names end with one of `endings`, as `pages/home/index.ts`. */
function listFiles(endings) {
  return walk(ROOT)
    .filter((file) => endings.some((ending) => file.endsWith(ending)))
    .map((file) => path.relative(ROOT, file).split(path.sep).join('/'));
}

function readFile(relPath) {
  return fs.readFileSync(path.join(ROOT, relPath), 'utf8');
}

function exists(relPath) {
  return fs.existsSync(path.join(ROOT, relPath));
}

/** The icon names of the installed TDesign's icon font: `.t-icon-<name>:before` in its icon stylesheet. */
function tdesignIconNames() {
  const file = path.join(ROOT, '../node_modules/tdesign-miniprogram/miniprogram_dist/icon/icon.wxss');
  const wxss = fs.readFileSync(file, 'utf8');
  return new Set([...wxss.matchAll(/\.t-icon-([\w-]+):before\{/g)].map((m) => m[1]));
}

module.exports = { listFiles, readFile, exists, tdesignIconNames };

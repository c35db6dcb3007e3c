import fs from 'node:fs';
import path from 'node:path';

/**
 * Page paths are written once, in `miniprogram/shared/routes.ts` (the mini program's own check is in
 * `miniprogram/test/structure.test.ts`). The functions put them into QR codes, door plates and notifications, and
 * must take them from there too.
 */
const ROOT = path.join(__dirname, '..');
const PAGE_LITERAL = /['"`]\/?(pages|package-grid|package-staff)\/[a-z-]+(\/[a-z-]+)*\/index/;

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

test('backend and cloud functions write no page path of their own', () => {
  const offenders = ['backend', 'cloudfunctions'].flatMap(sources).filter((file) => {
    return PAGE_LITERAL.test(fs.readFileSync(path.join(ROOT, file), 'utf8'));
  });
  expect(offenders).toEqual([]);
});

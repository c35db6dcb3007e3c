/**
 * `npm run screens [-- name…] [--full-page] [--out=dir] [--keep]`: screenshots of the mini program's pages without
 * WeChat DevTools.
 *
 * 1. jest renders each page of scripts/screens/shots.ts as its persona on the demo data, exactly as the page tests
 *    do (scripts/screens/jest.config.js → capture.ts), and writes the rendered trees to a work folder;
 * 2. each tree becomes an HTML document with the app's, page's and components' WXSS converted to CSS (document.ts);
 * 3. the system's headless Chromium shoots it at 375 × 812, device scale 2, into docs/screens/<name>.png (or
 *    `--out=dir`).
 *
 * Needs Chromium and the Noto CJK fonts (Debian: `apt-get install chromium fonts-noto-cjk`), and the built
 * functions (`npm run screens` builds them first). `--full-page` shoots whole pages instead of the first screen;
 * `--keep` keeps the work folder with the HTML documents.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Capture } from './screens/capture';
import { INSTALL_HINT, findChromium, hasCjkFont } from './screens/chromium';
import { ROOT } from './screens/components';
import { buildDocument } from './screens/document';
import { openScreen, shoot } from './screens/shoot';
import { selectShots } from './screens/shots';

const OUT_DIR = path.join(ROOT, 'docs/screens');
/**
 * Runs capture.ts under jest (scripts/screens/jest.config.js); resolves with jest's exit status. The pages run on
 * China time, as on the phones they are made for (times are shown in the device's zone).
 */
function renderPages(workDir: string, names: string[]): Promise<number | null> {
  const env = { ...process.env, TZ: 'Asia/Shanghai', SCREENS_DIR: workDir, SCREENS_ONLY: names.join(',') };
  const jest = spawn(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--config', path.join(__dirname, 'screens/jest.config.js')],
    { cwd: ROOT, stdio: 'inherit', env },
  );
  return new Promise((resolve, reject) => {
    jest.on('error', reject);
    jest.on('exit', (code) => resolve(code));
  });
}

function seconds(from: number, to = Date.now()): string {
  return `${((to - from) / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const keep = args.includes('--keep');
  const fullPage = args.includes('--full-page');
  const outArg = args.find((a) => a.startsWith('--out='));
  const outDir = outArg ? path.resolve(outArg.slice('--out='.length)) : OUT_DIR;
  const names = args.filter((a) => !a.startsWith('--'));
  const shots = selectShots(names);

  const chromium = findChromium();
  const missing = [chromium ? '' : 'Chromium', hasCjkFont() ? '' : 'the Noto CJK fonts'].filter(Boolean);
  if (!chromium || missing.length) {
    console.error(`npm run screens needs ${missing.join(' and ')}.\n${INSTALL_HINT}`);
    process.exit(1);
  }

  const started = Date.now();
  let rendered: number;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiliuzi-screens-'));
  try {
    console.log(`Rendering ${shots.length} page(s) in the page-test environment…`);
    // Chromium starts while jest renders.
    const [jest, opened] = await Promise.allSettled([renderPages(workDir, names), openScreen(chromium)]);
    if (opened.status === 'rejected') throw opened.reason;
    const screen = opened.value;
    try {
      if (jest.status === 'rejected' || jest.value !== 0) {
        throw new Error('rendering the pages failed (see jest’s output above)');
      }
      rendered = Date.now();
      fs.mkdirSync(outDir, { recursive: true });
      for (const shot of shots) {
        const capture = JSON.parse(fs.readFileSync(path.join(workDir, `${shot.name}.json`), 'utf8')) as Capture;
        const doc = buildDocument(capture);
        fs.writeFileSync(path.join(workDir, `${shot.name}.html`), doc.html);
        const file = path.join(outDir, `${shot.name}.png`);
        const warning = await shoot(screen, { html: doc.html, file, scrollTo: shot.scrollTo, fullPage });
        const notes = [
          doc.missingIcons.length ? `icons not in TDesign's font: ${doc.missingIcons.join(', ')}` : '',
          warning ?? '',
        ].filter(Boolean);
        console.log(
          `  ${path.relative(process.cwd(), file)}  ${shot.caption}${notes.length ? ` (${notes.join('; ')})` : ''}`,
        );
      }
    } finally {
      await screen.close();
    }
    const renderedIn = seconds(started, rendered);
    console.log(
      `${shots.length} screen(s) in ${seconds(started)} (rendered in ${renderedIn}, shot in ${seconds(rendered)})`,
    );
  } finally {
    if (keep) console.log(`HTML documents kept in ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

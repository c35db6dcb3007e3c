/**
 * Finds the system's Chromium (Debian's `chromium`, or CHROMIUM_PATH) and the Noto CJK fonts, for `npm run screens`
 * and the local cloud's console test, which drive it with playwright-core (no browser download).
 * `npx tsx scripts/screens/chromium.ts` prints the browser's path and exits 0 when both are there, 1 otherwise
 * (`.ci/run` installs them when it fails).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const INSTALL_HINT =
  'Install them (Debian/Ubuntu): sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk\n' +
  'or point CHROMIUM_PATH at a Chromium or Chrome binary.';

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** CHROMIUM_PATH if it exists, else the first of chromium, chromium-browser, google-chrome(-stable) on PATH. */
export function findChromium(): string | null {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return fs.existsSync(configured) ? configured : null;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = onPath(name);
    if (found) return found;
  }
  return null;
}

export function hasCjkFont(): boolean {
  const res = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return res.status === 0 && /Noto Sans CJK SC/.test(res.stdout);
}

if (require.main === module) {
  const chromium = findChromium();
  const fonts = hasCjkFont();
  if (chromium) console.log(chromium);
  if (!chromium || !fonts) {
    console.error(
      `missing: ${[chromium ? '' : 'Chromium', fonts ? '' : 'the Noto CJK fonts'].filter(Boolean).join(' and ')}`,
    );
    process.exit(1);
  }
}

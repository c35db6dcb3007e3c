/**
 * The browser half of `npm run screens`: each document in headless Chromium (the system's, driven by
 * playwright-core, which downloads no browser of its own), 375 × 812 at device scale 2, to PNG.
 */
import { chromium, type Page } from 'playwright-core';

export const VIEWPORT = { width: 375, height: 812 };
/** Status bar and navigation bar (chrome.css), plus room for a section title above the element scrolled to. */
const SCROLL_MARGIN = 88 + 48;

export interface ShotJob {
  html: string;
  file: string;
  /** A page class (unprefixed, as in the page's WXML) to scroll to the top of the screen. */
  scrollTo?: string;
  /** The whole page, as tall as it is, instead of the first screen. */
  fullPage?: boolean;
}

export interface Screen {
  page: Page;
  close(): Promise<void>;
}

/** One headless Chromium page with the phone's viewport and pixel ratio, reused for every shot. */
export async function openScreen(executablePath: string): Promise<Screen> {
  const browser = await chromium.launch({ executablePath, args: ['--hide-scrollbars', '--font-render-hinting=none'] });
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 2, isMobile: true });
    return { page: await context.newPage(), close: () => browser.close() };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** Shoots one document; returns a warning when something it was asked for could not be done. */
export async function shoot({ page }: Screen, job: ShotJob): Promise<string | undefined> {
  await page.setContent(job.html, { waitUntil: 'load' });
  // Expressions as strings: a function would be serialized from the compiled script, helpers and all.
  await page.waitForFunction('window.__SCREENS_READY__ !== undefined', undefined, { timeout: 15000 });
  const ready = await page.evaluate('window.__SCREENS_READY__');
  if (ready !== true) throw new Error(`${job.file}: ${String(ready)}`);
  // setContent keeps the previous document's scroll position.
  await page.evaluate('window.scrollTo(0, 0)');
  let warning: string | undefined;
  if (job.scrollTo && !job.fullPage) {
    const selector = JSON.stringify(`.main--${job.scrollTo}`);
    const found = await page.evaluate(
      `(() => { const el = document.querySelector(${selector}); if (!el) return false;` +
        ` window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - ${SCROLL_MARGIN}); return true; })()`,
    );
    if (!found) warning = `nothing matches .${job.scrollTo}: shot from the top`;
  }
  await page.screenshot({ path: job.file, fullPage: job.fullPage });
  return warning;
}

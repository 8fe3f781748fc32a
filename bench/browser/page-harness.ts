/**
 * The Node side the Chromium page benches (bench/quality-sampling.ts, bench/video-negotiation.ts) share: their
 * page script bundled with esbuild, Debian's Chromium launched headless with the call flags, a blank page
 * served by Playwright itself with the script added, and the run's bounds (a deadline, SIGINT/SIGTERM).
 */

import { join } from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { build, stop as stopEsbuild } from 'esbuild';
import { CHROMIUM, chromiumArgs } from '../../e2e/support/chromium';

/** bench/browser/<file> bundled into one script for the page, the workspace packages from their source. */
export async function bundlePage(file: string): Promise<string> {
  const out = await build({
    entryPoints: [join(import.meta.dirname, file)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    conditions: ['@calling/source'],
    logLevel: 'warning',
  });
  // esbuild's service is a child of this process: stopped before anything is measured.
  await stopEsbuild();
  const js = out.outputFiles[0]?.text;
  if (!js) throw new Error('esbuild wrote nothing');
  return js;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: chromiumArgs() });
}

export const ORIGIN = 'http://127.0.0.1:9';

/**
 * A blank page at ORIGIN/<name> (its title the name, dashes as spaces) with the bundled script js added; page
 * errors are printed, every page step times out after timeoutMs.
 */
export async function openPage(
  browser: Browser,
  js: string,
  { name, timeoutMs }: { name: string; timeoutMs: number },
): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeoutMs);
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  // Served by Playwright itself: no server, nothing on the network. 127.0.0.1 is a secure origin.
  await page.route(`${ORIGIN}/**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>${name.replaceAll('-', ' ')}</title>` }),
  );
  await page.goto(`${ORIGIN}/${name}`);
  await page.addScriptTag({ content: js });
  return page;
}

/**
 * Bounds a run: once deadlineMs passed, stop() runs and the process exits 2; on SIGINT or SIGTERM, the same
 * with 130. Returns what clears the deadline (for a run that ends on its own, before it calls stop()).
 */
export function boundRun(deadlineMs: number, stop: () => Promise<void>): () => void {
  const deadline = setTimeout(() => {
    console.error(`deadline (${deadlineMs / 1000} s) passed: stopping`);
    void stop().finally(() => process.exit(2));
  }, deadlineMs);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => void stop().finally(() => process.exit(130)));
  return () => clearTimeout(deadline);
}

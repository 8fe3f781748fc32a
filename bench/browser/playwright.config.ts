import { defineConfig } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from '../../e2e/support/chromium';

/**
 * The browser accept-time bench (accept-time.bench.ts): the e2e setup (real server, both built apps, coturn),
 * run inside a loopback-only network namespace, one worker. The server's per-socket event and call-attempt
 * limits are lifted (this measures connecting, 30 back-to-back calls would hit CALL_ATTEMPTS_PER_MIN=30);
 * E2E_SERVER_ENV set by the caller wins.
 */
process.env.E2E_SERVER_ENV ??= JSON.stringify({ SOCKET_EVENTS_PER_10S: '100000', CALL_ATTEMPTS_PER_MIN: '100000' });
const calls = Math.min(200, Math.max(1, Number(process.env.BENCH_CALLS ?? 30)));

export default defineConfig({
  testDir: '.',
  testMatch: /\.bench\.ts$/,
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  // Each call takes ~7 s (1 s ring, audio checked for 1 s, 3 s "ended" hold before idle); 30 s a call at most.
  timeout: 60_000 + calls * 30_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../test-results/bench-browser',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: CHROMIUM, args: chromiumArgs() },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});

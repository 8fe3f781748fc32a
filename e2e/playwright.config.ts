import { defineConfig } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from './support/chromium';

/** Runs inside a loopback-only network namespace (scripts/run-tests.mjs), with the real server and both apps. */
export default defineConfig({
  testDir: './tests',
  globalSetup: './support/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: '../.ci/out/e2e.json' }]],
  outputDir: '../test-results/e2e',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: CHROMIUM, args: chromiumArgs() },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});

#!/usr/bin/env node
// `npm run build:apps`: the web build of each Expo app into apps/<name>/dist (served by the server at /<name>/).
// `--missing` builds only apps that have no build yet (used by `npm start`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const APPS = ['user', 'provider'];
const expoEnv = { ...process.env, EXPO_OFFLINE: '1', EXPO_NO_TELEMETRY: '1', CI: '1' };

const onlyMissing = process.argv.includes('--missing');
let failed = false;
for (const app of APPS) {
  if (onlyMissing && existsSync(`apps/${app}/dist/index.html`)) continue;
  console.log(`\n=== web build of apps/${app} (base URL /${app})`);
  const r = spawnSync('npx', ['expo', 'export', '--platform', 'web', '--output-dir', 'dist'], {
    cwd: `apps/${app}`,
    env: expoEnv,
    stdio: 'inherit',
  });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
// `npm run build:apps`: the web build of each Expo app into apps/<name>/dist (served by the server at /<name>/).
// `--missing` builds only apps that have no build yet (used by `npm start`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';

const APPS = ['user', 'provider'];
const expoEnv = { ...process.env, EXPO_OFFLINE: '1', EXPO_NO_TELEMETRY: '1', CI: '1' };

const onlyMissing = process.argv.includes('--missing');
let failed = false;
for (const app of APPS) {
  if (onlyMissing && existsSync(`apps/${app}/dist/index.html`)) {
    if (!existsSync(`apps/${app}/dist/sw.js`)) await buildServiceWorker(app);
    continue;
  }
  console.log(`\n=== web build of apps/${app} (base URL /${app})`);
  const r = spawnSync('npx', ['expo', 'export', '--platform', 'web', '--output-dir', 'dist'], {
    cwd: `apps/${app}`,
    env: expoEnv,
    stdio: 'inherit',
  });
  if (r.status !== 0) failed = true;
  else if (nativeCodeIn(`apps/${app}/dist/_expo/static/js/web`)) {
    // react-native-webrtc in a web bundle gives a blank page: the platform pairs (*.web.ts / *.native.ts) broke.
    console.error(`apps/${app}: the web bundle contains react-native-webrtc or InCallManager`);
    failed = true;
  } else await buildServiceWorker(app);
}

/** The service worker both apps share (push ringing), beside the app's index.html so its scope is the app. */
async function buildServiceWorker(app) {
  await build({
    entryPoints: ['packages/app-shell/src/push/web/service-worker.ts'],
    bundle: true,
    format: 'iife',
    target: 'chrome110',
    minify: true,
    conditions: ['@calling/source'],
    outfile: `apps/${app}/dist/sw.js`,
    logLevel: 'warning',
  });
}

function nativeCodeIn(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .some((f) => /WebRTCModule|InCallManager/.test(readFileSync(`${dir}/${f}`, 'utf8')));
}
process.exit(failed ? 1 : 0);

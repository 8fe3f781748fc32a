#!/usr/bin/env node
// `npm start`: builds the server and what it imports (JavaScript only, a few seconds), builds the apps' web
// builds if they are missing, then runs the built server with node, which serves the apps at /user/ and
// /provider/ beside the API on one port.
import { spawn, spawnSync } from 'node:child_process';

for (const pkg of ['protocol', 'server']) {
  const built = spawnSync('npx', ['tsup', '--no-dts', '--silent'], { cwd: `packages/${pkg}`, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error(`packages/${pkg} failed to build`);
    process.exit(1);
  }
}
const apps = spawnSync('node', ['scripts/build-apps.mjs', '--missing'], { stdio: 'inherit' });
if (apps.status !== 0) console.error('the web apps failed to build: starting the server without them');

// In the server's folder, as before the build existed, so DATA_DIR (.data) is where earlier runs left it.
const server = spawn(process.execPath, ['dist/cli.js', ...process.argv.slice(2)], {
  cwd: 'packages/server',
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

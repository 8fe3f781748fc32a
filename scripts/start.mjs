#!/usr/bin/env node
// `npm start`: builds the apps' web builds if they are missing, then runs the server, which serves them at
// /user/ and /provider/ beside the API on one port.
import { spawn, spawnSync } from 'node:child_process';

const build = spawnSync('node', ['scripts/build-apps.mjs', '--missing'], { stdio: 'inherit' });
if (build.status !== 0) console.error('the web apps failed to build: starting the server without them');

const server = spawn('npm', ['run', 'start', '-w', '@calling/server', '--', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

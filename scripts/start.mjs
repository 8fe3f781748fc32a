#!/usr/bin/env node
// `npm start`: builds the apps' web builds if they are missing, then runs the server, which serves them at
// /user/ and /provider/ beside the API on one port.
import { spawnSync } from 'node:child_process';

const build = spawnSync('node', ['scripts/build-apps.mjs', '--missing'], { stdio: 'inherit' });
if (build.status !== 0) console.error('web apps failed to build: starting the server without them');
const server = spawnSync('npm', ['run', 'start', '-w', '@calling/server', '--', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(server.status ?? 1);

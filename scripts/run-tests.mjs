#!/usr/bin/env node
// `npm test`: lint, typecheck, then every test suite; WebRTC and browser suites run inside a loopback-only
// network namespace (they bind to every interface otherwise). Ends with one line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';

// Every process below runs this repository's packages from their TypeScript sources (tsx, Playwright, the
// processes tests start); the packaging suite clears it to use them as published.
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, '--conditions=@calling/source'].filter(Boolean).join(' ');
const out = '.ci/out';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args, opts = {}) {
  console.log(`\n=== ${label}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status === 0;
}
function check(label, cmd, args) {
  if (run(label, cmd, args)) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}
function vitest(label, projects, { namespaced = false } = {}) {
  const report = `${out}/${label}.json`;
  const args = [
    'vitest',
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${report}`,
  ];
  const ok = namespaced ? inNamespace(label, ['npx', ...args]) : run(label, 'npx', args);
  if (!existsSync(report)) {
    failed += 1;
    failures.push(`${label} (no report)`);
    return;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // A suite that failed to load counts as a failure even when no single test did.
  const broken = r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
  failed += broken;
  // Vitest fails a run whose tests all passed when errors escaped them (an uncaught exception, say): one more.
  if (!ok && !r.numFailedTests && !broken) failed += 1;
  if (!ok || r.numFailedTests || broken) failures.push(label);
}
/** Loopback-only network namespace: nothing a test starts can reach any other address. */
function inNamespace(label, command) {
  const isRoot = process.getuid?.() === 0;
  const quoted = command.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return run(label, 'unshare', [isRoot ? '-n' : '-rn', 'sh', '-c', `ip link set lo up && exec ${quoted}`]);
}
/** Does a project's test folder hold any *.test.ts (Node 20 has no fs.globSync)? */
const has = (dir) =>
  existsSync(dir) && readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.test.ts'));

check('lint', 'npx', ['biome', 'check', '.']);
check('typecheck', 'npm', ['run', 'typecheck', '--silent']);
vitest(
  'unit-and-integration',
  ['protocol', 'server', 'client', 'react', 'app-shell', 'host'].filter((p) => has(projectGlob(p))),
);
// Real processes behind HAProxy (kill -9, rolling restarts, Redis/PostgreSQL outages, the chaos soak), alone.
// npm run build, npm pack of every package, installed into an empty project and used there.
if (has(projectGlob('packaging'))) vitest('packaging', ['packaging']);
if (has(projectGlob('server-cluster'))) vitest('server-cluster', ['server-cluster']);
if (has(projectGlob('client-webrtc'))) vitest('client-webrtc', ['client-webrtc'], { namespaced: true });
if (existsSync('apps/user/package.json') && existsSync('apps/provider/package.json')) {
  // iOS/Android: both apps' native JS bundles compile and carry react-native-webrtc.
  check('native-export', 'node', ['scripts/native-export-check.mjs']);
  // iOS/Android: `expo prebuild` writes the call-push entitlements, manifest entries and AppDelegate code.
  check('native-prebuild', 'node', ['scripts/native-prebuild-check.mjs']);
  e2e();
}

/** Both apps' web builds, then Playwright in Chromium, all inside one loopback-only namespace. */
function e2e() {
  if (!run('build-apps', 'npm', ['run', 'build:apps'])) {
    failed += 1;
    failures.push('build-apps');
    return;
  }
  const report = `${out}/e2e.json`;
  const ok = inNamespace('e2e', ['npx', 'playwright', 'test', '-c', 'e2e/playwright.config.ts']);
  if (!existsSync(report)) {
    failed += 1;
    failures.push('e2e (no report)');
    return;
  }
  const { stats } = JSON.parse(readFileSync(report, 'utf8'));
  passed += stats.expected;
  failed += stats.unexpected + (stats.flaky ?? 0);
  // Playwright fails a run whose tests all passed when its setup or a worker broke: one more.
  if (!ok && !stats.unexpected && !stats.flaky) failed += 1;
  if (!ok || stats.unexpected) failures.push('e2e');
}

function projectGlob(name) {
  return {
    protocol: 'packages/protocol/test',
    server: 'packages/server/test',
    'server-cluster': 'packages/server/test/cluster',
    client: 'packages/client/test/unit',
    react: 'packages/react/test',
    'app-shell': 'packages/app-shell/test',
    'client-webrtc': 'packages/client/test/webrtc',
    packaging: 'test/packaging',
    host: 'packages/host/test',
  }[name];
}

console.log(`\n${failures.length ? `failed: ${failures.join(', ')}` : 'all suites green'}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

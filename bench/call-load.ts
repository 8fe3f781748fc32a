/**
 * What one call costs the server: P caller/callee pairs call back to back (closed loop, one call at a time per
 * pair, 17 client messages per call: see load/pair.ts) against, in turn, a bare Socket.io relay
 * (bare-relay.ts: the floor), the server on PostgreSQL and the server on embedded PGlite. The server (every
 * node) runs pinned to core 0, this load generator to core 1; CPU comes from /proc over the measured window.
 *
 *   npx tsx --conditions=@calling/source bench/call-load.ts --pairs 50 --seconds 20
 *   npx tsx --conditions=@calling/source bench/call-load.ts --targets postgres --nodes 2          # N nodes on PostgreSQL + Redis
 *   npx tsx --conditions=@calling/source bench/call-load.ts --targets pglite --profile            # + where the server's time goes
 *   npx tsx --conditions=@calling/source bench/call-load.ts --server-rev HEAD                     # the committed server, not the work tree
 *
 * Options: --pairs P (10) --seconds S (10) --warmup S (3) --calls N (stop the window after N calls)
 *   --targets relay,postgres,pglite  --nodes N (1)  --redis-url redis://127.0.0.1:6379/5 (FLUSHDB'd)
 *   --pg-url postgres://postgres@127.0.0.1:5432/postgres (a calling_bench_<random> database is made there
 *   and dropped)  --pg-synchronous-commit on|off (that database's setting; a diagnostic)
 *   --call-timeout MS (10000)  --profile [--profile-dir DIR]  --server-rev REV
 *   --wait-idle S (0: before each target, wait up to S s for the shared machine to be idle)
 *   --retries N (0: run a target again, up to N times, when other work ran during its window; the cleanest
 *   run is reported)  --rounds N (1: run the target list N times, interleaved, and report each target against
 *   the relay of its own round, median over the rounds)
 *
 * Bounded: every wait has a timeout, the whole run has a deadline, and every process it started is stopped
 * by PID at the end, on an error or on SIGINT/SIGTERM. Traffic stays on 127.0.0.1.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineBusy, pinSelf } from './load/cpu';
import { stopAll } from './load/procs';
import { againstRelay, foreignShare, notes, table, unclean } from './load/report';
import { exportServerTree } from './load/server-tree';
import { cleanups, runTarget, type TargetName, type TargetResult } from './load/targets';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..');

const { values: a } = parseArgs({
  options: {
    pairs: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    calls: { type: 'string' },
    targets: { type: 'string', default: 'relay,postgres,pglite' },
    nodes: { type: 'string', default: '1' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379/5' },
    'pg-url': {
      type: 'string',
      default: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    'call-timeout': { type: 'string', default: '10000' },
    'pg-synchronous-commit': { type: 'string' },
    profile: { type: 'boolean', default: false },
    'profile-dir': { type: 'string' },
    'server-rev': { type: 'string' },
    'wait-idle': { type: 'string', default: '0' },
    retries: { type: 'string', default: '0' },
    rounds: { type: 'string', default: '1' },
    'server-core': { type: 'string', default: '0' },
    'load-core': { type: 'string', default: '1' },
  },
  strict: true,
});

function bounded(name: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer from ${min} to ${max} (got ${raw})`);
    process.exit(2);
  }
  return n;
}

const pairs = bounded('pairs', a.pairs, 1, 500);
const seconds = bounded('seconds', a.seconds, 1, 300);
const warmupS = bounded('warmup', a.warmup, 0, 60);
const calls = a.calls === undefined ? null : bounded('calls', a.calls, 1, 1_000_000);
const nodes = bounded('nodes', a.nodes, 1, 8);
const callTimeoutMs = bounded('call-timeout', a['call-timeout'], 1_000, 60_000);
const serverCore = bounded('server-core', a['server-core'], 0, 255);
const loadCore = bounded('load-core', a['load-core'], 0, 255);
const waitIdleS = bounded('wait-idle', a['wait-idle'], 0, 600);
const retries = bounded('retries', a.retries, 0, 5);
const rounds = bounded('rounds', a.rounds, 1, 10);
const targets = (a.targets ?? '').split(',').map((t) => t.trim()) as TargetName[];
for (const t of targets) {
  if (!['relay', 'postgres', 'pglite'].includes(t)) {
    console.error(`--targets: unknown target ${t} (relay, postgres, pglite)`);
    process.exit(2);
  }
}
const pgSync = (a['pg-synchronous-commit'] ?? null) as 'on' | 'off' | null;
if (pgSync !== null && pgSync !== 'on' && pgSync !== 'off') {
  console.error('--pg-synchronous-commit must be on or off');
  process.exit(2);
}

pinSelf(loadCore);

let finishing = false;
async function cleanUpAll() {
  await stopAll();
  for (const fn of cleanups) await Promise.resolve(fn()).catch(() => {});
}
const onSignal = (sig: string) => {
  if (finishing) return;
  finishing = true;
  console.error(`\n${sig}: stopping what this bench started`);
  void cleanUpAll().finally(() => process.exit(130));
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

// The whole run's deadline: each target's window plus generous room for start-up, set-up and teardown.
const windowS = calls === null ? seconds : 300;
const deadlineMs = rounds * targets.length * (1 + retries) * (warmupS + windowS + 180 + waitIdleS) * 1000;
const watchdog = setTimeout(() => {
  console.error(`call-load: still running after ${deadlineMs / 1000} s: giving up`);
  onSignal('deadline');
}, deadlineMs);
watchdog.unref();

const tree = a['server-rev'] ? exportServerTree(repoRoot, a['server-rev']) : null;
if (tree) cleanups.add(() => tree.remove());
const profileDir = a.profile ? (a['profile-dir'] ?? mkdtempSync(join(tmpdir(), 'call-load-prof-'))) : null;

const git = (...args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', timeout: 5_000 }).trim();
  } catch {
    return '?';
  }
};
const head = git('rev-parse', '--short', 'HEAD');
const dirty = git('status', '--porcelain', '--', 'packages') !== '';
const serverSource = tree
  ? `commit ${tree.rev} (exported)`
  : `work tree at ${head}${dirty ? ' + uncommitted changes in packages/' : ''}`;
console.error(
  `call-load: ${pairs} pairs, warm-up ${warmupS} s, window ${calls === null ? `${seconds} s` : `${calls} calls`}, ` +
    `targets ${targets.join(', ')}${nodes > 1 ? `, ${nodes} nodes` : ''}; server on core ${serverCore}, ` +
    `load generator on core ${loadCore}; server from ${serverSource}`,
);

/** The machine's busy % (without this process) once it is idle, or when waitIdleS ran out. */
async function idleEnough(): Promise<number> {
  const until = Date.now() + waitIdleS * 1000;
  let quiet = 0;
  for (;;) {
    const busy = await machineBusy();
    quiet = busy < 10 ? quiet + 1 : 0;
    if (quiet >= 3 || Date.now() >= until || finishing) return busy;
  }
}

const results: TargetResult[] = [];
const byRound: TargetResult[][] = [];
try {
  // Rounds interleave the targets (relay, postgres, pglite, relay, ...): a host whose speed drifts over minutes
  // (a shared VM) then skews each round's targets alike, and the ratios within a round stay fair.
  for (let round = 0; round < rounds && !finishing; round++) {
    const these: TargetResult[] = [];
    for (const target of targets) {
      let best: TargetResult | null = null;
      for (let attempt = 0; attempt <= retries && !finishing; attempt++) {
        const r = await runOnce(target, attempt);
        if (!best || foreignShare(r) < foreignShare(best)) best = r;
        if (r.error || !unclean(r)) break;
        if (attempt < retries) console.error(`call-load: ${r.label}: other work ran during the window; again`);
      }
      if (best) {
        if (rounds > 1) best.label = `${best.label}, round ${round + 1}`;
        these.push(best);
      }
    }
    results.push(...these);
    byRound.push(these);
  }
} finally {
  await cleanUpAll();
}

async function runOnce(target: TargetName, attempt: number): Promise<TargetResult> {
  const busy = await idleEnough();
  console.error(
    `call-load: ${target}${attempt ? ` (try ${attempt + 1})` : ''}... (machine ${busy.toFixed(0)} % busy before it started)`,
  );
  if (busy > 15) console.error('call-load: WARNING: the machine is not idle; other work skews these numbers');
  const r = await runTarget(target, {
    pairs,
    warmupS,
    seconds,
    calls,
    callTimeoutMs,
    nodes,
    redisUrl: a['redis-url'] as string,
    pgAdminUrl: a['pg-url'] as string,
    pgSynchronousCommit: pgSync,
    serverCore,
    loadCore,
    serverRoot: tree?.root ?? repoRoot,
    benchDir,
    profileDir,
  });
  r.busyBefore = busy;
  if (r.error) console.error(`call-load: ${r.label} failed: ${r.error.split('\n')[0]}`);
  return r;
}

console.log(
  `\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}, server from ${serverSource}; ` +
    `window ${calls === null ? `${seconds} s` : `${calls} calls`} after ${warmupS} s warm-up.\n`,
);
console.log(table(results, pairs));
console.log(
  '\nsetup = call:initiate sent -> caller holds the answer and all 6 callee candidates and the callee the offer ' +
    'and all 6 caller candidates. CPU = utime+stime from /proc over the window, divided by the calls completed ' +
    'in it; database = the PostgreSQL cluster (postmaster and all its processes), plus the redis-server with --nodes N.',
);
if (rounds > 1 && targets.includes('relay')) console.log(`\n${againstRelay(byRound)}`);
const n = notes(results);
if (n) console.log(`\n${n}`);
if (profileDir)
  console.log(
    `\nCPU profiles under ${profileDir}: npx tsx --conditions=@calling/source bench/top-frames.ts <file.cpuprofile>`,
  );
process.exit(results.some((r) => r.error) || results.length < rounds * targets.length ? 1 : 0);

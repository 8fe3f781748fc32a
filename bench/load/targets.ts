/**
 * The three things measured: the bare relay, the server on PostgreSQL (one node, or N nodes sharing
 * PostgreSQL and Redis), the server on embedded PGlite. Each run starts its own processes pinned to the server
 * core, sets up its accounts, drives the load and stops everything it started, by PID, whatever happens.
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOURCE_CONDITION } from '@calling/server/testing';
import { drive, type Measured } from './drive';
import { launch, type Proc } from './procs';
import {
  accountsByRest,
  accountsBySql,
  createBenchDb,
  flushRedisDb,
  type PairAccounts,
  redisPid,
  relayAccounts,
} from './setup';

export type TargetName = 'relay' | 'postgres' | 'pglite';

export interface RunOptions {
  pairs: number;
  warmupS: number;
  seconds: number;
  calls: number | null;
  callTimeoutMs: number;
  nodes: number;
  redisUrl: string;
  pgAdminUrl: string;
  /** synchronous_commit for the benchmark database (null: the cluster's setting). */
  pgSynchronousCommit: 'on' | 'off' | null;
  serverCore: number;
  loadCore: number;
  /** Where the server's sources are run from (the repo, or an exported revision). */
  serverRoot: string;
  benchDir: string;
  /** --cpu-prof into this directory (one subdirectory per target), or null. */
  profileDir: string | null;
}

export interface TargetResult {
  label: string;
  target: TargetName;
  measured: Measured | null;
  /** The database CPU column when it is not measured separately. */
  dbNote: string | null;
  error: string | null;
  profiles: string[];
  /** The whole machine's busy % in the second before this target started. */
  busyBefore?: number;
}

/** Registered clean-ups (drop the database, remove temp dirs), run once at the end or on a signal. */
export const cleanups = new Set<() => Promise<void> | void>();

const serverEnv = (extra: Record<string, string>): Record<string, string | undefined> => {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'NODE_ID', 'NODE_OPTIONS', 'PORT', 'HOST', 'DATA_DIR', 'DEMO'])
    delete env[k];
  return {
    ...env,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    DEMO: 'off',
    SOCKET_EVENTS_PER_10S: '1000000',
    API_RATE_LIMIT_PER_MIN: '1000000',
    AUTH_RATE_LIMIT_PER_MIN: '1000000',
    MAX_CONNECTIONS_PER_IP: '1000000',
    NEW_CONNECTIONS_PER_IP_PER_S: '1000000',
    // Since the multi-node rewrite: a per-account cap on call attempts (30/min by default). Older servers
    // ignore variables they do not know.
    CALL_ATTEMPTS_PER_MIN: '1000000',
    ...extra,
  };
};

async function startServerNode(opts: RunOptions, name: string, env: Record<string, string>): Promise<Proc> {
  const prof = opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [];
  return launch({
    name,
    core: opts.serverCore,
    command: process.execPath,
    args: [...prof, SOURCE_CONDITION, '--import', 'tsx', 'packages/server/src/cli.ts'],
    cwd: opts.serverRoot,
    env: serverEnv(env),
    ready: /Private calling server: (http:\/\/\S+)/,
    timeoutMs: 60_000,
  });
}

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url}/readyz not ready within 15 s: ${last}`);
}

const profilesIn = (dir: string | null): string[] => {
  if (!dir) return [];
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
};

/** Runs one target from start to teardown; never throws: a failure is reported in the result. */
export async function runTarget(target: TargetName, opts: RunOptions): Promise<TargetResult> {
  const multi = target === 'postgres' && opts.nodes > 1;
  const pgLabel = `postgres${opts.pgSynchronousCommit ? ` (synchronous_commit ${opts.pgSynchronousCommit})` : ''}`;
  const label = target === 'postgres' ? (multi ? `${pgLabel}+redis, ${opts.nodes} nodes` : pgLabel) : target;
  const result: TargetResult = { label, target, measured: null, dbNote: null, error: null, profiles: [] };
  const procs: Proc[] = [];
  const local: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    await Promise.all(procs.map((p) => p.stop(opts.profileDir ? 30_000 : 10_000)));
    for (const fn of local.reverse()) await Promise.resolve(fn()).catch(() => {});
  };
  cleanups.add(cleanup);
  const profileDir = opts.profileDir ? join(opts.profileDir, target) : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  try {
    let accounts: PairAccounts[];
    let urls: (i: number) => { caller: string; callee: string };
    let postmasterPid: number | null = null;
    let dbTransactions: (() => Promise<number>) | undefined;
    let redisServerPid: number | null = null;
    if (target === 'relay') {
      const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
      const relay = await launch({
        name: 'bare relay',
        core: opts.serverCore,
        command: process.execPath,
        args: [...prof, SOURCE_CONDITION, '--import', 'tsx', join(opts.benchDir, 'bare-relay.ts')],
        cwd: opts.benchDir,
        env: serverEnv({}),
        ready: /bare relay listening on (http:\/\/\S+)/,
      });
      procs.push(relay);
      const url = relay.ready[1] as string;
      accounts = relayAccounts(opts.pairs);
      urls = () => ({ caller: url, callee: url });
    } else if (target === 'postgres') {
      const db = await createBenchDb(opts.pgAdminUrl, opts.pgSynchronousCommit);
      local.push(() => db.drop());
      postmasterPid = db.postmasterPid;
      dbTransactions = () => db.transactions();
      if (postmasterPid === null) result.dbNote = 'n/a (postmaster not found)';
      const secret = randomBytes(32).toString('hex');
      const dataDir = mkdtempSync(join(tmpdir(), 'call-load-'));
      local.push(() => rmSync(dataDir, { recursive: true, force: true }));
      // A dedicated Redis DB, emptied first, and a prefix of this run's own (for servers that support one).
      if (multi) {
        await flushRedisDb(opts.redisUrl);
        local.push(() => flushRedisDb(opts.redisUrl));
        redisServerPid = await redisPid(opts.redisUrl);
      }
      const redisPrefix = `callload-${randomBytes(3).toString('hex')}:`;
      const nodeUrls: string[] = [];
      for (let n = 0; n < opts.nodes; n++) {
        const env: Record<string, string> = { DATABASE_URL: db.url, JWT_SECRET: secret, DATA_DIR: dataDir };
        if (multi) Object.assign(env, { REDIS_URL: opts.redisUrl, REDIS_PREFIX: redisPrefix, NODE_ID: `node-${n}` });
        // Node 0 first and alone: it runs the migrations.
        const p = await startServerNode({ ...opts, profileDir }, multi ? `server node-${n}` : 'server', env);
        procs.push(p);
        const url = p.ready[1] as string;
        await waitReady(url);
        nodeUrls.push(url);
      }
      accounts = await accountsBySql(db.url, secret, opts.pairs);
      const N = nodeUrls.length;
      urls = (i) => ({ caller: nodeUrls[i % N] as string, callee: nodeUrls[(i + 1) % N] as string });
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'call-load-'));
      local.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const p = await startServerNode({ ...opts, profileDir }, 'server', {
        JWT_SECRET: randomBytes(32).toString('hex'),
        DATA_DIR: dataDir,
      });
      procs.push(p);
      const url = p.ready[1] as string;
      await waitReady(url);
      result.dbNote = 'in process';
      accounts = await accountsByRest(url, opts.pairs);
      urls = () => ({ caller: url, callee: url });
    }
    for (const p of procs) if (p.exited()) throw new Error(`${p.name} exited:\n${p.log().slice(-2_000)}`);
    const measured = await drive({
      mode: target === 'relay' ? 'relay' : 'server',
      urls,
      accounts,
      warmupS: opts.warmupS,
      seconds: opts.seconds,
      calls: opts.calls,
      callTimeoutMs: opts.callTimeoutMs,
      serverPids: procs.map((p) => p.pid),
      postmasterPid,
      serverCore: opts.serverCore,
      loadCore: opts.loadCore,
      dbTransactions,
      redisPid: redisServerPid,
    });
    result.measured = measured;
    if (measured.fatal) result.error = measured.fatal;
    const crashed = procs.find((p) => p.exited());
    if (crashed) result.error ??= `${crashed.name} exited during the run:\n${crashed.log().slice(-2_000)}`;
  } catch (err) {
    result.error = (err as Error).message;
  } finally {
    await cleanup();
    cleanups.delete(cleanup);
  }
  if (result.error && multi) {
    result.error =
      `multi-node mode failed: ${result.error}\n` +
      `  Each pair's caller is on node i and its callee on node (i+1) % ${opts.nodes}: the nodes must share ` +
      'call state and rooms through Redis (REDIS_URL, NODE_ID). A server that ignores REDIS_URL sees the callee ' +
      'as offline on the caller\'s node ("callee_offline").';
  }
  result.profiles = profilesIn(profileDir);
  return result;
}

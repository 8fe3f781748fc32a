import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { descendants, isAlive, signal } from './pids';

/** A process the launcher started and owns, with its own temp dir: the life cycle every part shares. */
export interface OwnedProcess {
  url: string;
  port: number;
  /** The process's PID (changes on restart). */
  readonly pid: number;
  dir: string;
  logPath: string;
  /** Graceful stop; resolves when it has exited. The dir stays (restart() may follow). */
  stop(): Promise<void>;
  /** SIGKILL, resolves when the process is gone. */
  kill(): Promise<void>;
  /** Stops (if running) and starts again on the same port (and data). */
  restart(): Promise<void>;
  /** Stops and removes the dir. Safe to call twice. */
  dispose(): Promise<void>;
}

/** restart() and dispose() of an owned process, from its own start() and stop(). */
export function restartAndDispose(what: string, dir: string, start: () => Promise<void>, stop: () => Promise<void>) {
  let disposed = false;
  return {
    async restart() {
      if (disposed) throw new Error(`${what} was disposed`);
      await stop();
      await start();
    },
    async dispose() {
      disposed = true;
      await stop();
      removeDir(dir);
    },
  };
}

/**
 * What the launcher started and has not cleaned up yet: PIDs and temp dirs. The exit hook SIGKILLs those PIDs
 * (and their children: PostgreSQL's) and removes the dirs, so a crashed test or CLI leaves nothing behind.
 */
const ownedPids = new Set<number>();
const ownedDirs = new Set<string>();
let hooked = false;
/** Set once a signal started the cleanup: whatever the startup still in flight spawns is killed at once. */
let reaping = false;

/** SIGKILL to every owned process and its children (found first: PostgreSQL's postmaster has some). */
function killOwned(): number[] {
  const pids = [...ownedPids].flatMap((pid) => [pid, ...descendants(pid)]);
  for (const pid of pids) signal(pid, 'SIGKILL');
  return pids;
}
function removeOwnedDirs() {
  for (const dir of ownedDirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // best effort: never let one dir keep the others
    }
  }
}
/** On 'exit' (synchronous): kill what is left, wait for it up to 2 s, remove the dirs. */
function reapSync() {
  const pids = killOwned();
  const deadline = Date.now() + 2000;
  const tick = new Int32Array(new SharedArrayBuffer(4));
  while (pids.some(isAlive) && Date.now() < deadline) Atomics.wait(tick, 0, 0, 20);
  removeOwnedDirs();
}
/**
 * On a fatal signal nobody else handles: the same, without blocking the event loop (tsx's parent process
 * SIGKILLs a child that does not acknowledge a signal within 30 ms), then exit as the signal would have.
 */
async function reapAndExit(sig: NodeJS.Signals) {
  reaping = true;
  const pids = killOwned();
  const deadline = Date.now() + 2000;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  process.exit(128 + (constants.signals[sig] ?? 0)); // 'exit' runs reapSync: late spawns, the dirs
}
function hook() {
  if (hooked) return;
  hooked = true;
  process.once('exit', reapSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      // Someone else (the CLI) handles it and stops the cluster; else this listener alone disabled the default.
      if (process.listenerCount(sig) > 1 || reaping) return;
      void reapAndExit(sig);
    });
  }
}
export function own(pid: number | undefined) {
  if (pid === undefined) return;
  hook();
  ownedPids.add(pid);
  if (reaping) signal(pid, 'SIGKILL');
}
export function disown(pid: number | undefined) {
  if (pid !== undefined) ownedPids.delete(pid);
}

/**
 * A directory for one component: `dir` if given (created), else a fresh one under the OS temp dir. Synchronous, so
 * it is registered for the exit hook in the same tick it is made.
 */
export async function makeDir(prefix: string, dir?: string): Promise<string> {
  if (reaping) throw new Error('the launcher is shutting down');
  hook();
  const path = dir ?? mkdtempSync(join(tmpdir(), `calling-${prefix}-`));
  if (dir) mkdirSync(dir, { recursive: true });
  ownedDirs.add(path);
  // Other users (postgres) must be able to reach subdirectories chowned to them.
  chmodSync(path, 0o755);
  return path;
}
export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  ownedDirs.delete(dir);
}

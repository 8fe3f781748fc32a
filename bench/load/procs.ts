/**
 * Processes the bench starts: each pinned with `taskset -c CORE` (which execs in place, so the PID is the
 * program's own), stopped by that PID only: SIGTERM, then SIGKILL after a grace period. Every process started
 * here is registered, so an error or a signal stops them all.
 */

import { type ChildProcess, spawn } from 'node:child_process';

export interface Proc {
  name: string;
  pid: number;
  /** The first match of `ready` in the process's output. */
  ready: RegExpExecArray;
  log(): string;
  exited(): boolean;
  /** SIGTERM, wait up to graceMs for the exit, then SIGKILL. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<Proc>();

export interface LaunchOptions {
  name: string;
  core: number;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** Printed by the program once it serves. */
  ready: RegExp;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function launch(opts: LaunchOptions): Promise<Proc> {
  const child: ChildProcess = spawn('taskset', ['-c', String(opts.core), opts.command, ...opts.args], {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const append = (d: unknown) => {
    log = (log + String(d)).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const exit = new Promise<void>((r) => child.once('exit', () => r()));
  const spawnError = new Promise<Error>((r) => child.once('error', r));
  const proc: Proc = {
    name: opts.name,
    pid: child.pid ?? -1,
    ready: null as unknown as RegExpExecArray,
    log: () => log,
    exited: gone,
    async stop(graceMs = 10_000) {
      running.delete(proc);
      if (gone() || !child.pid) return;
      child.kill('SIGTERM');
      await Promise.race([exit, sleep(graceMs)]);
      if (!gone()) {
        child.kill('SIGKILL');
        await Promise.race([exit, sleep(2_000)]);
      }
    },
  };
  running.add(proc);
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const m = opts.ready.exec(log);
    if (m) {
      proc.ready = m;
      return proc;
    }
    const failed = await Promise.race([spawnError, sleep(50).then(() => null)]);
    const why = failed
      ? `could not start: ${failed.message}`
      : gone()
        ? `exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready`
        : Date.now() > deadline
          ? `was not ready within ${opts.timeoutMs ?? 30_000} ms`
          : null;
    if (why) {
      await proc.stop(2_000);
      throw new Error(`${opts.name} ${why}:\n${log.slice(-3_000)}`);
    }
  }
}

/** Stops every process still running, by its PID. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop(5_000)));
}

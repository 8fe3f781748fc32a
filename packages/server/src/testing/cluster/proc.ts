import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer } from 'node:net';
import { disown, own } from './owned';
import { isAlive, signal } from './pids';

/** Child processes for the cluster launcher: every process is started, signalled and reaped by PID. */

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1: bind port 0, read the port, close. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (!address || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/** Thrown from a waitFor check: stop waiting now (the process being waited for has exited). */
export class GiveUp extends Error {}

/**
 * Polls `check` every `everyMs` until it returns a value other than undefined/false; throws after timeoutMs. A
 * check that throws counts as "not yet", unless it throws GiveUp.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs, everyMs = 50 }: { timeoutMs: number; everyMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      last = err;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(everyMs);
  }
}

/** Waits until every PID is gone; true if they all went within timeoutMs. */
export async function waitGone(pids: number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** Sends `sig`, waits up to graceMs, then SIGKILLs whatever is left and waits for that too. */
export async function terminate(pids: number[], sig: NodeJS.Signals, graceMs: number): Promise<void> {
  const live = pids.filter(isAlive);
  for (const pid of live) signal(pid, sig);
  if (await waitGone(live, graceMs)) return;
  for (const pid of live) signal(pid, 'SIGKILL');
  if (!(await waitGone(live, 5000))) throw new Error(`processes ${live.filter(isAlive).join(', ')} survived SIGKILL`);
}

export interface Child {
  child: ChildProcess;
  pid: number;
  /** Resolves when the process has exited (and was reaped). */
  exited: Promise<void>;
  running(): boolean;
}

/** Spawns `cmd` with stdout and stderr appended to logPath (written by the child itself, so nothing is lost). */
export async function spawnLogged(
  cmd: string,
  args: string[],
  opts: { logPath: string; env?: Record<string, string | undefined>; cwd?: string },
): Promise<Child> {
  const fd = openSync(opts.logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(cmd, args, {
      stdio: ['ignore', fd, fd],
      env: (opts.env ?? process.env) as NodeJS.ProcessEnv,
      cwd: opts.cwd,
    });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) {
    const err = await new Promise<Error>((r) => child.once('error', r));
    throw new Error(`could not start ${cmd}: ${err.message}`);
  }
  own(pid);
  child.on('error', () => {}); // a failed kill() on an exited child; exit state is tracked below
  let done = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      done = true;
      disown(pid);
      resolve();
    }),
  );
  return { child, pid, exited, running: () => !done };
}

/** Resolves true when the child exits within ms, false otherwise (it is left running). */
export function exitsWithin(c: Child, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    c.exited.then(() => true),
    new Promise<boolean>((r) => {
      timer = setTimeout(() => r(false), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The last `chars` characters of a log file. */
export async function tail(path: string, chars = 4000): Promise<string> {
  try {
    const f = await open(path, 'r');
    try {
      const { size } = await f.stat();
      const start = Math.max(0, size - chars);
      const buf = Buffer.alloc(size - start);
      await f.read(buf, 0, buf.length, start);
      return buf.toString('utf8');
    } finally {
      await f.close();
    }
  } catch {
    return '';
  }
}

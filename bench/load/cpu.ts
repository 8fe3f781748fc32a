/**
 * CPU accounting from /proc: a process's utime+stime (all its threads), a PostgreSQL cluster's (the postmaster,
 * every live child, and the children it already reaped), one core's busy share, and a process's system calls
 * for reads and writes.
 */

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;
/** `getconf CLK_TCK` (100 on Linux). */
export function clockTicks(): number {
  if (ticksPerSecond === null) {
    const out = execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim();
    ticksPerSecond = Number(out) > 0 ? Number(out) : 100;
  }
  return ticksPerSecond;
}

interface Stat {
  ppid: number;
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
}

/** /proc/<pid>/stat, or null if the process is gone. Fields after the `(comm)` that may hold spaces. */
export function readStat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // After ") ": state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17); index 0 here is field 3.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (field: number) => Number(f[field - 3]);
  return { ppid: n(4), utime: n(14), stime: n(15), cutime: n(16), cstime: n(17) };
}

/** utime+stime in ticks of one process, all threads (0 if it is gone). */
export function processTicks(pid: number): number {
  const s = readStat(pid);
  return s ? s.utime + s.stime : 0;
}

/**
 * The read and write system calls these processes made so far (/proc/<pid>/io syscr and syscw: every read,
 * write and writev, sockets included), 0 for one that is gone.
 */
export function ioCalls(pids: number[]): { reads: number; writes: number } {
  let reads = 0;
  let writes = 0;
  for (const pid of pids) {
    let text = '';
    try {
      text = readFileSync(`/proc/${pid}/io`, 'utf8');
    } catch {
      continue;
    }
    reads += Number(/^syscr: (\d+)/m.exec(text)?.[1] ?? 0);
    writes += Number(/^syscw: (\d+)/m.exec(text)?.[1] ?? 0);
  }
  return { reads, writes };
}

export function sumTicks(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + processTicks(pid), 0);
}

/**
 * A PostgreSQL cluster's CPU in ticks: the postmaster's own and its reaped children's (cutime+cstime), plus
 * every live child's (backends, checkpointer, WAL writer...). A backend that exits during a window moves from
 * "live" to the postmaster's cutime, so a difference of two readings stays right.
 */
export function clusterTicks(postmasterPid: number): number {
  const pm = readStat(postmasterPid);
  if (!pm) return 0;
  let total = pm.utime + pm.stime + pm.cutime + pm.cstime;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === postmasterPid) continue;
    const s = readStat(pid);
    if (s && s.ppid === postmasterPid) total += s.utime + s.stime;
  }
  return total;
}

/**
 * CPU of every user-space process that is not ours (not in `ours`, not the postmaster nor its children), with
 * the children they reaped (cutime+cstime), so short-lived processes count too. Kernel threads are left out.
 * A difference of two readings tells whether something else ran during a window.
 */
export function foreignTicks(ours: number[], postmasterPid: number | null): number {
  const mine = new Set([...ours, process.pid]);
  let total = 0;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === 2 || mine.has(pid) || pid === postmasterPid) continue;
    const s = readStat(pid);
    if (!s || s.ppid === 2 || (postmasterPid !== null && s.ppid === postmasterPid)) continue;
    total += s.utime + s.stime + s.cutime + s.cstime;
  }
  return total;
}

export interface CoreSample {
  busy: number;
  total: number;
  /** irq + softirq: kernel work charged to no process (on loopback, much of the network stack). */
  irq: number;
}

/** The `cpuN` line of /proc/stat (all cores: core null): busy = everything but idle and iowait. */
export function coreSample(core: number | null): CoreSample {
  const prefix = core === null ? 'cpu ' : `cpu${core} `;
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(prefix));
  if (!line) throw new Error(`no ${prefix.trim()} in /proc/stat`);
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total, irq: (v[5] ?? 0) + (v[6] ?? 0) };
}

export const busyPercent = (a: CoreSample, b: CoreSample) =>
  b.total > a.total ? (100 * (b.busy - a.busy)) / (b.total - a.total) : Number.NaN;

/** Pins every thread of this process to one core (new threads inherit it). */
export function pinSelf(core: number): void {
  execFileSync('taskset', ['-a', '-cp', String(core), String(process.pid)], { stdio: 'ignore', timeout: 5_000 });
}

/**
 * How busy the machine is (% of all cores), not counting this process, over ms milliseconds after a settling
 * second (so the previous target's teardown is over).
 */
export async function machineBusy(ms = 1_000): Promise<number> {
  await new Promise((r) => setTimeout(r, 1_000));
  const self = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const a = coreSample(null);
  const s0 = self();
  await new Promise((r) => setTimeout(r, ms));
  const b = coreSample(null);
  const hz = clockTicks();
  const cores = Math.max(1, (b.total - a.total) / hz / (ms / 1000));
  const foreign = (b.busy - a.busy) / hz - (self() - s0);
  return Math.max(0, (100 * foreign) / (ms / 1000) / cores);
}

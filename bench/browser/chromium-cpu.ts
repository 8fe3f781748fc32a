/**
 * Chromium's CPU from /proc: the utime+stime of every Chromium process under this one (the browser Playwright
 * launched here, its zygotes, renderer, GPU and utility processes), by process kind and by thread name, and
 * what else the machine ran, between two snapshots.
 */

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { clockTicks, coreSample, readStat } from '../load/cpu';

interface ProcSnap {
  pid: number;
  kind: string;
  ticks: number;
  /** Per thread name: ns on CPU (schedstat) of the threads alive now. */
  threads: Map<string, number>;
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** Chromium's process kind from its command line: browser, renderer, gpu-process, zygote, utility:<service>. */
function kindOf(pid: number): string {
  // A zygote's children rewrite their title (one string, spaces between the arguments).
  const args = (read(`/proc/${pid}/cmdline`) ?? '').split(/[\0 ]/);
  const type = args.find((x) => x.startsWith('--type='))?.slice(7);
  if (!type) return 'browser';
  if (type !== 'utility') return type;
  const sub = args.find((x) => x.startsWith('--utility-sub-type='))?.slice(19) ?? '';
  return `utility:${sub.replace(/\.mojom\..*$/, '').replace(/^.*\./, '')}`;
}

function threads(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const comm = read(`/proc/${pid}/task/${tid}/comm`)?.trim();
    const ns = Number(read(`/proc/${pid}/task/${tid}/schedstat`)?.split(' ')[0]);
    if (!comm || !Number.isFinite(ns)) continue;
    // Pools number their threads ("ThreadPoolForeg", "AudioOutputDevi"...): one name for all of them.
    const name = comm.replace(/\d+$/, '');
    out.set(name, (out.get(name) ?? 0) + ns);
  }
  return out;
}

/** Chromium's browser processes: this process's children running Chromium (Playwright starts it here). */
function isChromium(pid: number): boolean {
  try {
    return /chromium/.test(readlinkSync(`/proc/${pid}/exe`));
  } catch {
    return false;
  }
}

/** Every Chromium process: the browser this process started and every process under it. */
export function chromiumProcesses(): ProcSnap[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = readStat(pid);
    if (s) parent.set(pid, s.ppid);
  }
  const roots = new Set([...parent].filter(([pid, pp]) => pp === process.pid && isChromium(pid)).map(([pid]) => pid));
  const under = (pid: number) => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && hops < 64; p = parent.get(p), hops++) {
      if (roots.has(p)) return true;
    }
    return false;
  };
  const out: ProcSnap[] = [];
  for (const pid of parent.keys()) {
    if (!under(pid)) continue;
    const s = readStat(pid);
    if (s) out.push({ pid, kind: kindOf(pid), ticks: s.utime + s.stime, threads: threads(pid) });
  }
  return out;
}

export interface CpuSnapshot {
  at: number;
  procs: ProcSnap[];
  core: ReturnType<typeof coreSample>;
  self: number;
}

const selfS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export const cpuSnapshot = (): CpuSnapshot => ({
  at: performance.now(),
  procs: chromiumProcesses(),
  core: coreSample(null),
  self: selfS(),
});

export interface WindowCpu {
  wallS: number;
  /** Chromium's CPU over the window, seconds. */
  chromiumS: number;
  byKind: Record<string, number>;
  /** Seconds per "kind/thread name", threads alive at both ends. */
  byThread: Record<string, number>;
  /** Everything else busy on the machine (irq included), and this Node process, seconds. */
  otherS: number;
  benchS: number;
  /** Chromium processes that ended during the window (their CPU is lost): should be 0. */
  gone: number;
}

/** The CPU used between snapshots x and y. */
export function cpuBetween(x: CpuSnapshot, y: CpuSnapshot): WindowCpu {
  const hz = clockTicks();
  const before = new Map(x.procs.map((p) => [p.pid, p]));
  const byKind: Record<string, number> = {};
  const byThread: Record<string, number> = {};
  let chromiumS = 0;
  for (const p of y.procs) {
    const b = before.get(p.pid);
    const s = (p.ticks - (b?.ticks ?? 0)) / hz;
    chromiumS += s;
    byKind[p.kind] = (byKind[p.kind] ?? 0) + s;
    for (const [name, ns] of p.threads) {
      const was = b?.threads.get(name);
      if (b && was === undefined) continue;
      const key = `${p.kind}/${name}`;
      byThread[key] = (byThread[key] ?? 0) + (ns - (was ?? 0)) / 1e9;
    }
  }
  const alive = new Set(y.procs.map((p) => p.pid));
  const benchS = y.self - x.self;
  return {
    wallS: (y.at - x.at) / 1000,
    chromiumS,
    byKind,
    byThread,
    otherS: Math.max(0, (y.core.busy - x.core.busy) / hz - chromiumS - benchS),
    benchS,
    gone: x.procs.filter((p) => !alive.has(p.pid)).length,
  };
}

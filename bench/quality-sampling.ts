/**
 * What the client's quality sampling costs in Chromium (issue 14: under 1 % of one core per call). One page
 * holds N live voice calls, each a caller/receiver pair of RTCPeerConnections on loopback (fake microphone,
 * both ways, each end playing what it receives, the client's idle two-way video line negotiated;
 * bench/browser/quality-sampling-page.ts, bundled here with esbuild). The page runs, in turn within each round (the order rotates round to round):
 *   - "none": the calls without any monitor (the reference);
 *   - "1 s": the client's real QualityMonitor (@calling/client's source) on every peer connection at the
 *     default interval, as call-quality.ts runs it: each party samples its own connection, 2 monitors a call;
 *   - "100 ms" (--fast-ms, 0 drops it): the same at ten times the rate, so the cost of one sample stands
 *     out further from the machine's noise.
 * Over each window, Chromium's CPU is the utime+stime of every Chromium process under this one (browser, zygotes,
 * renderer, GPU, utility), from /proc. Cost per call = (CPU in a sampled window − CPU in the reference window
 * of the same round) / (wall time × N), % of one core; median over the rounds. The page also times every
 * sample with performance.now() (the synchronous getStats() call and the JavaScript from its report to
 * onSample): the main thread's share, a second view.
 *
 *   unshare -n sh -c 'ip link set lo up && exec npx tsx --conditions=@calling/source bench/quality-sampling.ts'   # as root
 *
 * Options: --calls N (10) --seconds S (20, each window) --rounds R (3) --settle S (3, after each switch)
 *   --fast-ms MS (100; 0: no fast mode) --json FILE (.ci/out/quality-sampling.json, or BENCH_OUT)
 *   --audio-only (no video line: by default each call carries the idle two-way video line the client offers)
 *
 * Bounded: every page step has a timeout, the whole run a deadline (the windows plus 90 s, at most 10 min);
 * the browser is closed at the end, on an error or on SIGINT/SIGTERM. Traffic stays on loopback.
 */

import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Browser, chromium, type Page } from '@playwright/test';
import { build, stop as stopEsbuild } from 'esbuild';
import { CHROMIUM, chromiumArgs } from '../e2e/support/chromium';
import type { Flow, Microbench, SampleTiming } from './browser/quality-sampling-page';
import { clockTicks, coreSample } from './load/cpu';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..');

const { values: a } = parseArgs({
  options: {
    calls: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    settle: { type: 'string', default: '3' },
    'fast-ms': { type: 'string', default: '100' },
    json: { type: 'string' },
    'audio-only': { type: 'boolean', default: false },
  },
});
const clamp = (v: string | undefined, lo: number, hi: number, def: number) => {
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : def;
};
const N = clamp(a.calls, 1, 50, 10);
const WINDOW_S = clamp(a.seconds, 2, 60, 20);
const ROUNDS = clamp(a.rounds, 1, 10, 3);
const SETTLE_S = clamp(a.settle, 0, 10, 3);
const FAST_MS = clamp(a['fast-ms'], 0, 1000, 100);
const INTERVAL_MS = 1000;
/** The app's calls carry an idle two-way video line (client peer-video.ts); --audio-only leaves it out. */
const VIDEO_LINE = !a['audio-only'];
const OUT = a.json ?? join(process.env.BENCH_OUT ?? join(repoRoot, '.ci', 'out'), 'quality-sampling.json');

interface Mode {
  name: string;
  intervalMs: number;
}
const MODES: Mode[] = [
  { name: 'none', intervalMs: 0 },
  { name: '1 s', intervalMs: INTERVAL_MS },
  ...(FAST_MS > 0 ? [{ name: `${FAST_MS} ms`, intervalMs: FAST_MS }] : []),
];
const DEADLINE_MS = Math.min(600_000, (5 + ROUNDS * MODES.length * (WINDOW_S + SETTLE_S) + 90) * 1000);

// --- CPU from /proc ---------------------------------------------------------------------------------------

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

/** ppid, utime+stime of /proc/<pid>/stat (fields after the "(comm)", which may hold spaces). */
function stat(pid: number): { ppid: number; ticks: number } | null {
  const text = read(`/proc/${pid}/stat`);
  if (!text) return null;
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
}

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
function tree(): ProcSnap[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
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
    const s = stat(pid);
    if (s) out.push({ pid, kind: kindOf(pid), ticks: s.ticks, threads: threads(pid) });
  }
  return out;
}

interface Snap {
  at: number;
  procs: ProcSnap[];
  core: ReturnType<typeof coreSample>;
  self: number;
}
const selfS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const snap = (): Snap => ({ at: performance.now(), procs: tree(), core: coreSample(null), self: selfS() });

interface WindowCpu {
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

function diff(x: Snap, y: Snap): WindowCpu {
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

// --- the page --------------------------------------------------------------------------------------------

type Qs = {
  __qs: {
    setup(arg: [number, boolean]): Promise<number>;
    monitors(ms: number): number;
    takeTiming(): SampleTiming;
    flow(): Promise<Flow>;
    microbench(iterations: number): Promise<Microbench>;
  };
};

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [join(benchDir, 'browser', 'quality-sampling-page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    conditions: ['@calling/source'],
    logLevel: 'warning',
  });
  // esbuild's service is a child of this process: stopped before anything is measured.
  await stopEsbuild();
  const js = out.outputFiles[0]?.text;
  if (!js) throw new Error('esbuild wrote nothing');
  return js;
}

const ORIGIN = 'http://127.0.0.1:9';

async function openPage(browser: Browser, js: string): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  // Served by Playwright itself: no server, nothing on the network. 127.0.0.1 is a secure origin.
  await page.route(`${ORIGIN}/**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>quality sampling</title>' }),
  );
  await page.goto(`${ORIGIN}/quality-sampling`);
  await page.addScriptTag({ content: js });
  return page;
}

// --- the run ---------------------------------------------------------------------------------------------

interface WindowResult {
  round: number;
  mode: string;
  intervalMs: number;
  cpu: WindowCpu;
  timing: SampleTiming;
  packetsPerS: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((p, q) => p - q);
  if (s.length === 0) return Number.NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const pct = (x: number, d = 2) => (Number.isFinite(x) ? `${x.toFixed(d)} %` : '–');

async function run(): Promise<void> {
  const js = await bundle();
  let browser: Browser | null = null;
  const stop = async () => {
    const b = browser;
    browser = null;
    await b?.close().catch(() => {});
  };
  const deadline = setTimeout(() => {
    console.error(`deadline (${DEADLINE_MS / 1000} s) passed: stopping`);
    void stop().finally(() => process.exit(2));
  }, DEADLINE_MS);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => void stop().finally(() => process.exit(130)));

  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: chromiumArgs() });
    const page = await openPage(browser, js);
    if (tree().length === 0) throw new Error('no Chromium process found under this one');
    // page.evaluate serializes each function into the page: it refers only to its argument and the page's __qs.
    const t0 = performance.now();
    const calls = await page.evaluate((n) => (window as unknown as Qs).__qs.setup(n), [N, VIDEO_LINE] as [
      number,
      boolean,
    ]);
    console.log(
      `${calls} calls up in ${((performance.now() - t0) / 1000).toFixed(1)} s (${2 * calls} peer connections)`,
    );
    await sleep(5_000);

    const results: WindowResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = MODES.map((_, i) => MODES[(i + r) % MODES.length] as Mode);
      for (const mode of order) {
        await page.evaluate((ms) => (window as unknown as Qs).__qs.monitors(ms), mode.intervalMs);
        await sleep(SETTLE_S * 1000);
        await page.evaluate(() => (window as unknown as Qs).__qs.takeTiming());
        const f0 = await page.evaluate(() => (window as unknown as Qs).__qs.flow());
        const s0 = snap();
        await sleep(WINDOW_S * 1000);
        const s1 = snap();
        const f1 = await page.evaluate(() => (window as unknown as Qs).__qs.flow());
        const timing = await page.evaluate(() => (window as unknown as Qs).__qs.takeTiming());
        if (f1.connected !== 2 * N) throw new Error(`only ${f1.connected} of ${2 * N} peer connections connected`);
        const cpu = diff(s0, s1);
        const packetsPerS = (f1.packetsReceived - f0.packetsReceived) / cpu.wallS;
        if (packetsPerS < 2 * N * 20) throw new Error(`audio is not flowing: ${packetsPerS.toFixed(0)} packets/s`);
        results.push({ round: r + 1, mode: mode.name, intervalMs: mode.intervalMs, cpu, timing, packetsPerS });
        console.log(
          `round ${r + 1} ${mode.name.padEnd(6)} chromium ${pct((100 * cpu.chromiumS) / cpu.wallS, 1)} of a core, ` +
            `${timing.samples} samples, other ${pct((100 * cpu.otherS) / cpu.wallS, 1)}, ${packetsPerS.toFixed(0)} packets/s in`,
        );
      }
    }
    await page.evaluate(() => (window as unknown as Qs).__qs.monitors(0));
    const micro = await page.evaluate((n) => (window as unknown as Qs).__qs.microbench(n), 50);
    report(results, micro);
  } finally {
    clearTimeout(deadline);
    await stop();
  }
}

function report(results: WindowResult[], micro: Microbench): void {
  const of = (round: number, mode: string) => results.find((w) => w.round === round && w.mode === mode);
  const core = (w: WindowResult) => (100 * w.cpu.chromiumS) / w.cpu.wallS;
  const fast = MODES[2]?.name;
  const rounds = [...new Set(results.map((w) => w.round))];

  const rows: string[] = [
    `| round | Chromium, no sampling | with sampling at 1 s | cost per call | page main thread per call | ${fast ? `with sampling at ${fast} | cost per sample (µs CPU) | ` : ''}other processes |`,
    `|---|---|---|---|---|${fast ? '---|---|' : ''}---|`,
  ];
  const perCall: number[] = [];
  const pagePerCall: number[] = [];
  const perSampleUs: number[] = [];
  for (const r of rounds) {
    const ref = of(r, 'none');
    const on = of(r, '1 s');
    const quick = fast ? of(r, fast) : undefined;
    if (!ref || !on) continue;
    const cost = (core(on) - core(ref)) / N;
    const page = (100 * (on.timing.callMs + on.timing.jsMs)) / 1000 / on.cpu.wallS / N;
    perCall.push(cost);
    pagePerCall.push(page);
    let fastCells = '';
    if (quick) {
      const us =
        ((quick.cpu.chromiumS / quick.cpu.wallS - ref.cpu.chromiumS / ref.cpu.wallS) * quick.cpu.wallS * 1e6) /
        Math.max(1, quick.timing.samples);
      perSampleUs.push(us);
      fastCells = `${pct(core(quick), 1)} (${quick.timing.samples} samples) | ${us.toFixed(0)} | `;
    }
    const other = [ref, on, quick]
      .filter((w): w is WindowResult => !!w)
      .map((w) => pct((100 * w.cpu.otherS) / w.cpu.wallS, 0));
    rows.push(
      `| ${r} | ${pct(core(ref), 1)} | ${pct(core(on), 1)} (${on.timing.samples} samples) | ${pct(cost)} | ${pct(page, 3)} | ${fastCells}${other.join(' / ')} |`,
    );
  }
  const cost = median(perCall);
  const page = median(pagePerCall);
  const us = median(perSampleUs);
  // Two monitors a call, one sample a second each.
  const fromFast = (2 * us * 100) / 1e6;

  // Where the extra CPU lands: the 1 s and fast windows against the reference of their round, by thread.
  /** Each thread's extra CPU against the reference (median of rounds), % of a core and µs per sample. */
  const where = (mode: string) => {
    const acc = new Map<string, number[]>();
    const rate: number[] = [];
    for (const r of rounds) {
      const ref = of(r, 'none');
      const on = of(r, mode);
      if (!ref || !on) continue;
      rate.push(on.timing.samples / on.cpu.wallS);
      const keys = new Set([...Object.keys(ref.cpu.byThread), ...Object.keys(on.cpu.byThread)]);
      for (const k of keys) {
        const d = (on.cpu.byThread[k] ?? 0) / on.cpu.wallS - (ref.cpu.byThread[k] ?? 0) / ref.cpu.wallS;
        acc.set(k, [...(acc.get(k) ?? []), 100 * d]);
      }
    }
    return [...acc.entries()]
      .map(([k, ds]) => [k, median(ds)] as const)
      .sort((p, q) => Math.abs(q[1]) - Math.abs(p[1]))
      .slice(0, 6)
      .map(
        ([k, d]) => `${k} ${d >= 0 ? '+' : ''}${d.toFixed(1)} % (${(((d / 100) * 1e6) / median(rate)).toFixed(0)} µs)`,
      )
      .join(', ');
  };
  const byKind = (mode: string) =>
    Object.entries(of(rounds[0] ?? 1, mode)?.cpu.byKind ?? {})
      .sort((p, q) => q[1] - p[1])
      .map(([k, s]) => `${k} ${pct((100 * s) / (of(rounds[0] ?? 1, mode)?.cpu.wallS ?? 1), 1)}`)
      .join(', ');
  const t = results.filter((w) => w.mode === '1 s').map((w) => w.timing);
  const sum = (f: (x: SampleTiming) => number) => t.reduce((s, x) => s + f(x), 0);
  const samples = sum((x) => x.samples);
  const levels: Record<string, number> = {};
  for (const x of t) for (const [k, v] of Object.entries(x.levels)) levels[k] = (levels[k] ?? 0) + v;

  const head =
    `Chromium ${CHROMIUM}, ${N} calls (${2 * N} peer connections${VIDEO_LINE ? ' with an idle two-way video line' : ', audio only'}, ${2 * N} monitors when sampling), ${ROUNDS} rounds of ` +
    `${WINDOW_S} s windows (settle ${SETTLE_S} s), CPU of all Chromium processes from /proc, % of one core.`;
  const notes = [
    `- Cost per call (both ends' monitors, as the brief's formula): median ${pct(cost)} of one core (rounds: ${perCall.map((x) => pct(x)).join(', ')}); per party (one monitor, what one browser pays): ${pct(cost / 2)}.`,
    fast
      ? `- From the ${fast} mode: ${us.toFixed(0)} µs of Chromium CPU per sample (rounds: ${perSampleUs.map((x) => x.toFixed(0)).join(', ')}), so ${pct(fromFast, 3)} of a core per call at 1 s.`
      : '',
    `- Page side (performance.now() around each sample), 1 s windows: ${samples} samples, per sample ` +
      `getStats() call ${((1000 * sum((x) => x.callMs)) / Math.max(1, samples)).toFixed(0)} µs, JS on the report ` +
      `${((1000 * sum((x) => x.jsMs)) / Math.max(1, samples)).toFixed(0)} µs (slowest ${Math.max(...t.map((x) => x.maxMainMs)).toFixed(2)} ms), ` +
      `wait for the report ${(sum((x) => x.waitMs) / Math.max(1, samples)).toFixed(2)} ms (wall); main thread ${pct(page, 3)} of a core per call.`,
    `- One report (one connection, ${micro.iterations} reports 60 ms apart): ${micro.entries} entries (${Object.entries(
      micro.types,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}); getStats() ${micro.getStatsWallMs.toFixed(2)} ms wall each, statsMap ${(1000 * micro.statsMapMs).toFixed(0)} µs, qualitySample ${(1000 * micro.qualitySampleMs).toFixed(1)} µs.`,
    `- Where the extra CPU lands, by process/thread (median of rounds against the reference, % of a core for all ${N} calls, and µs a sample): 1 s: ${where('1 s')}` +
      (fast ? `; ${fast}: ${where(fast)}` : '') +
      '.',
    `- Chromium by process, round 1 reference: ${byKind('none')}.`,
    `- Levels seen: ${JSON.stringify(levels)}; Chromium processes gone mid-window: ${results.reduce((s, w) => s + w.cpu.gone, 0)}.`,
  ].filter((l) => l !== '');
  const met = cost < 1 && !(fast && !(fromFast < 1));
  const range = `${pct(Math.min(...perCall))} to ${pct(Math.max(...perCall))}`;
  const verdict =
    `Verdict: ${met ? 'under the 1 % bar (met)' : 'NOT under the 1 % bar'}: sampling at 1 s measured ${pct(cost)} of one core ` +
    `per call directly (median of ${perCall.length} rounds, ${range})` +
    (fast ? `; ${pct(fromFast, 3)} per call from the ${fast} mode's ${us.toFixed(0)} µs a sample.` : '.');
  const text = [head, '', ...rows, '', ...notes, '', verdict].join('\n');
  console.log(`\n${text}`);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(
    OUT,
    JSON.stringify({ calls: N, windowS: WINDOW_S, rounds: ROUNDS, results, micro, cost, page, us }, null, 2),
  );
  console.log(`\n(${OUT})`);
}

run().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});

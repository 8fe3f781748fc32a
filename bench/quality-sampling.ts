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

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from '@playwright/test';
import { chromiumProcesses, cpuBetween, cpuSnapshot } from './browser/chromium-cpu';
import { boundRun, bundlePage, launchChromium, openPage } from './browser/page-harness';
import { BENCH_OUT } from './browser/paths';
import type { QualitySamplingApi } from './browser/quality-sampling-page';
import { percent, report, type WindowResult } from './browser/quality-sampling-report';
import { clamp } from './options';

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
const N = clamp(a.calls, 1, 50, 10);
const WINDOW_S = clamp(a.seconds, 2, 60, 20);
const ROUNDS = clamp(a.rounds, 1, 10, 3);
const SETTLE_S = clamp(a.settle, 0, 10, 3);
const FAST_MS = clamp(a['fast-ms'], 0, 1000, 100);
const INTERVAL_MS = 1000;
/** The app's calls carry an idle two-way video line (client peer-video.ts); --audio-only leaves it out. */
const VIDEO_LINE = !a['audio-only'];
const OUT = a.json ?? join(BENCH_OUT, 'quality-sampling.json');

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

/** The page's functions, as page.evaluate reaches them. */
type Qs = { __qs: QualitySamplingApi };

// --- the run ---------------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(): Promise<void> {
  const js = await bundlePage('quality-sampling-page.ts');
  let browser: Browser | null = null;
  const stop = async () => {
    const b = browser;
    browser = null;
    await b?.close().catch(() => {});
  };
  const clearDeadline = boundRun(DEADLINE_MS, stop);

  try {
    browser = await launchChromium();
    const page = await openPage(browser, js, { name: 'quality-sampling', timeoutMs: 60_000 });
    if (chromiumProcesses().length === 0) throw new Error('no Chromium process found under this one');
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
        const s0 = cpuSnapshot();
        await sleep(WINDOW_S * 1000);
        const s1 = cpuSnapshot();
        const f1 = await page.evaluate(() => (window as unknown as Qs).__qs.flow());
        const timing = await page.evaluate(() => (window as unknown as Qs).__qs.takeTiming());
        if (f1.connected !== 2 * N) throw new Error(`only ${f1.connected} of ${2 * N} peer connections connected`);
        const cpu = cpuBetween(s0, s1);
        const packetsPerS = (f1.packetsReceived - f0.packetsReceived) / cpu.wallS;
        if (packetsPerS < 2 * N * 20) throw new Error(`audio is not flowing: ${packetsPerS.toFixed(0)} packets/s`);
        results.push({ round: r + 1, mode: mode.name, intervalMs: mode.intervalMs, cpu, timing, packetsPerS });
        console.log(
          `round ${r + 1} ${mode.name.padEnd(6)} chromium ${percent((100 * cpu.chromiumS) / cpu.wallS, 1)} of a core, ` +
            `${timing.samples} samples, other ${percent((100 * cpu.otherS) / cpu.wallS, 1)}, ${packetsPerS.toFixed(0)} packets/s in`,
        );
      }
    }
    await page.evaluate(() => (window as unknown as Qs).__qs.monitors(0));
    const micro = await page.evaluate((n) => (window as unknown as Qs).__qs.microbench(n), 50);
    report(results, micro, {
      calls: N,
      rounds: ROUNDS,
      windowS: WINDOW_S,
      settleS: SETTLE_S,
      videoLine: VIDEO_LINE,
      fast: MODES[2]?.name,
      out: OUT,
    });
  } finally {
    clearDeadline();
    await stop();
  }
}

run().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});

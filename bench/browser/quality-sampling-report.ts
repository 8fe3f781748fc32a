/**
 * The report of bench/quality-sampling.ts: per round, Chromium's CPU without sampling, with sampling at 1 s
 * (and at the fast interval) and the cost per call; the notes under the table (the page's own timing of each
 * sample, one report's size and cost, where the extra CPU lands by thread); the verdict against the 1 % bar.
 * Printed, and written with every window's numbers as JSON.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CHROMIUM } from '../../e2e/support/chromium';
import { median } from '../stats';
import type { WindowCpu } from './chromium-cpu';
import type { Microbench, SampleTiming } from './quality-sampling-page';

/** One mode's measured window in one round. */
export interface WindowResult {
  round: number;
  mode: string;
  intervalMs: number;
  cpu: WindowCpu;
  timing: SampleTiming;
  packetsPerS: number;
}

/** What the run was: its options, and the fast mode's name (none: no fast mode). */
export interface RunShape {
  calls: number;
  rounds: number;
  windowS: number;
  settleS: number;
  videoLine: boolean;
  fast: string | undefined;
  /** The JSON file. */
  out: string;
}

/** A share as "1.23 %" (d decimals), "–" when it is not a number. */
export const percent = (x: number, d = 2) => (Number.isFinite(x) ? `${x.toFixed(d)} %` : '–');

export function report(results: WindowResult[], micro: Microbench, run: RunShape): void {
  const { calls: N, rounds: ROUNDS, windowS: WINDOW_S, settleS: SETTLE_S, videoLine: VIDEO_LINE, fast, out: OUT } = run;
  const of = (round: number, mode: string) => results.find((w) => w.round === round && w.mode === mode);
  const core = (w: WindowResult) => (100 * w.cpu.chromiumS) / w.cpu.wallS;
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
      fastCells = `${percent(core(quick), 1)} (${quick.timing.samples} samples) | ${us.toFixed(0)} | `;
    }
    const other = [ref, on, quick]
      .filter((w): w is WindowResult => !!w)
      .map((w) => percent((100 * w.cpu.otherS) / w.cpu.wallS, 0));
    rows.push(
      `| ${r} | ${percent(core(ref), 1)} | ${percent(core(on), 1)} (${on.timing.samples} samples) | ${percent(cost)} | ${percent(page, 3)} | ${fastCells}${other.join(' / ')} |`,
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
      .map(([k, s]) => `${k} ${percent((100 * s) / (of(rounds[0] ?? 1, mode)?.cpu.wallS ?? 1), 1)}`)
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
    `- Cost per call (both ends' monitors, as the brief's formula): median ${percent(cost)} of one core (rounds: ${perCall.map((x) => percent(x)).join(', ')}); per party (one monitor, what one browser pays): ${percent(cost / 2)}.`,
    fast
      ? `- From the ${fast} mode: ${us.toFixed(0)} µs of Chromium CPU per sample (rounds: ${perSampleUs.map((x) => x.toFixed(0)).join(', ')}), so ${percent(fromFast, 3)} of a core per call at 1 s.`
      : '',
    `- Page side (performance.now() around each sample), 1 s windows: ${samples} samples, per sample ` +
      `getStats() call ${((1000 * sum((x) => x.callMs)) / Math.max(1, samples)).toFixed(0)} µs, JS on the report ` +
      `${((1000 * sum((x) => x.jsMs)) / Math.max(1, samples)).toFixed(0)} µs (slowest ${Math.max(...t.map((x) => x.maxMainMs)).toFixed(2)} ms), ` +
      `wait for the report ${(sum((x) => x.waitMs) / Math.max(1, samples)).toFixed(2)} ms (wall); main thread ${percent(page, 3)} of a core per call.`,
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
  const range = `${percent(Math.min(...perCall))} to ${percent(Math.max(...perCall))}`;
  const verdict =
    `Verdict: ${met ? 'under the 1 % bar (met)' : 'NOT under the 1 % bar'}: sampling at 1 s measured ${percent(cost)} of one core ` +
    `per call directly (median of ${perCall.length} rounds, ${range})` +
    (fast ? `; ${percent(fromFast, 3)} per call from the ${fast} mode's ${us.toFixed(0)} µs a sample.` : '.');
  const text = [head, '', ...rows, '', ...notes, '', verdict].join('\n');
  console.log(`\n${text}`);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(
    OUT,
    JSON.stringify({ calls: N, windowS: WINDOW_S, rounds: ROUNDS, results, micro, cost, page, us }, null, 2),
  );
  console.log(`\n(${OUT})`);
}

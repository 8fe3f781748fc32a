/** The markdown table of a comparison run, and the notes under it. */

import { percentile } from '../stats';
import type { TargetResult } from './targets';

/** CPU of other user-space processes over the window, as a share of one core. */
export const foreignShare = (r: TargetResult): number =>
  r.measured && r.measured.windowS > 0 ? r.measured.foreignCpuS / r.measured.windowS : 0;
/** Other processes used more than 5 % of a core during the window: the numbers are not clean. */
export const unclean = (r: TargetResult): boolean => foreignShare(r) > 0.05;

const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) : '–');

export function table(results: TargetResult[], pairs: number): string {
  const lines = [
    '| target | pairs | calls | setups/s | setup p50 ms | setup p99 ms | server CPU µs/call | database CPU µs/call | server core busy % |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const m = r.measured;
    if (!m || (r.error && m.collector.calls === 0)) {
      lines.push(`| ${r.label} | ${pairs} | FAILED (see below) | | | | | | |`);
      continue;
    }
    const c = m.collector;
    const perCall = (s: number) => (c.calls > 0 ? (s * 1e6) / c.calls : Number.NaN);
    const redis = m.redisCpuS === null ? '' : ` + Redis ${int(perCall(m.redisCpuS))}`;
    const db = r.dbNote ?? (m.dbCpuS === null ? 'n/a' : `${int(perCall(m.dbCpuS))}${redis}`);
    lines.push(
      `| ${r.label}${r.error ? ' (FAILED, partial)' : ''} | ${pairs} | ${int(c.calls)} | ${int(c.calls / m.windowS)} | ` +
        `${ms(percentile(c.setupMs, 50))} | ${ms(percentile(c.setupMs, 99))} | ${int(perCall(m.serverCpuS))} | ${db} | ` +
        `${m.serverCoreBusy.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

export function notes(results: TargetResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    const m = r.measured;
    if (m && m.windowS < 0.1)
      out.push(`- ${r.label}: stopped before the measured window, failed calls ${m.collector.failures}`);
    else if (m) {
      const c = m.collector.calls;
      const share = (s: number) => `${((100 * s) / m.windowS).toFixed(0)} %`;
      const perCall = (s: number) => (c > 0 ? `${Math.round((s * 1e6) / c)} µs/call` : '–');
      out.push(
        `- ${r.label}: window ${m.windowS.toFixed(1)} s; load generator ${perCall(m.loadCpuS)} ` +
          `(${share(m.loadCpuS)} of a core; its core ${m.loadCoreBusy.toFixed(0)} % busy); ` +
          `irq+softirq (loopback network) ${share(m.irqCpuS)} of a core; ` +
          `other processes ${share(m.foreignCpuS)} of a core` +
          (unclean(r) ? ' (NOT CLEAN: something else ran?)' : '') +
          (m.dbTransactions !== null && c > 0
            ? `; ${(m.dbTransactions / c).toFixed(1)} database transactions/call`
            : '') +
          (c > 0
            ? `; server system calls per call: ${(m.serverIo.writes / c).toFixed(1)} writes, ` +
              `${(m.serverIo.reads / c).toFixed(1)} reads`
            : '') +
          `; failed calls ${m.collector.failures} (warm-up included)` +
          (r.busyBefore === undefined ? '' : `; machine ${r.busyBefore.toFixed(0)} % busy before the start`),
      );
    }
    if (m) for (const [msg, n] of m.collector.errors) out.push(`    ${n} × ${msg}`);
    if (r.error) out.push(`- ${r.label} FAILED: ${r.error}`);
    for (const p of r.profiles) out.push(`- ${r.label}: CPU profile ${p}`);
  }
  return out.join('\n');
}

const median = (xs: number[]) => percentile(xs, 50);

/**
 * Each target against the relay measured in the same round (setups/s and server CPU per call as ratios), and
 * the median of those ratios over the rounds: on a host whose speed drifts, a ratio within one round is the
 * fair comparison, not two absolute numbers minutes apart.
 */
export function againstRelay(byRound: TargetResult[][]): string {
  const rate = (r: TargetResult) => (r.measured ? r.measured.collector.calls / r.measured.windowS : Number.NaN);
  const cpu = (r: TargetResult) =>
    r.measured && r.measured.collector.calls > 0 ? (r.measured.serverCpuS * 1e6) / r.measured.collector.calls : NaN;
  const ratios = new Map<string, { rate: number[]; cpu: number[] }>();
  for (const round of byRound) {
    const relay = round.find((r) => r.target === 'relay' && !r.error);
    if (!relay) continue;
    for (const r of round) {
      if (r.target === 'relay' || r.error) continue;
      const e = ratios.get(r.target) ?? { rate: [], cpu: [] };
      e.rate.push(rate(r) / rate(relay));
      e.cpu.push(cpu(r) / cpu(relay));
      ratios.set(r.target, e);
    }
  }
  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  const times = (x: number) => `${x.toFixed(2)} ×`;
  const lines = [
    '| target, against the relay of its round | setups/s: median (each round) | server CPU per call: median (each round) |',
    '|---|---|---|',
  ];
  for (const [target, e] of ratios) {
    lines.push(
      `| ${target} | ${pct(median(e.rate))} (${e.rate.map(pct).join(', ')}) | ` +
        `${times(median(e.cpu))} (${e.cpu.map(times).join(', ')}) |`,
    );
  }
  return lines.join('\n');
}

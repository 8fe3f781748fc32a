/**
 * Many calls' metrics (accept-metrics.ts) as the markdown tables of the accept-time bench: p50, p90 and max of
 * every row, the candidate pairs, the median call's messages and timeline. Pure: no I/O.
 */

import { percentile } from '../stats';
import type { CallMetrics } from './accept-metrics';
import { CALLER_STEPS, DIAGNOSTICS, HEADLINE, INTERVALS, MESSAGES, RECEIVER_STEPS } from './accept-rows';

const spread = (xs: number[]) => ({
  n: xs.length,
  p50: percentile(xs, 50),
  p90: percentile(xs, 90),
  max: Math.max(...xs),
  min: Math.min(...xs),
});

/** Every row's spread over the calls; the messages' rows keyed "messages <row>". */
export function summary(calls: CallMetrics[]) {
  const keys = [...HEADLINE, ...RECEIVER_STEPS, ...CALLER_STEPS, ...INTERVALS, ...DIAGNOSTICS].map(([k]) => k);
  const out: Record<string, ReturnType<typeof spread>> = {};
  for (const k of keys) out[k] = spread(calls.map((c) => c.ms[k]).filter((v): v is number => typeof v === 'number'));
  for (const [k] of MESSAGES) out[`messages ${k}`] = spread(calls.map((c) => c.messages[k] ?? 0));
  return out;
}

/** A number of milliseconds for the tables: one decimal under 10. */
export const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) < 10 ? v.toFixed(1) : v.toFixed(0)) : '–');

export function markdown(mode: string, calls: CallMetrics[], failed: number, meta: string): string {
  const s = summary(calls);
  const lines: string[] = [];
  lines.push(`### ${mode}: ${calls.length} calls${failed ? `, ${failed} failed` : ''}`, '', meta, '');
  const table = (title: string, rows: [string, string][], prefix = '') => {
    lines.push(`| ${title} | n | p50 | p90 | max |`, '|---|---|---|---|---|');
    for (const [k, label] of rows) {
      const r = s[prefix + k];
      if (r) lines.push(`| ${label} | ${r.n} | ${fmt(r.p50)} | ${fmt(r.p90)} | ${fmt(r.max)} |`);
    }
    lines.push('');
  };
  table('ms', HEADLINE);
  lines.push(
    '¹ Chromium serves a cached getStats report for ~50 ms, so the first report with packets may hold several: ' +
      'the first packet is taken as the later of (its lastPacketReceivedTimestamp − (packets − 1) × 20 ms) and the ' +
      'newest report without packets.',
    '',
  );
  table('receiver page, ms after tap', RECEIVER_STEPS);
  table('caller page, ms after tap', CALLER_STEPS);
  table('intervals, ms', INTERVALS);
  table('diagnostics', DIAGNOSTICS);
  table('socket.io messages per call (no pings)', MESSAGES, 'messages ');
  const pairs = new Map<string, number>();
  for (const c of calls) {
    const k = `caller ${c.pair.caller}, receiver ${c.pair.receiver}`;
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
  }
  lines.push(`Selected candidate pairs (local/remote): ${[...pairs].map(([k, n]) => `${k} × ${n}`).join('; ')}`, '');
  const sample = medianCall(calls);
  if (sample) {
    lines.push(
      `Messages of call ${sample.call} by name: ${Object.entries(sample.byName)
        .map(
          ([k, v]) =>
            `${k} {${Object.entries(v)
              .map(([n, c]) => `${n}: ${c}`)
              .join(', ')}}`,
        )
        .join('; ')}`,
      '',
      `Timeline of call ${sample.call} (the median tap → first audio at the receiver), ms after the tap:`,
      '',
      '| ms | page | event |',
      '|---|---|---|',
      ...sample.timeline.map((e) => `| ${e.ms.toFixed(1)} | ${e.page} | ${e.what} |`),
      '',
    );
  }
  return lines.join('\n');
}

export function medianCall(calls: CallMetrics[]): CallMetrics | undefined {
  const sorted = calls
    .filter((c) => typeof c.ms['tap→audio receiver'] === 'number')
    .sort((a, b) => (a.ms['tap→audio receiver'] ?? 0) - (b.ms['tap→audio receiver'] ?? 0));
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The ITU-T G.107 E-model in the simplified form Twilio publishes for live calls: one-way delay and loss turn
 * into a transmission rating R (0-100), and R into an estimated MOS (1-4.5).
 */

export interface PathSample {
  /** Round-trip time, ms. */
  rttMs: number;
  /** Inbound interarrival jitter, ms. */
  jitterMs: number;
  /** Share of inbound packets lost over the sample, percent (0-100). */
  lossPercent: number;
}

/** Effective latency, ms: the round trip, twice the jitter (the jitter buffer's cost) and 10 ms of codec delay. */
export const effectiveLatencyMs = (s: PathSample) => s.rttMs + 2 * s.jitterMs + 10;

/** R: 93.2 at best; delay costs 1 point per 40 ms up to 160 ms, then 1 per 10 ms; each percent lost 2.5. */
export function rFactor(s: PathSample): number {
  const latency = effectiveLatencyMs(s);
  const delayed = latency < 160 ? 93.2 - latency / 40 : 93.2 - (latency - 120) / 10;
  return Math.min(100, Math.max(0, delayed - 2.5 * Math.min(100, Math.max(0, s.lossPercent))));
}

/** G.107's mapping of R to MOS. */
export function mosOfR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
}

export const mosOf = (s: PathSample) => mosOfR(rFactor(s));

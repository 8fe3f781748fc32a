import type { QualityLevel, QualityReason } from '@calling/protocol';
import { effectiveLatencyMs, mosOf, mosOfR, type PathSample } from './e-model';

export type { QualityLevel, QualityReason };

/**
 * G.107's user satisfaction bands: R >= 80 (MOS 4.03) satisfied, R >= 60 (MOS 3.10) many dissatisfied, below
 * that nearly all dissatisfied.
 */
export const MOS_GOOD = 4.03;
export const MOS_FAIR = 3.1;
/** A level is left only when the MOS is this far past the band's edge... */
export const HYSTERESIS_MOS = 0.1;
/** ...in this many samples in a row (about a second apart), so one bad second does not flicker the screen. */
export const SAMPLES_TO_CHANGE = 2;

export interface QualityState {
  level: QualityLevel;
  mos: number;
  reasons: QualityReason[];
  /** The level the last samples point to, and how many in a row did. */
  pending: { level: QualityLevel; count: number } | null;
}

/** Before the first sample: a clean path (R 93.2). */
export const initialQuality: QualityState = { level: 'good', mos: mosOfR(93.2), reasons: [], pending: null };

/** The band a MOS falls in, with the margin that keeps the current level. */
function bandOf(mos: number, current: QualityLevel): QualityLevel {
  const margin = (edge: number, above: boolean) => (above ? edge - HYSTERESIS_MOS : edge + HYSTERESIS_MOS);
  // Staying in a better band costs less than entering it: the edges move by the margin towards the current one.
  const goodEdge = current === 'good' ? margin(MOS_GOOD, true) : margin(MOS_GOOD, false);
  const fairEdge = current === 'poor' ? margin(MOS_FAIR, false) : margin(MOS_FAIR, true);
  if (mos >= goodEdge) return 'good';
  if (mos >= fairEdge) return 'fair';
  return 'poor';
}

/** What is wrong with the path, worst first: loss over 5 %, effective latency over 300 ms, jitter over 40 ms. */
export function reasonsOf(s: PathSample): QualityReason[] {
  const out: QualityReason[] = [];
  if (s.lossPercent > 5) out.push('high_loss');
  if (effectiveLatencyMs(s) > 300) out.push('high_delay');
  if (s.jitterMs > 40) out.push('high_jitter');
  return out;
}

/** One sample in: the next state. The level moves only after SAMPLES_TO_CHANGE samples agree on a new band. */
export function nextQuality(state: QualityState, sample: PathSample): QualityState {
  const mos = mosOf(sample);
  const band = bandOf(mos, state.level);
  const reasons = reasonsOf(sample);
  if (band === state.level) return { level: state.level, mos, reasons, pending: null };
  const count = state.pending?.level === band ? state.pending.count + 1 : 1;
  if (count >= SAMPLES_TO_CHANGE) return { level: band, mos, reasons, pending: null };
  return { level: state.level, mos, reasons, pending: { level: band, count } };
}

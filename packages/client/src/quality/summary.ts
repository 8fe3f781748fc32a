import { mosOf } from './e-model';
import type { QualitySample } from './stats-sample';

export interface Spread {
  avg: number;
  /** Nearest-rank 95th percentile. */
  p95: number;
  max: number;
}

/** What one party's client reports about its call when it ends (the server keeps it with the call, per party). */
export interface QualitySummary {
  samples: number;
  rttMs: Spread;
  jitterMs: Spread;
  lossPercent: Spread;
  mos: { min: number; avg: number };
  codec: string | null;
  /** relay: this side's media went through TURN; direct: host, srflx or prflx. */
  path: 'relay' | 'direct' | null;
  relayProtocol: string | null;
  iceRestarts: number;
  acceptToAudioMs: number | null;
}

function spread(xs: number[]): Spread {
  if (xs.length === 0) return { avg: 0, p95: 0, max: 0 };
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(0, Math.ceil(0.95 * sorted.length) - 1);
  return {
    avg: xs.reduce((a, b) => a + b, 0) / xs.length,
    p95: sorted[rank] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** Collects a call's samples (about one a second) into its summary. */
export class QualitySummaryBuilder {
  private readonly rtt: number[] = [];
  private readonly jitter: number[] = [];
  private readonly loss: number[] = [];
  private readonly mos: number[] = [];
  private last: QualitySample | null = null;
  private iceRestarts = 0;
  private acceptToAudioMs: number | null = null;

  add(sample: QualitySample): void {
    this.rtt.push(sample.rttMs);
    this.jitter.push(sample.jitterMs);
    this.loss.push(sample.lossPercent);
    this.mos.push(mosOf(sample));
    this.last = sample;
  }
  iceRestarted(): void {
    this.iceRestarts += 1;
  }
  audioStarted(msAfterAccept: number): void {
    this.acceptToAudioMs ??= msAfterAccept;
  }

  summary(): QualitySummary {
    const last = this.last;
    return {
      samples: this.mos.length,
      rttMs: spread(this.rtt),
      jitterMs: spread(this.jitter),
      lossPercent: spread(this.loss),
      mos: {
        min: this.mos.length ? Math.min(...this.mos) : 0,
        avg: this.mos.length ? this.mos.reduce((a, b) => a + b, 0) / this.mos.length : 0,
      },
      codec: last?.codec ?? null,
      path: last?.localCandidateType ? (last.localCandidateType === 'relay' ? 'relay' : 'direct') : null,
      relayProtocol: last?.relayProtocol ?? null,
      iceRestarts: this.iceRestarts,
      acceptToAudioMs: this.acceptToAudioMs,
    };
  }
}

import type { QualitySummary } from '@calling/protocol';
import { mosOf } from './e-model';
import type { QualitySample, VideoSample } from './stats-sample';

export type Spread = QualitySummary['rttMs'];
export type { QualitySummary };

const RELAY_PROTOCOLS = ['udp', 'tcp', 'tls'] as const;
const relayProtocolOf = (p: string | null | undefined) =>
  RELAY_PROTOCOLS.find((known) => known === p?.toLowerCase()) ?? null;

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
  private readonly video: VideoSample[] = [];

  add(sample: QualitySample): void {
    this.rtt.push(sample.rttMs);
    this.jitter.push(sample.jitterMs);
    this.loss.push(sample.lossPercent);
    this.mos.push(mosOf(sample));
    if (sample.video) this.video.push(sample.video);
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
      relayProtocol: relayProtocolOf(last?.relayProtocol),
      iceRestarts: this.iceRestarts,
      acceptToAudioMs: this.acceptToAudioMs,
      ...(this.video.length ? { video: videoSummary(this.video) } : {}),
    };
  }
}

const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One sample a second: the seconds with frames, and how they came. */
function videoSummary(samples: VideoSample[]): NonNullable<QualitySummary['video']> {
  const fps = samples.map((s) => s.framesPerSecond);
  const heights = samples.map((s) => s.frameHeight);
  const loss = samples.map((s) => s.lossPercent);
  return {
    seconds: samples.length,
    framesPerSecond: { avg: avg(fps), min: Math.min(...fps) },
    frameHeight: { avg: avg(heights), max: Math.max(...heights) },
    bitrateKbps: { avg: avg(samples.map((s) => s.bitrateKbps)) },
    lossPercent: { avg: avg(loss), max: Math.max(...loss) },
  };
}

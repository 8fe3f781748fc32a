import { initialQuality, nextQuality, type QualityState } from './quality-level';
import { type QualitySample, qualitySample, reportTime, type StatEntry, type StatsMap, statsMap } from './stats-sample';
import { type QualitySummary, QualitySummaryBuilder } from './summary';

export interface QualityMonitorOptions {
  /** The call's peer connection's getStats(). */
  getStats(): Promise<{ forEach(cb: (s: StatEntry) => void): void }>;
  /** Told after every sample; `state.level` changes only with hysteresis (quality-level.ts). */
  onSample(state: QualityState, sample: QualitySample): void;
  intervalMs?: number;
  timers?: { every(ms: number, fn: () => void): () => void; after(ms: number, fn: () => void): void };
}

/** A sample that points to a new level is confirmed this soon, not a whole interval later. */
export const CONFIRM_AFTER_MS = 250;
/**
 * A sample's loss and rates span at least this long: a confirming sample reaches back past the last one, as the
 * 250 ms since it hold ~12 audio packets, too few to tell 15 % loss from 5 %.
 */
export const MIN_WINDOW_MS = 900;

const realTimers = {
  every(ms: number, fn: () => void) {
    const t = setInterval(fn, ms);
    return () => clearInterval(t);
  },
  after(ms: number, fn: () => void) {
    setTimeout(fn, ms);
  },
};

/** Samples a live call's path about once a second into its level and, at the end, its summary. */
export class QualityMonitor {
  private state: QualityState = initialQuality;
  /** The last two reports: a sample is taken against the newest one at least MIN_WINDOW_MS old. */
  private recent: StatsMap[] = [];
  private readonly summary = new QualitySummaryBuilder();
  private stopTimer: (() => void) | null = null;
  private readonly timers: NonNullable<QualityMonitorOptions['timers']>;
  private inFlight = false;

  constructor(private readonly opts: QualityMonitorOptions) {
    this.timers = opts.timers ?? realTimers;
  }

  get current(): QualityState {
    return this.state;
  }

  start(): void {
    if (this.stopTimer) return;
    this.stopTimer = this.timers.every(this.opts.intervalMs ?? 1000, () => void this.tick());
  }

  /** One sample now (also what the timer does); a slow getStats() is never overlapped by the next. */
  async tick(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      const now = statsMap(await this.opts.getStats());
      const sample = qualitySample(this.windowStart(reportTime(now)), now);
      this.recent = [...this.recent.slice(-1), now];
      this.summary.add(sample);
      this.state = nextQuality(this.state, sample);
      this.opts.onSample(this.state, sample);
      // The level changes only when two samples agree: the second comes soon, so a real change shows quickly.
      if (this.state.pending && this.stopTimer) this.timers.after(CONFIRM_AFTER_MS, () => void this.tick());
    } catch {
      // A closed connection has no stats: the call is ending, and its summary keeps what was sampled.
    } finally {
      this.inFlight = false;
    }
  }

  private windowStart(now: number): StatsMap | null {
    const oldEnough = this.recent.filter((r) => now - reportTime(r) >= MIN_WINDOW_MS);
    return oldEnough.at(-1) ?? this.recent[0] ?? null;
  }

  iceRestarted(): void {
    this.summary.iceRestarted();
  }
  audioStarted(msAfterAccept: number): void {
    this.summary.audioStarted(msAfterAccept);
  }

  /** Stops sampling; the call's summary. */
  stop(): QualitySummary {
    this.stopTimer?.();
    this.stopTimer = null;
    return this.summary.summary();
  }
}

import type { PeerQualityEvent, QualityLevel, QualityPayload, QualityReason, QualitySummary } from '@calling/protocol';
import type { QualityState } from './quality/quality-level';
import { QualityMonitor } from './quality/quality-monitor';
import type { StatEntry } from './quality/stats-sample';
import type { CallSnapshot } from './types';

/** What the call screen shows about quality: this side's estimate and the level the peer reported for itself. */
export interface CallQualityView {
  callId: string;
  own: QualityState | null;
  peer: { level: QualityLevel; reasons: QualityReason[] } | null;
}

type StatsSource = () => Promise<{ forEach(cb: (s: StatEntry) => void): void }>;

/**
 * Runs a QualityMonitor while the client's call has media, tells the peer this side's level whenever it
 * changes, and keeps the peer's. The call's summary goes to its log when it ends.
 */
export class CallQuality {
  private monitor: QualityMonitor | null = null;
  private bookingId: string | null = null;
  /** When this device's call was answered (it entered connecting): accept to audio starts there. */
  private answered: { callId: string; at: number } | null = null;
  private sentLevel: QualityLevel | null = null;
  view: CallQualityView | null = null;

  constructor(
    private readonly d: {
      send(payload: QualityPayload): void;
      /** The call's summary when it ends (for its log). */
      report(ids: { callId: string; bookingId: string }, summary: QualitySummary): void;
      changed(view: CallQualityView | null): void;
      intervalMs?: number;
    },
  ) {}

  /** Called on every change of the client's snapshot, with the current call's stats (null: no connection). */
  follow(snapshot: CallSnapshot, stats: StatsSource | null): void {
    const callId = snapshot.call?.callId ?? null;
    const live = snapshot.state === 'connected' || snapshot.state === 'reconnecting';
    if (this.view && this.view.callId !== callId) this.finish();
    if (snapshot.state === 'connecting' && callId && this.answered?.callId !== callId) {
      this.answered = { callId, at: Date.now() };
    }
    if (live && callId && stats && !this.monitor) {
      const monitor = this.begin(callId, snapshot.call?.bookingId ?? '', stats);
      if (this.answered?.callId === callId && snapshot.connectedAt !== null) {
        monitor.audioStarted(Math.max(0, snapshot.connectedAt - this.answered.at));
      }
    }
    if (!live && snapshot.state !== 'connecting' && this.monitor) this.finish();
  }

  peer(e: PeerQualityEvent): void {
    if (!this.view || this.view.callId !== e.callId) return;
    this.view = { ...this.view, peer: { level: e.level, reasons: e.reasons } };
    this.d.changed(this.view);
  }

  stop(): void {
    this.finish();
  }

  private begin(callId: string, bookingId: string, stats: StatsSource): QualityMonitor {
    this.bookingId = bookingId;
    this.view = { callId, own: null, peer: this.view?.callId === callId ? this.view.peer : null };
    this.sentLevel = null;
    const monitor = new QualityMonitor({
      getStats: stats,
      ...(this.d.intervalMs ? { intervalMs: this.d.intervalMs } : {}),
      onSample: (state) => {
        if (this.monitor !== monitor || !this.view) return;
        this.view = { ...this.view, own: state };
        if (state.level !== this.sentLevel) {
          this.sentLevel = state.level;
          this.d.send({ callId, level: state.level, reasons: state.reasons });
        }
        this.d.changed(this.view);
      },
    });
    this.monitor = monitor;
    monitor.start();
    return monitor;
  }

  private finish() {
    const callId = this.view?.callId;
    if (this.monitor && callId) {
      const summary = this.monitor.stop();
      if (summary.samples > 0 && this.bookingId) this.d.report({ callId, bookingId: this.bookingId }, summary);
    }
    this.monitor = null;
    if (this.view) {
      this.view = null;
      this.d.changed(null);
    }
  }
}

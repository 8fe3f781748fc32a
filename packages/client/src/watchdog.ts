/**
 * Keeps a connected call alive through network changes. ICE `disconnected` for `restartAfterMs` (or
 * `failed` at once) asks for an ICE restart, again every `retryEveryMs` while the media stays down; media
 * not back within `lostAfterMs` of the drop gives up. ICE failing before media ever flowed is `ice_failed`.
 * Timers are injected so the logic is tested without waiting.
 */
export interface WatchdogOptions {
  restartAfterMs: number;
  lostAfterMs: number;
  retryEveryMs?: number;
  onRestart(): void;
  onDrop(): void;
  onLost(): void;
  onFailedBeforeConnect(): void;
  timers?: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };
}

const realTimers = {
  set: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class ConnectionWatchdog {
  private everConnected = false;
  private restartTimer: unknown = null;
  private lostTimer: unknown = null;
  private readonly timers: NonNullable<WatchdogOptions['timers']>;

  constructor(private readonly o: WatchdogOptions) {
    this.timers = o.timers ?? realTimers;
  }

  /** Media flows (first time, or again after a drop). */
  mediaFlowing(): void {
    this.everConnected = true;
    this.clear();
  }

  iceState(state: RTCIceConnectionState): void {
    if (state === 'connected' || state === 'completed') {
      this.clearRestart();
      return;
    }
    if (state !== 'disconnected' && state !== 'failed') return;
    if (!this.everConnected) {
      if (state === 'failed') this.o.onFailedBeforeConnect();
      return;
    }
    if (this.lostTimer === null) {
      this.o.onDrop();
      this.lostTimer = this.timers.set(() => {
        this.clear();
        this.o.onLost();
      }, this.o.lostAfterMs);
    }
    if (state === 'failed') {
      this.clearRestart();
      this.restart();
    } else if (this.restartTimer === null) {
      this.restartTimer = this.timers.set(() => this.restart(), this.o.restartAfterMs);
    }
  }

  /**
   * Something else knows the path is gone (our socket came back after a drop): restart now. Before media ever
   * flowed, once: the network may have changed mid-setup, so the first candidates may lead nowhere.
   */
  restartNow(): void {
    if (!this.everConnected) {
      this.o.onRestart();
      return;
    }
    this.clearRestart();
    this.restart();
  }

  get dropped(): boolean {
    return this.lostTimer !== null;
  }

  stop(): void {
    this.clear();
  }

  private restart() {
    this.o.onRestart();
    this.restartTimer = this.timers.set(() => this.restart(), this.o.retryEveryMs ?? 5000);
  }

  private clearRestart() {
    if (this.restartTimer !== null) this.timers.clear(this.restartTimer);
    this.restartTimer = null;
  }

  private clear() {
    this.clearRestart();
    if (this.lostTimer !== null) this.timers.clear(this.lostTimer);
    this.lostTimer = null;
  }
}

import type { IceServerSource } from './ice-credentials';
import type { PeerSession } from './peer-session';
import type { ConnectionWatchdog } from './watchdog';

/**
 * What one call holds on this device: the microphone, the peer connection, its watchdog and TURN refresh, the
 * connect timer. `dispose` releases all of it, whichever way the call ends, and anything that arrives later
 * (a microphone grant that was still pending, say) is released on arrival. Holds no decisions: those are the
 * call flow's (flow/).
 */
export class CallResources {
  mic: MediaStream | null = null;
  session: PeerSession | null = null;
  watchdog: ConnectionWatchdog | null = null;
  ice: IceServerSource | null = null;
  disposed = false;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private batchTimer: ReturnType<typeof setTimeout> | null = null;
  private sessionWaiters: ((s: PeerSession | null) => void)[] = [];

  /** `leg`: the call flow's number for this call. */
  constructor(readonly leg: number) {}

  /** Keeps the microphone, unless the call already ended, in which case it is released at once. */
  adoptMic(stream: MediaStream): boolean {
    if (this.disposed) {
      stopTracks(stream);
      return false;
    }
    this.mic = stream;
    return true;
  }

  setSession(session: PeerSession): void {
    this.session = session;
    for (const w of this.sessionWaiters.splice(0)) w(session);
  }

  /** The receiver may get the offer before its peer connection exists (the mic prompt is still open). */
  whenSession(): Promise<PeerSession | null> {
    if (this.session || this.disposed) return Promise.resolve(this.session);
    return new Promise((resolve) => this.sessionWaiters.push(resolve));
  }

  startConnectTimer(ms: number, onTimeout: () => void): void {
    this.clearConnectTimer();
    if (!this.disposed) this.connectTimer = setTimeout(onTimeout, ms);
  }

  /** The open batch of local candidates: one timer at a time. */
  startBatchTimer(ms: number, onDue: () => void): void {
    if (this.disposed || this.batchTimer) return;
    this.batchTimer = setTimeout(() => {
      this.batchTimer = null;
      onDue();
    }, ms);
  }

  clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearConnectTimer();
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    this.watchdog?.stop();
    this.ice?.stop();
    this.session?.close();
    if (this.mic) stopTracks(this.mic);
    this.mic = null;
    for (const w of this.sessionWaiters.splice(0)) w(null);
  }
}

export function stopTracks(stream: MediaStream): void {
  for (const t of stream.getTracks()) t.stop();
}

import type { EndReason, IceCandidate, SessionDescription } from '@calling/protocol';
import type { IceServerSource } from './ice-credentials';
import type { PeerSession } from './peer-session';
import type { ConnectionWatchdog } from './watchdog';

/**
 * Everything one call holds while it lives: the microphone, the peer connection, timers. `dispose` releases
 * all of it, whichever way the call ends, and anything that arrives later (a microphone grant that was still
 * pending, say) is released on arrival.
 */
export class LiveCall {
  callId: string | null = null;
  peerId: string | null = null;
  answered = false;
  reportedConnected = false;
  mic: MediaStream | null = null;
  session: PeerSession | null = null;
  watchdog: ConnectionWatchdog | null = null;
  ice: IceServerSource | null = null;
  /** The caller's first offer, made while it rings so it goes out the moment the call is answered. */
  offer: SessionDescription | null = null;
  offerSent = false;
  /** The caller's candidates gathered before the offer went out. */
  heldCandidates: (IceCandidate | null)[] = [];
  /** ICE dropped since the socket last came up: a network change is likely, so the next socket up restarts ICE. */
  droppedSinceSocketUp = false;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private sessionWaiters: ((s: PeerSession | null) => void)[] = [];
  disposed = false;
  /** How this device ended the call, if it did. */
  endedAs: EndReason | null = null;

  constructor(
    readonly bookingId: string,
    readonly role: 'caller' | 'receiver',
  ) {}

  ids() {
    return { bookingId: this.bookingId, ...(this.callId ? { callId: this.callId } : {}) };
  }

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
    this.connectTimer = setTimeout(onTimeout, ms);
  }

  clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearConnectTimer();
    this.watchdog?.stop();
    this.ice?.stop();
    this.session?.close();
    if (this.mic) stopTracks(this.mic);
    this.mic = null;
    this.heldCandidates = [];
    for (const w of this.sessionWaiters.splice(0)) w(null);
  }
}

export function stopTracks(stream: MediaStream): void {
  for (const t of stream.getTracks()) t.stop();
}

import type { EndReason, IceServer } from '@calling/protocol';
import { micError } from './errors';
import { IceServerSource } from './ice-credentials';
import type { LiveCall } from './live-call';
import { PeerSession, STALL_MS } from './peer-session';
import type { CallsApi } from './rest';
import type { Signaling } from './signaling';
import type { CallInput } from './state';
import type { CallClientOptions, CallError } from './types';
import { ConnectionWatchdog } from './watchdog';

export interface CallMediaContext {
  opts: CallClientOptions;
  signaling: Signaling;
  api: CallsApi;
  dispatch(input: CallInput): void;
  finish(reason: EndReason, error?: CallError): void;
  emitRemoteStream(stream: MediaStream | null): void;
  muted(): boolean;
}

/**
 * The media half of a call: the microphone, the peer connection and its offer/answer/candidates, proof that
 * audio flows, ICE restarts and TURN credential refresh. The CallClient decides when; this does how.
 */
export class CallMedia {
  constructor(private readonly ctx: CallMediaContext) {}

  async acquireMic(live: LiveCall): Promise<MediaStream | null> {
    try {
      const stream = await this.ctx.opts.webrtc.getUserMedia({ audio: this.ctx.opts.audio ?? true, video: false });
      return live.adoptMic(stream) ? stream : null;
    } catch (err) {
      if (live.disposed) return null;
      const error = micError(err);
      this.ctx.finish('media_permission_denied', error);
      await this.ctx.signaling.request('call:end', { ...live.ids(), reason: 'media_permission_denied' });
      return null;
    }
  }

  openSession(live: LiveCall, iceServers: IceServer[], relayOnly: boolean, mic: MediaStream) {
    live.ice = new IceServerSource(iceServers, () => this.ctx.api.iceServers());
    const session = new PeerSession(this.ctx.opts.webrtc, PeerSession.configFor(iceServers, relayOnly), {
      candidate: (candidate) => {
        if (live.role === 'caller' && !live.offerSent) live.heldCandidates.push(candidate);
        else this.ctx.signaling.send('call:ice-candidate', { ...live.ids(), candidate, to: live.peerId });
      },
      remoteStream: (stream) => this.ctx.emitRemoteStream(stream),
      iceState: (state) => live.watchdog?.iceState(state),
      mediaFlowing: () => this.onMediaFlowing(live),
      // Silence the network caused: the screen says "reconnecting" until packets are back.
      mediaStalled: () => {
        if (live.disposed) return;
        this.ctx.dispatch({ type: 'media-down' });
        // The server bills a peer that never comes back until this silence began, not until it notices.
        if (live.callId)
          this.ctx.signaling.send('call:media', { callId: live.callId, hearing: false, silentMs: STALL_MS });
      },
      mediaResumed: () => {
        if (live.disposed) return;
        this.ctx.dispatch({ type: 'media-up', at: Date.now() });
        if (live.callId) this.ctx.signaling.send('call:media', { callId: live.callId, hearing: true });
      },
    });
    live.watchdog = new ConnectionWatchdog({
      restartAfterMs: this.ctx.opts.iceRestartAfterMs ?? 2000,
      lostAfterMs: this.ctx.opts.reconnectTimeoutMs ?? 30_000,
      onRestart: () => void this.restartIce(live),
      onDrop: () => {
        live.droppedSinceSocketUp = true;
        this.ctx.dispatch({ type: 'media-down' });
      },
      onLost: () => this.endFromClient(live, 'connection_lost'),
      onFailedBeforeConnect: () => this.endFromClient(live, 'ice_failed'),
    });
    live.ice.keepFresh((servers) => session.updateIceServers(servers));
    session.addMicrophone(mic);
    if (this.ctx.muted()) session.setMuted(true);
    live.setSession(session);
    return session;
  }

  sendOfferIfAnswered(live: LiveCall) {
    if (!live.answered || !live.offer || live.offerSent || live.disposed) return;
    live.offerSent = true;
    this.ctx.signaling.send('call:offer', { ...live.ids(), offer: live.offer, to: live.peerId });
    for (const candidate of live.heldCandidates.splice(0)) {
      this.ctx.signaling.send('call:ice-candidate', { ...live.ids(), candidate, to: live.peerId });
    }
  }

  private onMediaFlowing(live: LiveCall) {
    if (live.disposed) return;
    live.clearConnectTimer();
    live.watchdog?.mediaFlowing();
    this.ctx.dispatch({ type: 'media-up', at: Date.now() });
    if (!live.reportedConnected && live.callId) {
      live.reportedConnected = true;
      this.ctx.signaling.send('call:connected', { callId: live.callId, bookingId: live.bookingId });
    }
  }

  /** The caller drives ICE restarts (it made the first offer), so the two sides never offer at once. */
  private async restartIce(live: LiveCall) {
    const session = live.session;
    if (live.role !== 'caller' || !session || live.disposed || !this.ctx.signaling.connected) return;
    // Before the receiver answered there is nothing to restart: the offer has not gone out yet.
    if (!live.offerSent) return;
    // An earlier restart offer that got no answer (lost with a dead socket): send it again rather than stall.
    const unanswered = session.unansweredOffer();
    if (unanswered) return this.ctx.signaling.send('call:offer', { ...live.ids(), offer: unanswered, to: live.peerId });
    if (session.signalingState !== 'stable') return;
    session.updateIceServers(await (live.ice?.fresh() ?? Promise.resolve([])));
    const offer = await session.createOffer(true).catch(() => null);
    if (offer && !live.disposed) this.ctx.signaling.send('call:offer', { ...live.ids(), offer, to: live.peerId });
  }

  startConnectTimer(live: LiveCall) {
    live.startConnectTimer(this.ctx.opts.connectTimeoutMs ?? 20_000, () => this.endFromClient(live, 'ice_failed'));
  }

  private endFromClient(live: LiveCall, reason: 'connection_lost' | 'ice_failed') {
    if (live.disposed) return;
    this.ctx.finish(reason);
    this.ctx.signaling.send('call:end', { ...live.ids(), reason });
  }
}

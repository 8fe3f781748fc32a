import type { ClientEndReason, EndReason, IceServer, SessionDescription } from '@calling/protocol';
import { CallMedia } from './call-media';
import { ClientIdentity } from './client-identity';
import { Emitter } from './emitter';
import { endReasonForRefusal } from './errors';
import { hangUpByBeacon } from './hang-up';
import { LiveCall } from './live-call';
import type { PeerSession } from './peer-session';
import { CallsApi } from './rest';
import { Signaling } from './signaling';
import { beforeMedia, type CallInput, initialSnapshot, isLive, reduceCall } from './state';
import type { CallClientEvents, CallClientOptions, CallError, CallSnapshot } from './types';

/**
 * One person's calling client: signaling over socket.io, one RTCPeerConnection per call, the call state as
 * immutable snapshots. Framework-free; the WebRTC API is injected (browser, react-native-webrtc, Node).
 */
export class CallClient {
  private snapshot: CallSnapshot = initialSnapshot;
  private readonly events = new Emitter<CallClientEvents>();
  private readonly signaling: Signaling;
  private live: LiveCall | null = null;
  private resetTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly identity: ClientIdentity;
  private readonly media: CallMedia;
  private readonly api: CallsApi;
  constructor(private readonly opts: CallClientOptions) {
    this.identity = new ClientIdentity(opts.token, opts.deviceId);
    this.signaling = new Signaling(
      opts.serverUrl,
      this.identity,
      {
        connect: (first) => this.onSocketUp(first),
        disconnect: () => this.dispatch({ type: 'online', online: false }),
        refused: (error) => this.dispatch({ type: 'error', error }),
        'call:incoming': (e) => this.onIncoming(e),
        'call:accepted': (e) => this.onAccepted(e.callId, e.bookingId),
        'call:rejected': (e) => this.finish(e.reason, e),
        'call:answered-elsewhere': (e) => this.finish('answered_elsewhere', e),
        'call:ended': (e) => this.finish(e.reason, e),
        'call:offer': (e) => void this.onOffer(e.callId, e.offer),
        'call:answer': (e) => void this.onAnswer(e.callId, e.answer),
        'call:ice-candidate': (e) => void this.onRemoteCandidate(e.callId, e.candidate),
        'call:peer-reconnecting': (e) => this.onPeerReconnecting(e.callId, true),
        'call:peer-reconnected': (e) => this.onPeerReconnecting(e.callId, false),
      },
      opts.socketOptions,
    );
    this.api = new CallsApi(opts.serverUrl, this.identity.token);
    this.media = new CallMedia({
      opts,
      signaling: this.signaling,
      api: this.api,
      dispatch: (input) => this.dispatch(input),
      finish: (reason, error) => this.finish(reason, error ? { error } : {}),
      emitRemoteStream: (stream) => this.events.emit('remote-stream', stream),
      muted: () => this.snapshot.muted,
    });
  }

  connect(): void {
    this.signaling.connect();
  }

  /**
   * Ends any call (media released at once), then closes the socket once the server has the hang-up, and
   * drops every listener.
   */
  close(): void {
    const hangUp = this.live && isLive(this.snapshot) ? this.end() : Promise.resolve();
    this.live?.dispose();
    this.live = null;
    if (this.resetTimer) clearTimeout(this.resetTimer);
    this.events.clear();
    void hangUp.finally(() => this.signaling.close());
  }

  getSnapshot = (): CallSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => this.events.on('change', () => listener());

  on<E extends keyof CallClientEvents>(event: E, fn: CallClientEvents[E]): () => void {
    return this.events.on(event, fn);
  }

  get remoteStream(): MediaStream | null {
    return this.live?.session?.remoteStream ?? null;
  }

  /** Listeners the client still holds (its own subscribers, socket and peer connection); for leak tests. */
  get listenerCount(): number {
    return this.events.listenerCount() + (this.live?.session?.listenerCount ?? 0);
  }

  async startCall(bookingId: string): Promise<void> {
    if (this.live || isLive(this.snapshot)) return this.fail({ code: 'busy', message: 'a call is already live' });
    if (this.resetTimer) clearTimeout(this.resetTimer);
    this.dispatch({ type: 'dial', bookingId });
    const live = new LiveCall(bookingId, 'caller');
    this.live = live;
    // The microphone prompt and the ring happen together: neither waits for the other.
    const mic = this.media.acquireMic(live);
    const ack = await this.signaling.request('call:initiate', { bookingId, onGlare: 'answer' });
    if (!ack.ok) return this.refused(live, ack.error);
    if (ack.answered) return this.joinAnswered(live, ack, ack.answered, mic);
    live.callId = ack.callId;
    live.peerId = ack.receiverId;
    // Ended here while the ack was on its way (hung up, microphone refused): end it on the server too.
    if (live.disposed) return void this.signaling.send('call:end', { ...live.ids(), reason: clientReason(live) });
    this.dispatch({
      type: 'dialed',
      call: {
        callId: ack.callId,
        bookingId,
        direction: 'outgoing',
        peerId: ack.receiverId,
        peerName: ack.receiverName,
        serviceName: ack.serviceName,
        relayOnly: ack.relayOnly,
      },
    });
    const stream = await mic;
    if (!stream) return;
    const session = this.media.openSession(live, ack.iceServers, ack.relayOnly, stream);
    live.offer = await session.createOffer();
    this.media.sendOfferIfAnswered(live);
  }

  /**
   * Glare: the peer called this person at the same moment, and the server answered the peer's call for this
   * device instead of refusing ours. This device is now that call's receiver: its offer comes next.
   */
  private async joinAnswered(
    dialing: LiveCall,
    ack: { callId: string; iceServers: IceServer[]; relayOnly: boolean; serviceName: string },
    peer: { callerId: string; callerName: string },
    mic: Promise<MediaStream | null>,
  ): Promise<void> {
    // Hung up while the ack was on its way: the call it answered ends too.
    if (dialing.disposed)
      return void this.signaling.send('call:end', { callId: ack.callId, bookingId: dialing.bookingId });
    const joined = new LiveCall(dialing.bookingId, 'receiver');
    joined.callId = ack.callId;
    joined.peerId = peer.callerId;
    joined.answered = true;
    this.live = joined;
    this.dispatch({
      type: 'dialed',
      call: {
        callId: ack.callId,
        bookingId: dialing.bookingId,
        direction: 'incoming',
        peerId: peer.callerId,
        peerName: peer.callerName,
        serviceName: ack.serviceName,
        relayOnly: ack.relayOnly,
      },
    });
    this.dispatch({ type: 'answered' });
    this.media.startConnectTimer(joined);
    // The microphone was opened for the dial: it carries over to the call this device joined.
    const stream = await mic;
    dialing.mic = null; // carried over, not released with the dial
    dialing.dispose();
    if (!stream || !joined.adoptMic(stream)) return;
    this.media.openSession(joined, ack.iceServers, ack.relayOnly, stream);
  }

  async accept(): Promise<void> {
    const live = this.live;
    if (live?.role !== 'receiver' || this.snapshot.state !== 'ringing') return;
    // At the tap, not when the ack lands: the screen stops ringing, and a Decline now declines the answered call.
    live.answered = true;
    this.dispatch({ type: 'answered' });
    const mic = this.media.acquireMic(live);
    const ack = await this.signaling.request('call:accept', live.ids());
    if (!ack.ok) return this.refused(live, ack.error);
    if (live.disposed) return;
    this.media.startConnectTimer(live);
    const stream = await mic;
    if (!stream) return;
    this.media.openSession(live, ack.iceServers, ack.relayOnly, stream);
  }

  /** Declines an incoming call: while it rings, or answered but before any media (the server agrees). */
  async reject(reason: 'declined' | 'busy' = 'declined'): Promise<void> {
    const live = this.live;
    if (live?.role !== 'receiver' || !beforeMedia(this.snapshot)) return;
    this.finish(reason, {});
    await this.signaling.request('call:reject', { ...live.ids(), reason });
  }

  /** Hang up: cancels an outgoing call, declines an incoming one, ends a live one. */
  async end(): Promise<void> {
    const live = this.live;
    if (!live || !isLive(this.snapshot)) return;
    if (live.role === 'receiver' && beforeMedia(this.snapshot)) return this.reject();
    if (this.snapshot.state === 'calling' && !live.callId) {
      this.finish('cancelled', {}); // the initiate ack will find the call ended and end it on the server
      return;
    }
    const reason: EndReason = this.snapshot.state === 'calling' ? 'cancelled' : 'completed';
    const socketId = this.signaling.socketId;
    this.finish(reason, {});
    const ack = await this.signaling.request('call:end', live.ids());
    // The socket is down or never answered: the hang-up goes over REST (retried), not lost to the grace period.
    if (!ack.ok && (ack.error.code === 'not_connected' || ack.error.code === 'timeout') && live.callId) {
      await this.api.hangUp(live.callId, this.identity.device(socketId));
    }
  }

  /**
   * For a page that is closing (`pagehide`): ends a live call at once and tells the server by
   * `navigator.sendBeacon`, which outlives the page, where socket.io would drop an event sent with its
   * disconnect. Returns whether a hang-up was queued.
   */
  endOnPageHide(sendBeacon = globalThis.navigator?.sendBeacon?.bind(globalThis.navigator)): boolean {
    const live = this.live;
    if (!live?.callId || !isLive(this.snapshot) || !sendBeacon || !this.identity.lastToken) return false;
    if (live.role === 'receiver' && beforeMedia(this.snapshot)) {
      void this.reject();
      return true;
    }
    const body = { ...this.identity.device(this.signaling.socketId), token: this.identity.lastToken };
    this.finish(this.snapshot.state === 'calling' ? 'cancelled' : 'completed', {});
    return hangUpByBeacon(sendBeacon, this.opts.serverUrl, live.callId, body);
  }

  /** This device's id: the server binds its calls to it. */
  get deviceId(): string {
    return this.identity.deviceId;
  }

  setMuted(muted: boolean): void {
    if (!this.live || !isLive(this.snapshot)) return;
    // track.enabled: silence without renegotiation.
    for (const t of this.live.mic?.getAudioTracks() ?? []) t.enabled = !muted;
    this.dispatch({ type: 'muted', muted });
  }

  toggleMute(): void {
    this.setMuted(!this.snapshot.muted);
  }

  // --- server events ---

  private onIncoming(e: {
    callId: string;
    bookingId: string;
    callerId: string;
    callerName: string;
    serviceName: string;
    iceServers?: IceServer[] | undefined;
    relayOnly?: boolean | undefined;
  }) {
    if (this.live) return; // the same call rung again after a reconnect, or one the server should not send
    const live = new LiveCall(e.bookingId, 'receiver');
    live.callId = e.callId;
    live.peerId = e.callerId;
    this.live = live;
    this.dispatch({
      type: 'incoming',
      call: {
        callId: e.callId,
        bookingId: e.bookingId,
        direction: 'incoming',
        peerId: e.callerId,
        peerName: e.callerName,
        serviceName: e.serviceName,
        relayOnly: e.relayOnly ?? false,
      },
    });
  }

  private onAccepted(callId: string, bookingId: string) {
    const live = this.live;
    if (live?.role !== 'caller' || live.bookingId !== bookingId) return;
    if (live.callId && live.callId !== callId) return;
    live.answered = true;
    this.dispatch({ type: 'answered' });
    this.media.startConnectTimer(live);
    this.media.sendOfferIfAnswered(live);
  }

  private async onOffer(callId: string, offer: SessionDescription) {
    const live = this.current(callId);
    const session = await live?.whenSession();
    if (!live || !session || live.disposed) return;
    const answer = await session.answerOffer(offer).catch(() => null);
    if (answer && !live.disposed) this.signaling.send('call:answer', { ...live.ids(), answer, to: live.peerId });
  }

  private async onAnswer(callId: string, answer: SessionDescription) {
    await this.current(callId)
      ?.session?.acceptAnswer(answer)
      .catch(() => {});
  }

  private async onRemoteCandidate(callId: string, candidate: Parameters<PeerSession['addRemoteCandidate']>[0]) {
    const session = await this.current(callId)?.whenSession();
    await session?.addRemoteCandidate(candidate);
  }

  private onPeerReconnecting(callId: string, reconnecting: boolean) {
    const live = this.current(callId);
    if (!live) return;
    this.dispatch({ type: 'peer-reconnecting', reconnecting });
    // The peer's new socket lost the candidates sent meanwhile: a fresh ICE round reaches it.
    if (!reconnecting && live.watchdog?.dropped) live.watchdog.restartNow();
  }

  private async onSocketUp(firstTime: boolean) {
    this.dispatch({ type: 'online', online: true });
    const live = this.live;
    if (firstTime || !live?.callId || live.disposed) return;
    const ack = await this.signaling.request('call:resume', { callId: live.callId });
    if (!ack.ok) {
      // The call ended while this device was offline, so its call:ended never arrived: ask the log how.
      const outcome = await this.api.outcome(live.bookingId, live.callId).catch(() => null);
      if (outcome) return this.finish(outcome.reason, { callId: live.callId, duration: outcome.duration });
      return this.finish('connection_lost', { error: ack.error });
    }
    // Answered while this device was away: its call:accepted went nowhere, the resume says so instead.
    if (live.role === 'caller' && !live.answered && ack.state !== 'ringing')
      this.onAccepted(live.callId, live.bookingId);
    // Media dropped while the socket was away: the network probably changed, and the old path, even if it
    // answers again here, may not for long. A fresh ICE round costs one offer.
    const dropped = live.droppedSinceSocketUp;
    live.droppedSinceSocketUp = false;
    if (dropped || live.watchdog?.dropped || (live.session && live.session.iceConnectionState !== 'connected')) {
      live.watchdog?.restartNow();
    }
  }

  // --- state ---

  private current(callId: string): LiveCall | null {
    const live = this.live;
    return live && !live.disposed && live.callId === callId ? live : null;
  }

  private refused(live: LiveCall, error: CallError) {
    if (live.disposed) return;
    this.finish(endReasonForRefusal(error.code), { error });
  }

  private fail(error: CallError) {
    this.dispatch({ type: 'error', error });
  }

  /** The one way a call ends on this device: release everything, show `ended`, then go idle. */
  private finish(
    reason: EndReason,
    o: { callId?: string; bookingId?: string; duration?: number; error?: CallError | undefined },
  ) {
    const live = this.live;
    if (live) {
      // Before the initiate ack the call is known by its booking only.
      const mine = !o.callId || (live.callId ? live.callId === o.callId : live.bookingId === o.bookingId);
      if (!mine) return;
      live.endedAs = reason;
      live.dispose();
      this.live = null;
      this.events.emit('remote-stream', null);
    }
    this.dispatch({
      type: 'ended',
      reason,
      ...(o.callId ? { callId: o.callId } : {}),
      ...(o.duration !== undefined ? { duration: o.duration } : {}),
      ...(o.error ? { error: o.error } : {}),
    });
    if (this.snapshot.state === 'ended') {
      if (this.resetTimer) clearTimeout(this.resetTimer);
      this.resetTimer = setTimeout(() => this.dispatch({ type: 'reset' }), this.opts.endedHoldMs ?? 3000);
    }
  }

  private dispatch(input: CallInput) {
    const next = reduceCall(this.snapshot, input);
    if (next === this.snapshot) return;
    this.snapshot = next;
    this.events.emit('change', next);
  }
}

/** The end reason this device reports for a call it ended itself. */
function clientReason(live: LiveCall): ClientEndReason {
  const r = live.endedAs;
  return r === 'media_permission_denied' || r === 'ice_failed' || r === 'connection_lost' ? r : 'cancelled';
}

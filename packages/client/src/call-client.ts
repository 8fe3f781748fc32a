import type { IncomingEvent } from '@calling/protocol';
import { CallMedia } from './call-media';
import { CallQuality, type CallQualityView } from './call-quality';
import { CallResources } from './call-resources';
import { CallVideo, type CallVideoView } from './call-video';
import { ClientIdentity } from './client-identity';
import { Emitter } from './emitter';
import { addressedTo, type FlowEffect, type FlowInput, initialFlow, legIds, stepFlow } from './flow';
import { hangUpByBeacon } from './hang-up';
import type { MessageCount } from './message-count';
import { CallsApi } from './rest';
import { Signaling } from './signaling';
import type { CallClientEvents, CallClientOptions, CallSnapshot } from './types';

/**
 * One person's calling client: the I/O shell around the call flow (flow/). Every action, server event and
 * media event becomes a flow input; the flow's effects are carried out here, over socket.io, REST and one
 * RTCPeerConnection per call, and their results go back in as inputs. Framework-free; the WebRTC API is
 * injected (browser, react-native-webrtc, Node).
 */
export class CallClient {
  private flow = initialFlow;
  private readonly events = new Emitter<CallClientEvents>();
  private readonly identity: ClientIdentity;
  private readonly signaling: Signaling;
  private readonly api: CallsApi;
  private readonly media: CallMedia;
  /** The current call's microphone, peer connection and timers. */
  private resources: CallResources | null = null;
  private endedTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set only while endOnPageHide steps the flow: how its beacon goes out. */
  private beacon: ((callId: string) => void) | null = null;
  private closed = false;
  private readonly quality: CallQuality;
  private readonly video: CallVideo;

  constructor(private readonly opts: CallClientOptions) {
    this.identity = new ClientIdentity(opts.token, opts.deviceId);
    this.signaling = new Signaling(
      opts.serverUrl,
      this.identity,
      {
        connect: (firstTime) => void this.apply({ type: 'socket', up: true, firstTime }),
        disconnect: () => void this.apply({ type: 'socket', up: false }),
        refused: (error) => void this.apply({ type: 'refused', error }),
        'call:incoming': (e) => void this.apply({ type: 'incoming', call: incomingCall(e), media: incomingMedia(e) }),
        'call:accepted': (e) => void this.apply({ type: 'accepted', ...e }),
        'call:rejected': (e) => void this.apply({ type: 'ended', ...e }),
        'call:answered-elsewhere': (e) => void this.apply({ ...e, type: 'ended', reason: 'answered_elsewhere' }),
        'call:ended': (e) => void this.apply({ type: 'ended', ...e }),
        'call:offer': (e) => void this.apply({ type: 'remote-offer', callId: e.callId, offer: e.offer }),
        'call:answer': (e) => void this.withCall(e.callId, (res) => this.media.acceptAnswer(res, e.answer)),
        'call:ice-candidate': (e) =>
          void this.withCall(e.callId, (res) => this.media.addRemoteCandidate(res, e.candidate)),
        'call:ice-candidates': (e) =>
          void this.withCall(e.callId, async (res) => {
            for (const c of e.candidates) await this.media.addRemoteCandidate(res, c);
          }),
        'call:peer-reconnecting': (e) =>
          void this.apply({ type: 'peer-reconnecting', callId: e.callId, reconnecting: true }),
        'call:peer-reconnected': (e) =>
          void this.apply({ type: 'peer-reconnecting', callId: e.callId, reconnecting: false }),
        'call:peer-quality': (e) => this.quality.peer(e),
        'call:peer-video': (e) => this.video.peer(e),
      },
      opts.socketOptions,
    );
    this.api = new CallsApi(opts.serverUrl, this.identity.token);
    this.quality = new CallQuality({
      send: (payload) => this.signaling.post('call:quality', payload),
      report: (ids, summary) => void this.api.logQuality(ids, summary),
      changed: (view) => this.events.emit('quality', view),
      ...(opts.qualityIntervalMs ? { intervalMs: opts.qualityIntervalMs } : {}),
    });
    this.video = new CallVideo({
      webrtc: opts.webrtc,
      send: (payload) => this.signaling.request('call:video', payload),
      changed: (view) => this.events.emit('video', view),
    });
    this.media = new CallMedia(
      opts,
      this.signaling,
      this.api,
      (input) => this.apply(input),
      (stream) => this.events.emit('remote-stream', stream),
      (stream) => this.video.remoteVideo(stream),
    );
  }

  connect(): void {
    this.signaling.connect();
  }

  /**
   * Ends any call (media released at once), then closes the socket once the server has the hang-up, and
   * drops every listener.
   */
  close(): void {
    const hangUp = this.end();
    this.closed = true;
    this.quality.stop();
    this.video.stop();
    this.release();
    if (this.endedTimer) clearTimeout(this.endedTimer);
    this.events.clear();
    void hangUp.finally(() => this.signaling.close());
  }

  getSnapshot = (): CallSnapshot => this.flow.snapshot;

  /** This side's quality estimate and the peer's reported level, while a call has media (else null). */
  getQuality = (): CallQualityView | null => this.quality.view;

  /** The call's cameras while it is connected (else null): what the call screen shows and offers. */
  getVideo = (): CallVideoView | null => this.video.view;

  subscribe = (listener: () => void): (() => void) => this.events.on('change', () => listener());

  on<E extends keyof CallClientEvents>(event: E, fn: CallClientEvents[E]): () => void {
    return this.events.on(event, fn);
  }

  get remoteStream(): MediaStream | null {
    return this.resources?.session?.remoteStream ?? null;
  }

  /** Listeners the client still holds (its own subscribers, socket and peer connection); for leak tests. */
  get listenerCount(): number {
    return this.events.listenerCount() + (this.resources?.session?.listenerCount ?? 0);
  }

  /** This device's id: the server binds its calls to it. */
  get deviceId(): string {
    return this.identity.deviceId;
  }

  /**
   * How many signaling messages a call used on this device, each way (events and acks; engine.io pings are
   * not counted). Kept for the last few calls.
   */
  messagesOf(callId: string): MessageCount {
    return this.signaling.messagesOf(callId);
  }

  /** Resolves once the call is set up as far as it can go without the other side (or refused). */
  startCall(bookingId: string): Promise<void> {
    return this.apply({ type: 'dial', bookingId });
  }

  accept(): Promise<void> {
    return this.apply({ type: 'accept' });
  }

  /** Declines an incoming call: while it rings, or answered but before any media (the server agrees). */
  reject(reason: 'declined' | 'busy' = 'declined'): Promise<void> {
    return this.apply({ type: 'reject', reason });
  }

  /** Hang up: cancels an outgoing call, declines an incoming one, ends a live one. */
  end(): Promise<void> {
    return this.apply({ type: 'hang-up' });
  }

  /**
   * For a page that is closing (`pagehide`): ends a live call at once and tells the server by
   * `navigator.sendBeacon`, which outlives the page, where socket.io would drop an event sent with its
   * disconnect. Returns whether a hang-up was queued.
   */
  endOnPageHide(sendBeacon = globalThis.navigator?.sendBeacon?.bind(globalThis.navigator)): boolean {
    const token = this.identity.lastToken;
    if (!sendBeacon || !token) return false;
    const body = { ...this.identity.device(this.signaling.socketId), token };
    let queued = false;
    this.beacon = (callId) => {
      queued = hangUpByBeacon(sendBeacon, this.opts.serverUrl, callId, body);
    };
    const effects = this.step({ type: 'page-hide' }).effects;
    this.beacon = null;
    return queued || effects.some((e) => e.type === 'reject');
  }

  /** Turns this device's camera on (asking for the permission only now) or off; the peer's stays as it is. */
  setCamera(on: boolean): Promise<void> {
    return this.video.setCamera(on);
  }

  /** Front camera to back and back, on phones. */
  switchCamera(): Promise<void> {
    return this.video.switchCamera();
  }

  /** Says no to the peer's request to show this camera. */
  dismissVideoRequest(): void {
    this.video.dismiss();
  }

  setMuted(muted: boolean): void {
    void this.apply({ type: 'mute', muted });
  }

  toggleMute(): void {
    this.setMuted(!this.flow.snapshot.muted);
  }

  // --- the shell ---

  private apply(input: FlowInput): Promise<void> {
    return this.step(input).done;
  }

  /** Steps the flow, shows the new snapshot, and starts its effects (releasing first, so `ended` is clean). */
  private step(input: FlowInput): { effects: FlowEffect[]; done: Promise<void> } {
    if (this.closed) return { effects: [], done: Promise.resolve() };
    const before = this.flow.snapshot;
    const { state, effects } = stepFlow(this.flow, input);
    this.flow = state;
    if (effects.some((e) => e.type === 'release')) this.release();
    if (state.snapshot !== before) {
      this.events.emit('change', state.snapshot);
      const session = this.resources?.session;
      this.quality.follow(state.snapshot, session ? () => session.stats() : null);
      this.video.follow(state.snapshot, session ?? null);
    }
    const running = effects.map((e) => this.run(e));
    return { effects, done: Promise.all(running).then(() => {}) };
  }

  private run(e: FlowEffect): unknown {
    switch (e.type) {
      case 'acquire-mic': {
        const res = this.resourcesFor(e.leg);
        return res ? this.media.acquireMic(res) : undefined;
      }
      case 'initiate':
        return this.signaling
          .request('call:initiate', { bookingId: e.bookingId, onGlare: 'answer' })
          .then((result) => this.apply({ type: 'initiate-ack', leg: e.leg, result }));
      case 'accept':
        return this.signaling
          .request('call:accept', { ...e.ids, ...(e.answer ? { answer: e.answer } : {}) })
          .then((result) => this.apply({ type: 'accept-ack', leg: e.leg, result }));
      case 'reject':
        return this.signaling.request('call:reject', { ...e.ids, reason: e.reason });
      case 'hang-up':
        return this.hangUp(e.ids);
      case 'beacon':
        return void this.beacon?.(e.callId);
      case 'end':
        return this.signaling.request('call:end', { ...e.ids, ...(e.reason ? { reason: e.reason } : {}) });
      case 'resume':
        return this.signaling.request('call:resume', { callId: e.callId }).then((result) => {
          const iceConnected = this.resources?.session?.iceConnectionState === 'connected';
          return this.apply({ type: 'resume-ack', leg: e.leg, result, iceConnected });
        });
      case 'ask-outcome':
        return this.api
          .outcome(e.bookingId, e.callId)
          .catch(() => null)
          .then((outcome) => this.apply({ type: 'outcome', leg: e.leg, outcome, error: e.error }));
      case 'open-session': {
        const res = this.resourcesFor(e.leg);
        const { iceServers, relayOnly, makeOffer } = e;
        const muted = this.flow.snapshot.muted;
        if (!res || !this.media.openSession(res, { iceServers, relayOnly, muted, makeOffer, gather: true })) return;
        return makeOffer ? this.media.createOffer(res) : undefined;
      }
      case 'prepare-answer': {
        const res = this.resourcesFor(e.leg);
        const { iceServers, relayOnly, offer } = e;
        const muted = this.flow.snapshot.muted;
        const session =
          res && this.media.openSession(res, { iceServers, relayOnly, muted, makeOffer: false, gather: false });
        return session?.prepareAnswer(offer);
      }
      case 'answer-at-tap': {
        const res = this.resourcesFor(e.leg);
        return res ? this.media.answerAtTap(res, e.offer) : undefined;
      }
      case 'attach-mic': {
        const res = this.resourcesFor(e.leg);
        return res ? this.media.attachMic(res, this.flow.snapshot.muted) : undefined;
      }
      case 'send-offer': {
        const { ids, to, offer, candidatesDone } = e;
        return this.signaling.post('call:offer', { ...ids, ...(to ? { to } : {}), offer, candidatesDone });
      }
      case 'send-candidates': {
        const { ids, to, candidates, done } = e;
        return this.signaling.post('call:ice-candidates', { ...ids, ...(to ? { to } : {}), candidates, done });
      }
      case 'batch-timer':
        return this.resourcesFor(e.leg)?.startBatchTimer(CANDIDATE_BATCH_MS, () => {
          void this.apply({ type: 'flush-candidates', leg: e.leg });
        });
      case 'accept-answer': {
        const res = this.resourcesFor(e.leg);
        return res ? this.media.acceptAnswer(res, e.answer) : undefined;
      }
      case 'resend-answer': {
        const res = this.resourcesFor(e.leg);
        return res ? this.media.resendAnswer(res, e.ids, e.to ? { to: e.to } : {}) : undefined;
      }
      case 'answer-offer': {
        const res = this.resourcesFor(e.leg);
        return res ? this.media.answerOffer(res, e.offer, e.ids, e.to ? { to: e.to } : {}) : undefined;
      }
      case 'report-connected':
        return this.signaling.post('call:connected', { callId: e.callId, bookingId: e.bookingId });
      case 'report-hearing': {
        const { type: _, ...payload } = e;
        return this.signaling.send('call:media', payload);
      }
      case 'restart-now':
        return this.resources?.watchdog?.restartNow();
      case 'restart-ice': {
        const res = this.resourcesFor(e.leg);
        return res ? this.media.restartIce(res, e.ids, e.to ? { to: e.to } : {}) : undefined;
      }
      case 'set-muted':
        for (const t of this.resources?.mic?.getAudioTracks() ?? []) t.enabled = !e.muted;
        return;
      case 'release':
        return; // done before the snapshot is shown (step)
      case 'connect-timer': {
        const res = this.resourcesFor(e.leg);
        if (!e.on) return res?.clearConnectTimer();
        const giveUp = () => void this.apply({ type: 'give-up', leg: e.leg, reason: 'ice_failed' });
        return res?.startConnectTimer(this.opts.connectTimeoutMs ?? 20_000, giveUp);
      }
      case 'ended-timer':
        if (this.endedTimer) clearTimeout(this.endedTimer);
        this.endedTimer = e.on
          ? setTimeout(() => void this.apply({ type: 'ended-held' }), this.opts.endedHoldMs ?? 3000)
          : null;
        return;
    }
  }

  /** The socket is down or never answered: the hang-up goes over REST (retried), not lost to the grace period. */
  private async hangUp(ids: { bookingId: string; callId: string }): Promise<void> {
    const socketId = this.signaling.socketId;
    const ack = await this.signaling.request('call:end', ids);
    if (!ack.ok && (ack.error.code === 'not_connected' || ack.error.code === 'timeout')) {
      await this.api.hangUp(ids.callId, this.identity.device(socketId));
    }
  }

  /** The resources of the flow's current call, made on first use; none for a call that is over. */
  private resourcesFor(leg: number): CallResources | null {
    if (this.resources?.leg === leg) return this.resources;
    if (this.flow.leg?.id !== leg) return null;
    this.release();
    this.resources = new CallResources(leg);
    return this.resources;
  }

  /** Signaling about the peer connection of the current call (offer, answer, candidates): media work only. */
  private withCall(
    callId: string,
    fn: (res: CallResources, ids: ReturnType<typeof legIds>, to: { to?: string }) => Promise<void>,
  ): Promise<void> | undefined {
    const leg = this.flow.leg;
    if (leg?.callId !== callId) return;
    const res = this.resourcesFor(leg.id);
    return res ? fn(res, legIds(leg), addressedTo(leg)) : undefined;
  }

  private release(): void {
    if (!this.resources) return;
    this.resources.dispose();
    this.resources = null;
    this.events.emit('remote-stream', null);
  }
}

/** How long the candidates after a device's first wait for the end of gathering before they go anyway. */
const CANDIDATE_BATCH_MS = 1000;

function incomingMedia(e: IncomingEvent) {
  return e.iceServers ? { iceServers: e.iceServers, relayOnly: e.relayOnly ?? false } : null;
}

function incomingCall(e: IncomingEvent) {
  return {
    callId: e.callId,
    bookingId: e.bookingId,
    direction: 'incoming' as const,
    peerId: e.callerId,
    peerName: e.callerName,
    serviceName: e.serviceName,
    relayOnly: e.relayOnly ?? false,
  };
}

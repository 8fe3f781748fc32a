import { CallMedia } from './call-media';
import { CallQuality, type CallQualityView } from './call-quality';
import { CallResources } from './call-resources';
import { CallVideo, type CallVideoView } from './call-video';
import { ClientIdentity } from './client-identity';
import { EffectRunner } from './effect-runner';
import { Emitter } from './emitter';
import { addressedTo, type FlowEffect, type FlowInput, initialFlow, legIds, stepFlow } from './flow';
import { hangUpByBeacon } from './hang-up';
import type { MessageCount } from './message-count';
import { CallsApi } from './rest';
import { serverEventHandlers } from './server-events';
import { Signaling } from './signaling';
import type { CallClientEvents, CallClientOptions, CallSnapshot } from './types';

/**
 * One person's calling client: the I/O shell around the call flow (flow/). Every action, server event
 * (server-events.ts) and media event becomes a flow input; the flow's effects are carried out (effect-runner.ts)
 * over socket.io, REST and one RTCPeerConnection per call, and their results go back in as inputs.
 * Framework-free; the WebRTC API is injected (browser, react-native-webrtc, Node).
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
  /** Set only while endOnPageHide steps the flow: how its beacon goes out. */
  private beacon: ((callId: string) => void) | null = null;
  private closed = false;
  private readonly quality: CallQuality;
  private readonly video: CallVideo;
  private readonly effects: EffectRunner;

  constructor(private readonly opts: CallClientOptions) {
    this.identity = new ClientIdentity(opts.token, opts.deviceId);
    this.signaling = new Signaling(
      opts.serverUrl,
      this.identity,
      serverEventHandlers({
        apply: (input) => this.apply(input),
        withCall: (callId, fn) => this.withCall(callId, fn),
        media: () => this.media,
        peerQuality: (e) => this.quality.peer(e),
        peerVideo: (e) => this.video.peer(e),
        bookingChanged: (booking) => this.events.emit('booking-changed', booking),
      }),
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
    this.effects = new EffectRunner({
      opts,
      signaling: this.signaling,
      api: this.api,
      media: this.media,
      identity: this.identity,
      apply: (input) => this.apply(input),
      resourcesFor: (leg) => this.resourcesFor(leg),
      resources: () => this.resources,
      muted: () => this.flow.snapshot.muted,
      beacon: (callId) => this.beacon?.(callId),
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
    const hangUp = this.end();
    this.closed = true;
    this.quality.stop();
    this.video.stop();
    this.release();
    this.effects.stop();
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
    const running = effects.map((e) => this.effects.run(e));
    return { effects, done: Promise.all(running).then(() => {}) };
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

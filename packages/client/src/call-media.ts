import type { IceCandidate, IceServer, SessionDescription } from '@calling/protocol';
import type { CallResources } from './call-resources';
import { micError } from './errors';
import type { CallIds, FlowInput } from './flow';
import { IceServerSource } from './ice-credentials';
import { STALL_MS } from './inbound-audio-watch';
import { peerConfig } from './peer-config';
import { PeerSession } from './peer-session';
import type { CallsApi } from './rest';
import type { Signaling } from './signaling';
import type { CallClientOptions } from './types';
import { ConnectionWatchdog } from './watchdog';

/**
 * How the media of a call works: the microphone, the peer connection and its offer/answer/candidates, the
 * watchdog, ICE restarts and TURN credential refresh. It decides nothing: what happens is reported to the
 * call flow as an input (`report`), and the flow's effects say what to do next.
 */
export class CallMedia {
  constructor(
    private readonly opts: CallClientOptions,
    private readonly signaling: Signaling,
    private readonly api: CallsApi,
    private readonly report: (input: FlowInput) => Promise<void>,
    private readonly emitRemoteStream: (stream: MediaStream | null) => void,
    private readonly emitRemoteVideo: (stream: MediaStream) => void,
  ) {}

  async acquireMic(res: CallResources): Promise<void> {
    let stream: MediaStream;
    try {
      stream = await this.opts.webrtc.getUserMedia({ audio: this.opts.audio ?? true, video: false });
    } catch (err) {
      if (!res.disposed) await this.report({ type: 'mic', leg: res.leg, error: micError(err) });
      return;
    }
    if (res.adoptMic(stream)) await this.report({ type: 'mic', leg: res.leg, error: null });
  }

  /**
   * The call's peer connection, with the microphone if it is open already (a receiver answering the offer
   * that rang does not wait for it: `attachMic` adds it later). `gather`: candidates from the start (a pool
   * of one), for the caller (an answering side's pool goes unused in Chromium). `makeOffer`: the caller, whose offer needs its mic.
   */
  openSession(
    res: CallResources,
    o: { iceServers: IceServer[]; relayOnly: boolean; muted: boolean; makeOffer: boolean; gather: boolean },
  ): PeerSession | null {
    const mic = res.mic;
    if (res.disposed || (!mic && o.makeOffer)) return null;
    const { iceServers, relayOnly, muted } = o;
    const leg = res.leg;
    res.ice = new IceServerSource(iceServers, () => this.api.iceServers());
    const session = new PeerSession(this.opts.webrtc, peerConfig(iceServers, relayOnly, o.gather), {
      candidate: (candidate) => void this.report({ type: 'local-candidate', leg, candidate }),
      remoteStream: (stream) => this.emitRemoteStream(stream),
      remoteVideo: (stream) => this.emitRemoteVideo(stream),
      iceState: (state) => res.watchdog?.iceState(state),
      mediaFlowing: () => {
        res.watchdog?.mediaFlowing();
        void this.report({ type: 'media-flowing', leg, at: Date.now() });
      },
      mediaStalled: () => void this.report({ type: 'media-stalled', leg, silentMs: STALL_MS }),
      mediaResumed: () => void this.report({ type: 'media-resumed', leg, at: Date.now() }),
    });
    res.watchdog = new ConnectionWatchdog({
      restartAfterMs: this.opts.iceRestartAfterMs ?? 2000,
      lostAfterMs: this.opts.reconnectTimeoutMs ?? 30_000,
      onRestart: () => void this.report({ type: 'restart-wanted', leg }),
      onDrop: () => void this.report({ type: 'media-dropped', leg }),
      onLost: () => void this.report({ type: 'give-up', leg, reason: 'connection_lost' }),
      onFailedBeforeConnect: () => void this.report({ type: 'give-up', leg, reason: 'ice_failed' }),
    });
    res.ice.keepFresh((servers) => session.updateIceServers(servers));
    if (mic) session.addMicrophone(mic);
    if (muted) session.setMuted(true);
    res.setSession(session);
    return session;
  }

  /** The microphone opened after the peer connection (the receiver answered at the tap). */
  attachMic(res: CallResources, muted: boolean): void {
    if (!res.mic || !res.session || res.disposed) return;
    res.session.addMicrophone(res.mic);
    if (muted) res.session.setMuted(true);
  }

  async createOffer(res: CallResources): Promise<void> {
    const made = await res.session?.createFirstOffer().catch(() => null);
    if (made && !res.disposed) await this.report({ type: 'offer-ready', leg: res.leg, ...made });
  }

  /** A ringing receiver's answer to the offer that rang, applied (no ICE check before the tap), for the caller. */
  async prepareAnswer(res: CallResources, session: PeerSession, offer: SessionDescription): Promise<void> {
    const answer = await session.prepareAnswer(offer);
    if (answer && !res.disposed) await this.report({ type: 'answer-prepared', leg: res.leg, answer });
  }

  /** The receiver's answer to the offer that rang (applied while ringing), released at the tap; it goes with the accept. */
  async answerAtTap(res: CallResources, offer: SessionDescription): Promise<void> {
    // Ringing long enough for the answer to be made (nearly always): applied and sent within the tap's task.
    const ready = res.session?.applyPreparedAnswer(offer);
    const session = ready ? null : await res.whenSession();
    const answer = ready ?? (await session?.answerOffer(offer).catch(() => null));
    if (answer && !res.disposed) await this.report({ type: 'answer-ready', leg: res.leg, answer });
  }

  /** A fresh ICE round from the caller (the flow decided it is due). */
  async restartIce(res: CallResources, ids: CallIds, to: { to?: string }): Promise<void> {
    const session = res.session;
    if (!session || res.disposed) return;
    // An earlier restart offer that got no answer (lost with a dead socket): send it again rather than stall.
    const unanswered = session.unansweredOffer();
    if (unanswered) return this.signaling.send('call:offer', { ...ids, ...to, offer: unanswered });
    if (session.signalingState !== 'stable') return;
    session.updateIceServers(await (res.ice?.fresh() ?? Promise.resolve([])));
    const offer = await session.createOffer(true).catch(() => null);
    if (offer && !res.disposed) this.signaling.send('call:offer', { ...ids, ...to, offer });
  }

  /** The receiver's side: answer the caller's offer (first one, or an ICE restart). */
  async answerOffer(res: CallResources, offer: SessionDescription, ids: CallIds, to: { to?: string }): Promise<void> {
    const session = await res.whenSession();
    if (!session || res.disposed) return;
    const answer = await session.answerOffer(offer).catch(() => null);
    if (answer && !res.disposed) this.signaling.post('call:answer', { ...ids, ...to, answer });
  }

  /** The answer this side already made, sent again (none yet: the one being made goes when it is ready). */
  async resendAnswer(res: CallResources, ids: CallIds, to: { to?: string }): Promise<void> {
    const answer = res.session?.currentAnswer();
    if (answer && !res.disposed) this.signaling.post('call:answer', { ...ids, ...to, answer });
  }

  async acceptAnswer(res: CallResources, answer: SessionDescription): Promise<void> {
    await res.session?.acceptAnswer(answer).catch(() => {});
  }

  async addRemoteCandidate(res: CallResources, candidate: IceCandidate | null): Promise<void> {
    const session = await res.whenSession();
    await session?.addRemoteCandidate(candidate);
  }
}

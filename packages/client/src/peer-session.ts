import type { IceCandidate, IceServer, SessionDescription } from '@calling/protocol';
import { gatheringDone } from './ice-gathering';
import { type InboundAudioEvents, InboundAudioWatch } from './inbound-audio-watch';
import { answerVideoTwoWay, offerVideoLine, prioritizeAudio, sendCamera, videoAvailable } from './peer-video';
import { ProvisionalAnswer } from './provisional-answer';
import { RemoteCandidates } from './remote-candidates';
import { takeCandidates } from './sdp-candidates';
import type { WebRtcApi } from './types';
import { serializeCandidate, toWire } from './wire-shapes';

export interface PeerSessionEvents extends InboundAudioEvents {
  /** A local ICE candidate to send to the peer (null: gathering finished). */
  candidate(candidate: IceCandidate | null): void;
  remoteStream(stream: MediaStream): void;
  /** The peer's video track (it carries frames only while the peer's camera is on). */
  remoteVideo(stream: MediaStream): void;
  /** ICE state, as the watchdog needs it. */
  iceState(state: RTCIceConnectionState): void;
}

/** The caller's first offer waits this long at most for ICE gathering, so its SDP carries the candidates. */
export const OFFER_GATHER_MS = 150;

/**
 * One RTCPeerConnection for one call: the local microphone track, SDP (a ringing receiver's answer applied
 * before the tap, a caller's provisional answer), trickle ICE (RemoteCandidates), ICE restarts, and a close
 * that leaves nothing behind.
 */
export class PeerSession {
  private readonly pc: RTCPeerConnection;
  private readonly remoteCandidates: RemoteCandidates;
  private readonly listeners: [EventTarget, string, EventListener][] = [];
  /**
   * A ringing receiver's answer to the offer that rang: applied while it rings, but without the caller's
   * candidates, which wait for the tap (`ready`: applied, so the tap needs no awaited step).
   */
  private prepared: {
    sdp: string;
    answer: Promise<RTCSessionDescriptionInit | null>;
    ready?: RTCSessionDescriptionInit | null;
  } | null = null;
  /** The caller set a ringing device's provisional answer; the accept's has not come. */
  private provisional: ProvisionalAnswer | null = null;
  /** Whether the peer's audio arrives (ICE connected is not yet audio). */
  private readonly inbound: InboundAudioWatch;
  private remote: MediaStream | null = null;
  /** The peer's video track, from the first offer/answer on (it has frames only while their camera is on). */
  private remoteCamera: MediaStream | null = null;
  private closed = false;

  constructor(
    private readonly api: WebRtcApi,
    private config: RTCConfiguration,
    private readonly on: PeerSessionEvents,
  ) {
    this.pc = new api.RTCPeerConnection(config);
    this.remoteCandidates = new RemoteCandidates(this.pc);
    this.inbound = new InboundAudioWatch(this.pc, on);
    this.listen(this.pc, 'icecandidate', (e) => {
      const c = (e as RTCPeerConnectionIceEvent).candidate;
      on.candidate(c?.candidate ? serializeCandidate(c) : null);
    });
    this.listen(this.pc, 'track', (e) => {
      const ev = e as RTCTrackEvent;
      if (ev.track?.kind === 'video') {
        const video = this.streamOf(ev.track);
        this.remoteCamera = video;
        if (video && this.provisional) this.provisional.held.video = true;
        else if (video) on.remoteVideo(video);
        return;
      }
      const stream = ev.streams[0] ?? this.remote ?? this.streamOf(ev.track);
      this.remote = stream;
      if (stream && this.provisional) this.provisional.held.audio = true;
      else if (stream) on.remoteStream(stream);
      // A browser unmutes the peer's track at its first packet: sooner than the next getStats round.
      if (ev.track) {
        this.listen(ev.track, 'unmute', () => {
          if (this.provisional) this.provisional.held.unmuted = true;
          else this.inbound.firstMedia();
        });
      }
    });
    this.listen(this.pc, 'iceconnectionstatechange', () => {
      if (!this.provisional) this.iceChanged();
    });
  }

  private iceChanged() {
    const state = this.pc.iceConnectionState;
    this.on.iceState(state);
    if (state === 'connected' || state === 'completed') this.inbound.watchForMedia();
  }

  /**
   * The microphone's track: a new sender before any offer, or the audio sender an answered offer made (a
   * receiver answers before its microphone is open; replaceTrack needs no new negotiation).
   */
  addMicrophone(stream: MediaStream): void {
    for (const track of stream.getAudioTracks()) {
      const open = this.openAudioSender();
      if (open) void open.replaceTrack(track).catch(() => {});
      const sender = open ?? this.pc.addTrack(track, stream);
      void prioritizeAudio(sender);
    }
  }

  private openAudioSender(): RTCRtpSender | null {
    const transceivers = this.pc.getTransceivers?.() ?? [];
    const t = transceivers.find(
      (x) => x.receiver.track?.kind === 'audio' && !x.sender.track && x.direction !== 'stopped',
    );
    return t ? t.sender : null;
  }

  private streamOf(track: MediaStreamTrack | undefined): MediaStream | null {
    const Stream = this.api.MediaStream ?? (globalThis as { MediaStream?: WebRtcApi['MediaStream'] }).MediaStream;
    return track && Stream ? new Stream([track]) : null;
  }

  /** The connection's statistics (the call's quality monitor samples them). */
  stats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  get remoteStream(): MediaStream | null {
    return this.remote;
  }

  get remoteVideoStream(): MediaStream | null {
    return this.remoteCamera;
  }

  async createOffer(iceRestart = false): Promise<SessionDescription> {
    const offer = await this.pc.createOffer(iceRestart ? { iceRestart: true } : {});
    await this.pc.setLocalDescription(offer);
    return toWire(this.pc.localDescription ?? offer);
  }

  /**
   * The caller's first offer, taken once ICE gathering is over or after `waitMs`: its SDP carries the
   * candidates gathered by then (`gathered`: all of them).
   */
  async createFirstOffer(waitMs = OFFER_GATHER_MS): Promise<{ offer: SessionDescription; gathered: boolean }> {
    offerVideoLine(this.pc);
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    const gathered = await gatheringDone(this.pc, waitMs, () => this.closed);
    return { offer: toWire(this.pc.localDescription ?? offer), gathered };
  }

  /**
   * A ringing receiver: the offer set without its candidates, the answer made and applied, so its own
   * candidates are gathered (the TURN relay too) while it rings. It knows no address of the caller until the
   * tap (the offer's candidates and any trickled ones are held), so no ICE check can leave; its candidates are
   * the flow's to send, after the accept. No microphone.
   */
  prepareAnswer(offer: SessionDescription): Promise<SessionDescription | null> {
    const { sdp, candidates } = takeCandidates(offer.sdp);
    this.remoteCandidates.hold(candidates as RTCIceCandidateInit[]);
    const prepared: NonNullable<PeerSession['prepared']> = {
      sdp: offer.sdp,
      answer: this.makeAnswer({ ...offer, sdp })
        .then(async (answer) => {
          await this.pc.setLocalDescription(answer);
          return answer;
        })
        .catch(() => null),
    };
    this.prepared = prepared;
    // The answer as made, before any candidate joined it: what the caller may have while this rings.
    return prepared.answer.then((answer) => {
      prepared.ready = answer;
      return answer?.sdp ? { type: 'answer', sdp: takeCandidates(answer.sdp).sdp } : null;
    });
  }

  /**
   * The tap, when the answer prepared for this offer is applied: the caller's candidates are added at once,
   * in the tap's own task (a page re-renders on the tap's state change before an awaited step would run),
   * and the answer goes with the candidates gathered so far in its SDP. Null: not applied yet.
   */
  applyPreparedAnswer(offer: SessionDescription): SessionDescription | null {
    if (!this.prepared?.ready || this.prepared.sdp !== offer.sdp) return null;
    this.prepared = null;
    return this.releaseRemote();
  }

  /** The receiver's side: take the caller's offer (first one, or an ICE restart) and answer it. */
  async answerOffer(offer: SessionDescription): Promise<SessionDescription> {
    const prepared = this.prepared?.sdp === offer.sdp ? await this.prepared.answer : null;
    this.prepared = null;
    if (prepared) return this.releaseRemote();
    const answer = await this.makeAnswer(offer);
    // The answer is what the caller waits for: it goes while it is being applied here (the browser's
    // setLocalDescription takes several ms; the caller's first checks wait for it inside the ICE agent). Held
    // candidates are added after it (checks cannot start before the local description anyway).
    const applied = this.pc.setLocalDescription(answer);
    void applied.then(() => this.remoteCandidates.release()).catch(() => {});
    return toWire(answer);
  }

  private releaseRemote(): SessionDescription {
    void this.remoteCandidates.release();
    const answer = this.pc.localDescription;
    if (!answer) throw new Error('no applied answer');
    return toWire(answer);
  }

  private async makeAnswer(offer: SessionDescription): Promise<RTCSessionDescriptionInit> {
    await this.pc.setRemoteDescription(offer);
    // The audio line is answered sendrecv even without a microphone yet (its track joins by replaceTrack), and
    // also when one was put on the offer's transceiver by replaceTrack while it was being set (that leaves
    // the direction recvonly): an answer without send would leave the caller hearing nothing.
    for (const t of this.pc.getTransceivers?.() ?? []) {
      if (t.receiver.track?.kind === 'audio' && t.direction === 'recvonly') t.direction = 'sendrecv';
    }
    answerVideoTwoWay(this.pc);
    return this.pc.createAnswer();
  }

  /**
   * The caller, while it rings: a ringing device's provisional answer, so only checks and DTLS are left for
   * after the tap; held as ProvisionalAnswer says until the accept's answer (ICE changes are not reported
   * either, so such a device cannot end the call through ICE).
   */
  async setProvisionalAnswer(answer: SessionDescription): Promise<void> {
    if (this.pc.signalingState !== 'have-local-offer' || this.provisional || this.closed) return;
    const provisional = new ProvisionalAnswer(answer);
    this.provisional = provisional;
    await provisional.holdMic(this.pc);
    // The accept's answer may have come meanwhile (acceptAnswer then set it and ended this).
    if (this.provisional !== provisional || this.pc.signalingState !== 'have-local-offer') return;
    await this.pc
      .setRemoteDescription({ type: 'pranswer', sdp: provisional.sdp })
      .catch(() => this.endProvisional(false));
  }

  async acceptAnswer(answer: SessionDescription): Promise<void> {
    const state = this.pc.signalingState;
    if (state !== 'have-local-offer' && state !== 'have-remote-pranswer') return; // a duplicate or stale answer
    const provisional = this.provisional;
    if (provisional?.sameDevice(answer)) {
      // The device that answered is the one whose answer is set: the microphone goes back on the line and its
      // candidates go in at once; the answer itself only ends the provisional state. The held media is shown
      // after (a page's audio and video elements take a few ms that the connection need not wait for).
      this.provisional = null;
      provisional.releaseMic();
      const { sdp, candidates } = takeCandidates(answer.sdp);
      for (const c of candidates) void this.pc.addIceCandidate(c as RTCIceCandidateInit).catch(() => {});
      const applied = this.pc.setRemoteDescription({ ...answer, sdp });
      this.surfaceHeld(provisional, true);
      await applied;
    } else {
      // No provisional answer, or another device's: this answer replaces it (ICE and DTLS start over with it).
      await this.pc.setRemoteDescription(answer);
      this.endProvisional(false);
    }
    await this.remoteCandidates.release();
  }

  private endProvisional(samePeer: boolean) {
    const provisional = this.provisional;
    if (!provisional) return;
    this.provisional = null;
    provisional.releaseMic();
    this.surfaceHeld(provisional, samePeer);
  }

  /** `samePeer`: the media held so far came from the device that answered, so its first packet counts. */
  private surfaceHeld(provisional: ProvisionalAnswer, samePeer: boolean) {
    const held = provisional.held;
    if (held.audio && this.remote) this.on.remoteStream(this.remote);
    if (held.video && this.remoteCamera) this.on.remoteVideo(this.remoteCamera);
    this.iceChanged();
    if (held.unmuted && samePeer) this.inbound.firstMedia();
  }

  async addRemoteCandidate(candidate: IceCandidate | null): Promise<void> {
    if (!candidate) return; // end-of-candidates: nothing to do for trickle ICE here
    await this.remoteCandidates.add(candidate as RTCIceCandidateInit);
  }

  /** New TURN credentials (or servers) for the next gathering, e.g. before an ICE restart. */
  updateIceServers(iceServers: IceServer[]): void {
    this.config = { ...this.config, iceServers: iceServers as RTCIceServer[] };
    try {
      this.pc.setConfiguration(this.config);
    } catch {
      // Some stacks refuse a configuration change mid-call; the old credentials keep working until they expire.
    }
  }

  /** The answer this side applied last (null before one is set). */
  currentAnswer(): SessionDescription | null {
    const d = this.pc.localDescription;
    return d?.type === 'answer' ? toWire(d) : null;
  }

  /** Our offer, set locally but not yet answered. */
  unansweredOffer(): SessionDescription | null {
    const d = this.pc.localDescription;
    return this.pc.signalingState === 'have-local-offer' && d ? toWire(d) : null;
  }

  get iceConnectionState(): RTCIceConnectionState {
    return this.pc.iceConnectionState;
  }

  get signalingState(): RTCSignalingState {
    return this.pc.signalingState;
  }

  /** The call negotiated two-way video: a camera can go on with no new offer. */
  get videoAvailable(): boolean {
    return videoAvailable(this.pc);
  }

  /** The camera's track on the call's video line, or null to stop sending video. */
  sendCamera(track: MediaStreamTrack | null): Promise<boolean> {
    return sendCamera(this.pc, track);
  }

  setMuted(muted: boolean): void {
    for (const sender of this.pc.getSenders()) if (sender.track?.kind === 'audio') sender.track.enabled = !muted;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.inbound.stop();
    for (const [target, type, fn] of this.listeners) target.removeEventListener(type, fn);
    this.listeners.length = 0;
    this.remoteCandidates.clear();
    this.pc.close();
  }

  /** Listeners still attached to the peer connection (0 after close). */
  get listenerCount(): number {
    return this.listeners.length;
  }

  private listen(target: EventTarget, type: string, fn: EventListener) {
    target.addEventListener(type, fn);
    this.listeners.push([target, type, fn]);
  }
}

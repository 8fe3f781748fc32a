import type {
  AcceptResult,
  ClientEndReason,
  EndReason,
  IceCandidate,
  IceServer,
  InitiateResult,
  ResumeResult,
  SessionDescription,
} from '@calling/protocol';
import type { CallError, CallInfo, CallSnapshot, RequestResult } from '../types';

/** The one call this device is in, beyond what the screen shows. */
export interface CallLeg {
  /** Numbers this device's calls: tells a late result of an ended call from the current one's. */
  id: number;
  bookingId: string;
  role: 'caller' | 'receiver';
  callId: string | null;
  peerId: string | null;
  /** The caller's `call:initiate` requests that got no answer, and whether one waits for the socket to go out. */
  initiate: { unanswered: number; waiting: boolean };
  /** ICE servers and relay policy, from the initiate ack (caller), the call:incoming or the accept ack (receiver). */
  media: CallMediaConfig | null;
  micReady: boolean;
  sessionOpen: boolean;
  answered: boolean;
  /** The caller's first offer, made and sent while it rings (it rings on the receiver's devices with the call). */
  offer: SessionDescription | null;
  offerSent: boolean;
  /**
   * The offer that rang on this receiver: its answer is applied while ringing without the caller's candidates
   * (no ICE check, no microphone), which are added at the tap; the answer goes with the accept.
   */
  remoteOffer: SessionDescription | null;
  /** Receiver: its provisional answer (no candidates) went to the caller while it rings. */
  pranswerSent: boolean;
  /** Caller: a ringing device's provisional answer is set (the first one; the accept's answer counts). */
  pranswerSet: boolean;
  /**
   * The SDP of the last offer this receiver answered. The offer that rang can come twice (its ring copy, and
   * again after an accept that carried no answer): the copy is not answered again.
   */
  answeredOfferSdp: string | null;
  /** The receiver's accept went out: its candidates may follow. */
  acceptSent: boolean;
  /** Local candidates waiting to go: before the offer (caller) or accept (receiver), or for the open batch. */
  heldCandidates: IceCandidate[];
  /** A batch of local candidates is being collected (its timer runs). */
  batchOpen: boolean;
  /** A batch of this device's candidates went out (the first one is not held back to collect more). */
  candidatesSent: boolean;
  /** ICE gathering is over here (the null candidate came). */
  gathered: boolean;
  /** This device's end-of-candidates went out (or rode in the offer). */
  candidatesDone: boolean;
  reportedConnected: boolean;
  /** Media dropped (ICE down) and not flowing again yet. */
  mediaDropped: boolean;
  /** Media dropped since the socket last came up: a network change is likely, so the next socket up restarts ICE. */
  droppedSinceSocketUp: boolean;
}

export interface FlowState {
  snapshot: CallSnapshot;
  leg: CallLeg | null;
  /** Calls ended here before the initiate ack named them: the ack, when it comes, ends them on the server. */
  unnamed: { leg: number; reason: EndReason }[];
  nextLeg: number;
}

export type GiveUpReason = 'connection_lost' | 'ice_failed';
export type CallMediaConfig = { iceServers: IceServer[]; relayOnly: boolean };

export type FlowInput =
  // the person
  | { type: 'dial'; bookingId: string }
  | { type: 'accept' }
  | { type: 'reject'; reason: 'declined' | 'busy' }
  | { type: 'hang-up' }
  /** The page is closing: only a beacon outlives it. */
  | { type: 'page-hide' }
  | { type: 'mute'; muted: boolean }
  // the server
  | { type: 'initiate-ack'; leg: number; result: RequestResult<InitiateResult> }
  | { type: 'accept-ack'; leg: number; result: RequestResult<AcceptResult> }
  /** `iceConnected`: the peer connection's ICE state when the ack arrived. */
  | { type: 'resume-ack'; leg: number; result: RequestResult<ResumeResult>; iceConnected: boolean }
  /** How the call log says a call ended that this device missed the end of (null: not known). */
  | { type: 'outcome'; leg: number; outcome: { reason: EndReason; duration: number } | null; error: CallError }
  | { type: 'incoming'; call: CallInfo; media: CallMediaConfig | null }
  /** `answer`: the receiver answered the offer that rang (protocol 3). */
  | { type: 'accepted'; callId: string; bookingId: string; answer?: SessionDescription | undefined }
  /** The caller's offer: while it rings (held until the tap), or after the accept (answered at once). */
  | { type: 'remote-offer'; callId: string; offer: SessionDescription }
  /** A ringing device's provisional answer, to the caller (protocol 3). */
  | { type: 'pranswer'; callId: string; answer: SessionDescription }
  | { type: 'ended'; reason: EndReason; callId?: string; bookingId?: string; duration?: number }
  | { type: 'socket'; up: boolean; firstTime?: boolean }
  /** The server refused the handshake. */
  | { type: 'refused'; error: CallError }
  | { type: 'peer-reconnecting'; callId: string; reconnecting: boolean }
  // the media
  | { type: 'mic'; leg: number; error: CallError | null }
  /** `gathered`: ICE gathering finished before the offer was taken, so its SDP holds every candidate. */
  | { type: 'offer-ready'; leg: number; offer: SessionDescription; gathered: boolean }
  /** The ringing receiver's answer to the offer that rang, applied (its candidates not in it). */
  | { type: 'answer-prepared'; leg: number; answer: SessionDescription }
  /** The receiver's answer to the offer that rang, handed back at the tap (with its candidates). */
  | { type: 'answer-ready'; leg: number; answer: SessionDescription }
  | { type: 'local-candidate'; leg: number; candidate: IceCandidate | null }
  /** The open batch's time is up: its candidates go. */
  | { type: 'flush-candidates'; leg: number }
  | { type: 'media-flowing'; leg: number; at: number }
  | { type: 'media-dropped'; leg: number }
  | { type: 'media-stalled'; leg: number; silentMs: number }
  | { type: 'media-resumed'; leg: number; at: number }
  /** The watchdog wants a fresh ICE round. */
  | { type: 'restart-wanted'; leg: number }
  | { type: 'give-up'; leg: number; reason: GiveUpReason }
  // timers
  | { type: 'ended-held' };

export type CallIds = { bookingId: string; callId?: string };

export type FlowEffect =
  | { type: 'acquire-mic'; leg: number }
  | { type: 'initiate'; leg: number; bookingId: string }
  | { type: 'accept'; leg: number; ids: CallIds; answer?: SessionDescription }
  | { type: 'reject'; ids: CallIds; reason: 'declined' | 'busy' }
  /** The person's hang-up: over the socket, or over REST when the socket cannot take it. */
  | { type: 'hang-up'; ids: CallIds & { callId: string } }
  /** The hang-up of a closing page. */
  | { type: 'beacon'; callId: string }
  /** This device ends the call for a reason of its own (without one: the server's usual reason). */
  | { type: 'end'; ids: CallIds; reason?: ClientEndReason }
  | { type: 'resume'; leg: number; callId: string }
  | { type: 'ask-outcome'; leg: number; bookingId: string; callId: string; error: CallError }
  /** The peer connection with the microphone on it; the caller's offer is made at once (`offer-ready`). */
  | { type: 'open-session'; leg: number; iceServers: IceServer[]; relayOnly: boolean; makeOffer: boolean }
  /**
   * A ringing receiver's connection for the offer that rang: the offer set without its candidates and the
   * answer applied (`answer-prepared`), so it gathers; no ICE check, no microphone until the tap.
   */
  | { type: 'prepare-answer'; leg: number; iceServers: IceServer[]; relayOnly: boolean; offer: SessionDescription }
  /** The ringing receiver's provisional answer goes to the caller. */
  | { type: 'send-pranswer'; ids: CallIds; answer: SessionDescription }
  /** The caller sets a ringing device's provisional answer (its microphone held off the line until accepted). */
  | { type: 'set-pranswer'; leg: number; answer: SessionDescription }
  /** At the tap: the caller's candidates added (ICE starts now), the answer handed back (`answer-ready`). */
  | { type: 'answer-at-tap'; leg: number; offer: SessionDescription }
  /** The microphone came after the peer connection (a receiver answers before its microphone is open). */
  | { type: 'attach-mic'; leg: number }
  | { type: 'send-offer'; ids: CallIds; to?: string; offer: SessionDescription; candidatesDone: boolean }
  | { type: 'send-candidates'; ids: CallIds; to?: string; candidates: IceCandidate[]; done: boolean }
  /** Candidates gathered in the next few ms go together: `flush-candidates` when it is up. */
  | { type: 'batch-timer'; leg: number }
  /** The caller's answer came with call:accepted. */
  | { type: 'accept-answer'; leg: number; answer: SessionDescription }
  /** An offer to answer now (after the accept, or an ICE restart): the answer goes as call:answer. */
  | { type: 'answer-offer'; leg: number; ids: CallIds; to?: string; offer: SessionDescription }
  /** The same offer came again: its answer goes again (the first may have gone into a socket that died). */
  | { type: 'resend-answer'; leg: number; ids: CallIds; to?: string }
  | { type: 'report-connected'; callId: string; bookingId: string }
  | { type: 'report-hearing'; callId: string; bookingId: string; hearing: boolean; silentMs?: number }
  /** The watchdog restarts ICE now (it keeps the retry schedule). */
  | { type: 'restart-now' }
  | { type: 'restart-ice'; leg: number; ids: CallIds; to?: string }
  | { type: 'set-muted'; muted: boolean }
  /** The call is over on this device: microphone, peer connection and timers go, the peer's audio too. */
  | { type: 'release' }
  /** Answered: media must flow before connectTimeoutMs, or the call ends `ice_failed`. */
  | { type: 'connect-timer'; leg: number; on: boolean }
  /** `ended` stays on screen for endedHoldMs, then `ended-held`. */
  | { type: 'ended-timer'; on: boolean };

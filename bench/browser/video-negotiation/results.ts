/** What the page of bench/video-negotiation.ts hands back: one try's numbers, and the SDP and parameters it reads. */

export type Design = 'A' | 'B';

/** The arguments of the measurements, one tuple each (page.evaluate hands the page one argument). */
export type TapArgs = [
  design: Design,
  delayMs: number,
  tapper: 'caller' | 'receiver',
  timeoutMs: number,
  config: RTCConfiguration,
];
export type GlareArgs = [design: Design, delayMs: number, timeoutMs: number, config: RTCConfiguration];
export type SdpCostArgs = [bundlePolicy: RTCBundlePolicy, config: RTCConfiguration];
export type SdpSamplesArgs = [delayMs: number, config: RTCConfiguration];

export interface TapResult {
  ok: boolean;
  tapper: 'caller' | 'receiver';
  error?: string;
  /** Tap to the peer's first decoded frame (includes opening the camera). */
  tapToFrameMs: number;
  /** getUserMedia for the camera. */
  cameraMs: number;
  /** Camera track ready to the peer's first decoded frame: what the design costs. */
  trackToFrameMs: number;
  /** B: camera track put on the call to the offer's answer applied (the negotiation itself); A: 0. */
  negotiationMs: number;
  /** Camera track ready to its first captured frame (read from a clone of the track): the camera's own start. */
  localFrameMs: number;
  /** Descriptions exchanged because of the tap (B: offer + answer; A: none). */
  descriptions: number;
  frameWidth: number;
  frameHeight: number;
  /** RTP packets on the video line (sent and received, both sides) before the tap: A's idle line sends none. */
  idleVideoPackets: number;
  /** The caller's selected candidate pair after the frame, local/remote candidate types. */
  pair: string;
  /** Right after the first frame: the sender's outbound and the peer's inbound video counters. */
  diag: Record<string, number>;
}

export interface GlareResult {
  ok: boolean;
  error?: string;
  /** Both cameras on the line (same tick) to frames decoded on both sides. */
  bothWaysMs: number;
  /** Offers that arrived while the receiving side had one of its own under way. */
  collisions: number;
  /** Implicit rollbacks at the polite peer. */
  rollbacks: number;
  /** Offers the impolite peer ignored. */
  ignored: number;
  /** Errors thrown by a negotiation step (setLocal/RemoteDescription, addIceCandidate). */
  failures: number;
  descriptions: number;
  /** Both signaling states stable after the frames came (nothing left half-negotiated). */
  stable: boolean;
}

export interface SdpCost {
  bundlePolicy: string;
  audioOnly: OfferSize;
  withVideoLine: OfferSize;
}

export interface OfferSize {
  /** createOffer()'s SDP, bytes (no candidates yet). */
  offerBytes: number;
  /** The local description once gathering completed (or after 2 s), bytes. */
  gatheredBytes: number;
  gatheredComplete: boolean;
  /** setLocalDescription to gathering complete, ms (up to 10 ms late: polled). */
  gatherMs: number;
  /** a=candidate lines per m-section, in order, once gathering completed. */
  candidatesPerSection: number[];
  /** The same in the description the client sends: after at most OFFER_GATHER_MS. */
  candidatesAtOfferWait: number[];
  /** Distinct candidate address:port (a relay candidate each is a TURN allocation of its own). */
  distinctCandidates: number;
}

export interface SdpSamples {
  /** Design A: an ICE restart offer with the camera on (the only renegotiation A makes). */
  aIceRestartOffer: string;
  /** Design B: the offer that turned the camera on. */
  bVideoOffer: string;
}

export interface AppliedParams {
  video: { maxBitrate: number | null; priority: string | null; degradationPreference: string | null };
  audio: { priority: string | null; networkPriority: string | null };
}

import type { AckOk, Booking, EndReason, ErrorCode, IceServer } from '@calling/protocol';
import type { CallQualityView } from './call-quality';
import type { CallVideoView } from './call-video';

/**
 * What the person holding the phone sees. `calling` = outgoing, ringing at the other end; `ringing` = incoming.
 * `ended` is shown briefly (endedHoldMs), then the client returns to `idle` by itself.
 */
export type CallPhase = 'idle' | 'calling' | 'ringing' | 'connecting' | 'connected' | 'reconnecting' | 'ended';

export interface CallInfo {
  callId: string;
  bookingId: string;
  direction: 'outgoing' | 'incoming';
  peerId: string;
  peerName: string;
  serviceName: string;
  /** Both ends use relay (TURN) candidates only, so neither learns the other's IP address. */
  relayOnly: boolean;
}

/** Errors the client surfaces: the server's codes plus the client's own media/network ones. */
export type CallErrorCode = ErrorCode | 'media_permission_denied' | 'media_unavailable' | 'not_connected' | 'timeout';
export interface CallError {
  code: CallErrorCode;
  message: string;
}

/** The server's ack, or the client's own error when there was none to be had. */
export type RequestResult<T extends object> = AckOk<T> | { ok: false; error: CallError };

/** An immutable picture of the client; a new object on every change (fit for React's useSyncExternalStore). */
export interface CallSnapshot {
  state: CallPhase;
  call: CallInfo | null;
  muted: boolean;
  /** Epoch ms when media started flowing (duration = now - connectedAt), null before. */
  connectedAt: number | null;
  /** Server-reported duration in whole seconds once ended. */
  duration: number | null;
  endReason: EndReason | null;
  error: CallError | null;
  /** The other side lost its connection; the server holds the call for its grace period. */
  peerReconnecting: boolean;
  /** Signaling socket is up. */
  online: boolean;
}

/** The slice of the W3C WebRTC API the client needs: browser globals, react-native-webrtc or @roamhq/wrtc. */
export interface WebRtcApi {
  RTCPeerConnection: new (config: RTCConfiguration) => RTCPeerConnection;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  /**
   * For a peer track that comes without a stream (a receiver answers before its microphone is open). Default:
   * the global MediaStream, where there is one.
   */
  MediaStream?: new (
    tracks: MediaStreamTrack[],
  ) => MediaStream;
}

export interface CallClientOptions {
  /** Origin of the calling server, e.g. http://127.0.0.1:3000 */
  serverUrl: string;
  /** Bearer token (JWT) of the signed-in person; a function is asked again on every (re)connect. */
  token: string | (() => string | Promise<string>);
  webrtc: WebRtcApi;
  /** Passed to getUserMedia as `audio`. Default: true. */
  audio?: MediaTrackConstraints | true;
  /** How long `ended` stays before `idle`. Default 3000 ms. */
  endedHoldMs?: number;
  /** How often a call's quality is sampled (getStats), ms; default 1000. */
  qualityIntervalMs?: number;
  /** ICE `disconnected` this long triggers an ICE restart. Default 2000 ms. */
  iceRestartAfterMs?: number;
  /** Media not back this long after a drop: the call ends as connection_lost. Default 30000 ms. */
  reconnectTimeoutMs?: number;
  /**
   * Answered but no audio this long: the call ends as ice_failed. Default 20000 ms (Chromium itself reports
   * ICE failure after ~15 s; some stacks never do and stay 'checking').
   */
  connectTimeoutMs?: number;
  /** Extra socket.io-client options (transports, path). */
  socketOptions?: Record<string, unknown>;
  /**
   * This app instance's id (8-64 of A-Z a-z 0-9 _ -), sent at every handshake: the server binds a call to
   * the device that placed or answered it. Default: a random id per CallClient.
   */
  deviceId?: string;
}

export type CallClientEvents = {
  /** Every state change. */
  change: (snapshot: CallSnapshot) => void;
  /** The peer's audio: attach to an <audio> element on the web; react-native-webrtc plays it by itself. */
  'remote-stream': (stream: MediaStream | null) => void;
  /** This side's quality estimate or the peer's level changed (null: the call has no media any more). */
  quality: (view: CallQualityView | null) => void;
  /** The call's cameras changed: on or off on either side, the peer's request, a camera error. */
  video: (view: CallVideoView | null) => void;
  /**
   * One of this person's bookings was created or changed (by either party or the host): the booking as
   * GET /api/bookings/:id now answers, so a screen can show it in place and the call button follow `callable`.
   * Changes made while the socket was down are not sent again: read the bookings when `online` comes back.
   */
  'booking-changed': (booking: Booking) => void;
};

export type { IceServer };

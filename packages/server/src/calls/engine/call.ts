import type { CallerType, CallState, CallStatus, EndReason, IceCandidate, SessionDescription } from '@calling/protocol';
import type { VideoUse } from './video';

/** The caller's first offer, sent while the call rings (protocol 3), with the candidates that followed it. */
export interface EarlyOffer {
  offer: SessionDescription;
  candidates: IceCandidate[];
  /** The caller's end-of-candidates marker came. */
  done: boolean;
}

/** A call as the engine sees it. Times are epoch milliseconds; socket ids bind each party's one device. */
export interface Call {
  id: string;
  bookingId: string;
  serviceName: string;
  callerId: string;
  callerName: string;
  callerType: CallerType;
  receiverId: string;
  receiverName: string;
  state: CallState;
  relayOnly: boolean;
  /** The handshake protocol of each party's bound device (1: the seed, which never sends `call:connected`). */
  callerProtocol: number;
  receiverProtocol: number;
  /** Scrubbed already when the call is relay-only. Rings on the receiver's protocol-3 devices. */
  earlyOffer: EarlyOffer | null;
  /** The receiver had no live socket: its devices were woken by push, and are told when the ring stops. */
  ringsByPush: boolean;
  callerSocketId: string | null;
  receiverSocketId: string | null;
  /** The device id the bound socket named at its handshake (null: it named none). */
  callerDeviceId: string | null;
  receiverDeviceId: string | null;
  /** Parties whose bound socket dropped and who may still `call:resume` until graceDeadline. */
  awayUserIds: string[];
  ringDeadline: number | null;
  /** Answered but no media yet: by then the call must connect, or it ends (a client may never report). */
  setupDeadline: number | null;
  graceDeadline: number | null;
  /** When a party dropped, kept until both are back: a call that ends connection_lost bills talk until then. */
  lostAt: number | null;
  /** When a party stopped hearing the other (its report), kept until it hears again: the earlier talk end. */
  silentSince: number | null;
  createdAt: number;
  /**
   * When a receiver's device was first sent the ring: at once for one with a live socket, else when a woken or
   * returning device connected. Null until then (and for a call that never reached any device).
   */
  ringingAt: number | null;
  answeredAt: number | null;
  answerRelayedAt: number | null;
  connectedAt: number | null;
  endedAt: number | null;
  endReason: EndReason | null;
  endedBy: string | null;
  /** Cameras in the call (audio only until a party turns one on). */
  video: VideoUse;
}

export type PartyRole = 'caller' | 'receiver';

export function roleOf(call: Call, userId: string): PartyRole | null {
  if (userId === call.callerId) return 'caller';
  if (userId === call.receiverId) return 'receiver';
  return null;
}

export function peerOf(call: Call, userId: string): string {
  return userId === call.callerId ? call.receiverId : call.callerId;
}

export function boundSocketOf(call: Call, userId: string): string | null {
  return userId === call.callerId ? call.callerSocketId : call.receiverSocketId;
}

/**
 * Whether an event from `from` may act for userId's side of the call: the bound socket, the bound device
 * reconnected on a new socket, or any of the party's devices while that side is unbound (away, or a receiver
 * still ringing). A bound device that named no device id (older clients) keeps the old rule: any device.
 */
export function actsForParty(call: Call, userId: string, from: { socketId: string | null; deviceId: string | null }) {
  const bound = boundSocketOf(call, userId);
  if (bound === null || bound === from.socketId) return true;
  const boundDevice = userId === call.callerId ? call.callerDeviceId : call.receiverDeviceId;
  return boundDevice === null || boundDevice === from.deviceId;
}

export const isLive = (call: Call) => call.state !== 'ended';

/** Glare: `wanted` (not made yet) is the reverse of `theirs`, which still rings. Answering theirs joins both. */
export const isGlare = (theirs: Call, wanted: Call) =>
  theirs.state === 'ringing' &&
  theirs.bookingId === wanted.bookingId &&
  theirs.callerId === wanted.receiverId &&
  theirs.receiverId === wanted.callerId;

/**
 * The caller's own initiate again, from the device that placed the call (its first ack was lost with a
 * socket or a node): the same call, not a busy second one. Only while it is being set up: a connected call is
 * never handed to a second tab that shares the device's id (that one is busy). Not for a device without an id.
 */
export const isRetryOf = (existing: Call, wanted: Call) =>
  (existing.state === 'ringing' || existing.state === 'connecting') &&
  existing.bookingId === wanted.bookingId &&
  existing.callerId === wanted.callerId &&
  existing.callerDeviceId !== null &&
  existing.callerDeviceId === wanted.callerDeviceId;

/** Protocol-1 clients never report media: between two of them, the relayed SDP answer is the connect time. */
export const connectsOnAnswer = (call: Call) =>
  isSeedProtocol(call.callerProtocol) && isSeedProtocol(call.receiverProtocol) && call.connectedAt === null;

/** Protocol 1 (the seed's clients): no `call:connected`. */
export const isSeedProtocol = (protocol: number) => protocol < 2;
/** Protocol 3: the early offer, the answer in the accept, batched candidates. */
export const takesEarlyOffer = (protocol: number) => protocol >= 3;

export const protocolOf = (call: Call, userId: string) =>
  userId === call.callerId ? call.callerProtocol : call.receiverProtocol;

/**
 * Whole seconds of media, 0 if media never flowed. A dropped call's talk stops when the party was lost: its
 * socket's drop, or earlier, when the other side stopped hearing it (a network that just vanishes is noticed
 * by the server only at the socket's ping timeout, seconds later).
 */
export function durationOf(call: Call): number {
  if (call.connectedAt === null || call.endedAt === null) return 0;
  const talkEnd =
    call.endReason === 'connection_lost'
      ? Math.min(call.lostAt ?? call.endedAt, call.silentSince ?? call.endedAt)
      : call.endedAt;
  return Math.max(0, Math.floor((talkEnd - call.connectedAt) / 1000));
}

/**
 * The seed's call_status, derived from what the server saw:
 * completed = media connected; rejected = declined/busy; missed = never answered (no_answer, cancelled,
 * callee_offline); failed = anything else (answered but media never connected, errors).
 */
export function statusOf(call: Call): CallStatus {
  if (call.connectedAt !== null) return 'completed';
  if (call.endReason === 'declined' || call.endReason === 'busy') return 'rejected';
  if (
    call.answeredAt === null &&
    (call.endReason === 'no_answer' || call.endReason === 'cancelled' || call.endReason === 'callee_offline')
  )
    return 'missed';
  return 'failed';
}

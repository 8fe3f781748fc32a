import type { EndReason, ErrorCode } from '@calling/protocol';
import { privateCandidates, privateSdp } from '../relay-privacy';
import {
  actsForParty,
  boundSocketOf,
  type Call,
  connectsOnAnswer,
  durationOf,
  isLive,
  peerOf,
  roleOf,
  takesEarlyOffer,
} from './call';
import { candidateMessages, EARLY_CANDIDATES_MAX, earlyAudience, earlyOfferMessages } from './early-offer';
import type { CallEvent } from './events';
import { addressed, type Notification, notify } from './notifications';
import { videoStopped, videoTurned } from './video';

export interface Timing {
  ringTimeoutMs: number;
  reconnectGraceMs: number;
  /** From accept to media: a call that has not connected by then ends ice_failed. */
  setupTimeoutMs: number;
}
export type TransitionResult =
  | { ok: true; call: Call; notifications: Notification[]; changed: boolean }
  | { ok: false; code: ErrorCode; message: string };

const refuse = (code: ErrorCode, message: string): TransitionResult => ({ ok: false, code, message });
const unchanged = (call: Call): TransitionResult => ({ ok: true, call, notifications: [], changed: false });
const next = (call: Call, notifications: Notification[] = []): TransitionResult => ({
  ok: true,
  call,
  notifications,
  changed: true,
});
const ids = (call: Call) => ({ callId: call.id, bookingId: call.bookingId });
const OTHER_DEVICE = 'this call is live on another of your devices';

/** A device that answers or declines rang, even if the `rang` of its connect (or push) has not landed yet. */
const rangBy = (call: Call, now: number) => call.ringingAt ?? now;

/** The pure call state machine: (call, event, now) -> next call + who to tell. No I/O, no clock. */
export function transition(call: Call, event: CallEvent, now: number, timing: Timing): TransitionResult {
  if (!isLive(call)) return refuse('no_live_call', 'the call has already ended');
  switch (event.type) {
    case 'accept': {
      const role = roleOf(call, event.userId);
      if (role !== 'receiver') return refuse('forbidden', 'only the receiver can accept this call');
      if (call.state !== 'ringing') return refuse('no_live_call', 'the call is not ringing');
      if (event.answer && !call.earlyOffer) return refuse('invalid_payload', 'there is no offer to answer yet');
      const answer = event.answer && call.relayOnly ? privateSdp(event.answer) : event.answer;
      const accepted: Call = {
        ...call,
        state: 'connecting',
        ringingAt: rangBy(call, now),
        answeredAt: now,
        ringDeadline: null,
        setupDeadline: now + timing.setupTimeoutMs,
        receiverSocketId: event.socketId,
        receiverDeviceId: event.deviceId,
        receiverProtocol: event.protocol,
        answerRelayedAt: answer ? now : null,
      };
      return next(accepted, [
        ...toBound(accepted, call.callerId, 'call:accepted', {
          ...ids(call),
          receiverId: call.receiverId,
          ...(answer ? { answer } : {}),
        }),
        notify({ userId: call.receiverId, exceptSocketId: event.socketId }, 'call:answered-elsewhere', ids(call)),
      ]);
    }
    case 'early_offer': {
      const refused = refuseEarly(call, event);
      if (refused) return refused;
      if (call.earlyOffer) return unchanged(call); // sent again: the first one rings already
      const offer = call.relayOnly ? privateSdp(event.offer) : event.offer;
      const early = { offer, candidates: [], done: event.candidatesDone };
      const stored: Call = { ...call, earlyOffer: early };
      const audience = earlyAudience(stored);
      return next(stored, audience ? addressed(audience.to, earlyOfferMessages(stored, early, audience.protocol)) : []);
    }
    case 'early_candidates': {
      const refused = refuseEarly(call, event);
      if (refused) return refused;
      if (!call.earlyOffer) return refuse('no_live_call', 'the offer must come before its candidates');
      if (call.earlyOffer.done) return unchanged(call);
      // In a relay-only call a host/srflx/prflx candidate would reveal the caller's address: dropped here.
      const candidates = call.relayOnly ? privateCandidates(event.candidates) : event.candidates;
      const held = [...call.earlyOffer.candidates, ...candidates];
      if (held.length > EARLY_CANDIDATES_MAX) return refuse('invalid_payload', 'too many candidates for one call');
      const stored: Call = { ...call, earlyOffer: { ...call.earlyOffer, candidates: held, done: event.done } };
      const audience = earlyAudience(stored);
      const message = { ...ids(call), from: call.callerId, candidates, done: event.done };
      return next(stored, audience ? addressed(audience.to, candidateMessages(audience.protocol, message)) : []);
    }
    case 'reject': {
      const role = roleOf(call, event.userId);
      if (role !== 'receiver') return refuse('forbidden', 'only the receiver can reject this call');
      // Accept, then decline before media (a Decline tap while the accept was on its way): declined after all.
      const changedMind = call.state === 'connecting' && call.connectedAt === null;
      if (changedMind && !actsForParty(call, event.userId, event)) return refuse('forbidden', OTHER_DEVICE);
      if (call.state !== 'ringing' && !changedMind) return refuse('no_live_call', 'the call is not ringing');
      const ended = end({ ...call, ringingAt: rangBy(call, now) }, event.reason, event.userId, now);
      return next(ended.call, [
        ...toBound(call, call.callerId, 'call:rejected', { ...ids(call), reason: event.reason }),
        ...ended.notifications,
      ]);
    }
    case 'hangup': {
      const role = roleOf(call, event.userId);
      if (!role) return refuse('forbidden', 'not a participant of this call');
      if (!actsForParty(call, event.userId, event)) return refuse('forbidden', OTHER_DEVICE);
      const ended = end(call, hangupReason(call, role, event.reason), event.userId, now);
      return next(ended.call, ended.notifications);
    }
    case 'answer_relayed': {
      if (call.answerRelayedAt !== null) return unchanged(call);
      const relayed: Call = { ...call, answerRelayedAt: now };
      if (connectsOnAnswer(call)) {
        return next({ ...relayed, state: 'connected', connectedAt: now, setupDeadline: null });
      }
      return next(relayed);
    }
    case 'media_connected': {
      if (!roleOf(call, event.userId)) return refuse('forbidden', 'not a participant of this call');
      if (call.state === 'ringing') return refuse('no_live_call', 'the call has not been answered');
      if (!actsForParty(call, event.userId, event)) return refuse('forbidden', OTHER_DEVICE);
      if (call.connectedAt !== null) return unchanged(call);
      return next({ ...call, state: 'connected', connectedAt: now, setupDeadline: null });
    }
    case 'media_report': {
      if (!roleOf(call, event.userId)) return refuse('forbidden', 'not a participant of this call');
      if (call.connectedAt === null) return refuse('no_live_call', 'media has not connected yet');
      if (!actsForParty(call, event.userId, event)) return refuse('forbidden', OTHER_DEVICE);
      const silentSince = event.hearing ? null : (call.silentSince ?? now - event.silentMs);
      return silentSince === call.silentSince ? unchanged(call) : next({ ...call, silentSince });
    }
    case 'socket_lost': {
      const userId =
        event.socketId === call.callerSocketId
          ? call.callerId
          : event.socketId === call.receiverSocketId
            ? call.receiverId
            : null;
      if (!userId) return unchanged(call);
      const graceDeadline = call.graceDeadline ?? now + timing.reconnectGraceMs;
      const away: Call = {
        ...call,
        ...(userId === call.callerId ? { callerSocketId: null } : { receiverSocketId: null }),
        awayUserIds: [...new Set([...call.awayUserIds, userId])],
        graceDeadline,
        lostAt: call.lostAt ?? now,
      };
      return next(
        away,
        toBound(away, peerOf(call, userId), 'call:peer-reconnecting', {
          ...ids(call),
          userId,
          graceExpiresAt: new Date(graceDeadline).toISOString(),
        }),
      );
    }
    case 'resume': {
      const role = roleOf(call, event.userId);
      if (!role) return refuse('forbidden', 'not a participant of this call');
      if (role === 'receiver' && call.state === 'ringing') {
        return refuse('no_live_call', 'the call has not been answered; accept it instead');
      }
      if (!actsForParty(call, event.userId, event)) return refuse('forbidden', OTHER_DEVICE);
      const wasAway = call.awayUserIds.includes(event.userId);
      const awayUserIds = call.awayUserIds.filter((u) => u !== event.userId);
      const resumed: Call = {
        ...call,
        ...(role === 'caller'
          ? { callerSocketId: event.socketId, callerDeviceId: event.deviceId, callerProtocol: event.protocol }
          : { receiverSocketId: event.socketId, receiverDeviceId: event.deviceId, receiverProtocol: event.protocol }),
        awayUserIds,
        graceDeadline: awayUserIds.length > 0 ? call.graceDeadline : null,
        lostAt: awayUserIds.length > 0 ? call.lostAt : null,
      };
      const told = wasAway
        ? toBound(resumed, peerOf(call, event.userId), 'call:peer-reconnected', { ...ids(call), userId: event.userId })
        : [];
      return next(resumed, told);
    }
    case 'video': {
      const role = roleOf(call, event.userId);
      if (!role) return refuse('forbidden', 'not a participant of this call');
      if (!actsForParty(call, event.userId, event)) return refuse('forbidden', OTHER_DEVICE);
      if (call.state !== 'connected') return refuse('no_live_call', 'video needs a connected call');
      const turned = videoTurned(call, event.userId, event.on, now);
      if (!turned) return unchanged(call);
      const peer = peerOf(call, event.userId);
      return next(turned, toBound(turned, peer, 'call:peer-video', { ...ids(call), on: event.on, from: event.userId }));
    }
    case 'rang':
      // Only the first device's ring counts: dial to ringing is how long the caller waited for any.
      return call.state === 'ringing' && call.ringingAt === null ? next({ ...call, ringingAt: now }) : unchanged(call);
    case 'deadline': {
      if (call.state === 'ringing' && call.ringDeadline !== null && now >= call.ringDeadline) {
        const ended = end(call, 'no_answer', null, now);
        return next(ended.call, ended.notifications);
      }
      if (call.graceDeadline !== null && now >= call.graceDeadline && call.awayUserIds.length > 0) {
        const ended = end(call, 'connection_lost', call.awayUserIds[0] ?? null, now);
        return next(ended.call, ended.notifications);
      }
      if (call.state === 'connecting' && call.setupDeadline !== null && now >= call.setupDeadline) {
        const ended = end(call, 'ice_failed', null, now);
        return next(ended.call, ended.notifications);
      }
      return unchanged(call);
    }
    case 'revoke': {
      const ended = end(call, 'not_permitted', event.userId, now);
      return next(ended.call, ended.notifications);
    }
    case 'callee_offline': {
      if (call.state !== 'ringing') return unchanged(call);
      const ended = end(call, 'callee_offline', null, now);
      return next(ended.call, ended.notifications);
    }
  }
}

/** The earliest moment the engine must look at this call again, or null. */
export function nextDeadline(call: Call): number | null {
  if (!isLive(call)) return null;
  const times = [call.ringDeadline, call.setupDeadline, call.graceDeadline].filter((t): t is number => t !== null);
  return times.length ? Math.min(...times) : null;
}

/** The early offer and its candidates come from the caller's bound device of a protocol-3 call being set up. */
function refuseEarly(call: Call, event: { userId: string; socketId: string | null }): TransitionResult | null {
  if (roleOf(call, event.userId) !== 'caller') return refuse('forbidden', 'only the caller sends the first offer');
  if (call.state !== 'ringing' && call.state !== 'connecting') return refuse('no_live_call', 'the call is set up');
  if (!takesEarlyOffer(call.callerProtocol)) return refuse('no_live_call', 'the call has not been answered yet');
  if (boundSocketOf(call, event.userId) !== event.socketId) {
    return refuse('forbidden', 'this device is not the one in the call');
  }
  return null;
}

function hangupReason(call: Call, role: 'caller' | 'receiver', reported: string | undefined): EndReason {
  // A client may say why (ice_failed, media_permission_denied, connection_lost...); a plain hang-up is
  // completed after media flowed, cancelled before the receiver answered it, declined by the receiver.
  if (reported && reported !== 'completed' && reported !== 'cancelled') return reported as EndReason;
  if (call.state === 'ringing') return role === 'caller' ? 'cancelled' : 'declined';
  return call.connectedAt !== null ? 'completed' : 'cancelled';
}

function end(call: Call, reason: EndReason, endedBy: string | null, now: number) {
  const ended: Call = {
    ...call,
    state: 'ended',
    endedAt: now,
    endReason: reason,
    endedBy,
    ringDeadline: null,
    setupDeadline: null,
    graceDeadline: null,
    awayUserIds: [],
    video: videoStopped(call, now),
  };
  const payload = { ...ids(call), duration: durationOf(ended), endedBy, reason };
  // Every device of both users: a ringing receiver's devices must all stop ringing, and a party whose
  // socket is between reconnects still learns the outcome. Clients ignore calls they do not know.
  const notifications = [
    notify({ userId: call.callerId }, 'call:ended', payload),
    notify({ userId: call.receiverId }, 'call:ended', payload),
  ];
  return { call: ended, notifications };
}

function toBound<E extends Parameters<typeof notify>[1]>(
  call: Call,
  userId: string,
  event: E,
  payload: Parameters<typeof notify<E>>[2],
): Notification[] {
  const socketId = boundSocketOf(call, userId);
  return socketId ? [notify({ socketId }, event, payload)] : [];
}

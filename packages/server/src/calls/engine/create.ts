import type { ErrorCode } from '@calling/protocol';
import { type Admission, admitCaller, type CallableBooking, type CallRequest } from './admission';
import type { Call } from './call';
import type { Timing } from './transitions';
import { NO_VIDEO } from './video';

export type RelayPolicy = 'always' | 'never' | 'per-user';

/** A booking as a new call needs it: its parties, their names and their relay settings. */
export interface BookingForCall extends CallableBooking {
  serviceName: string;
  userName: string;
  providerName: string;
  userRelayOnly: boolean;
  providerRelayOnly: boolean;
}
export interface NewCall {
  callId: string;
  booking: BookingForCall | null;
  request: CallRequest;
  callerSocketId: string;
  callerDeviceId: string | null;
  callerProtocol: number;
  relayPolicy: RelayPolicy;
  turnAvailable: boolean;
}
export type Created = { ok: true; call: Call } | { ok: false; code: ErrorCode; message: string };

/** Whether a call between these two people must go through TURN (hiding both IP addresses). */
export function mustRelay(policy: RelayPolicy, callerRelayOnly: boolean, receiverRelayOnly: boolean): boolean {
  return policy === 'always' || (policy === 'per-user' && (callerRelayOnly || receiverRelayOnly));
}

/** A new ringing call, or why it may not exist. Busy (one live call per booking/person) is the store's check. */
export function createCall(input: NewCall, now: number, timing: Timing): Created {
  const { booking } = input;
  const admission: Admission = admitCaller(booking, input.request);
  if (!admission.ok) return admission;
  if (!booking) return { ok: false, code: 'not_found', message: 'no such booking' };
  const user = { name: booking.userName, relayOnly: booking.userRelayOnly };
  const provider = { name: booking.providerName, relayOnly: booking.providerRelayOnly };
  const [caller, receiver] = admission.callerType === 'user' ? [user, provider] : [provider, user];
  const relayOnly = mustRelay(input.relayPolicy, caller.relayOnly, receiver.relayOnly);
  if (relayOnly && !input.turnAvailable) {
    return {
      ok: false,
      code: 'relay_unavailable',
      message: 'this call must be relayed, but no TURN server is configured',
    };
  }
  const call: Call = {
    id: input.callId,
    bookingId: booking.id,
    serviceName: booking.serviceName,
    callerId: input.request.requesterId,
    callerName: caller.name,
    callerType: admission.callerType,
    receiverId: admission.receiverId,
    receiverName: receiver.name,
    state: 'ringing',
    relayOnly,
    callerProtocol: input.callerProtocol,
    // Until a device accepts: then its own.
    receiverProtocol: input.callerProtocol,
    earlyOffer: null,
    ringsByPush: false,
    callerSocketId: input.callerSocketId,
    callerDeviceId: input.callerDeviceId,
    receiverDeviceId: null,
    receiverSocketId: null,
    awayUserIds: [],
    ringDeadline: now + timing.ringTimeoutMs,
    setupDeadline: null,
    graceDeadline: null,
    lostAt: null,
    silentSince: null,
    createdAt: now,
    ringingAt: null,
    answeredAt: null,
    answerRelayedAt: null,
    connectedAt: null,
    endedAt: null,
    endReason: null,
    endedBy: null,
    video: NO_VIDEO,
  };
  return { ok: true, call };
}

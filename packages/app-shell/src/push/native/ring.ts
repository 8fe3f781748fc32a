import { PushMessage } from '@calling/protocol';

export type RingingMessage = Extract<PushMessage, { type: 'call_ringing' }>;
export type StopReason = Extract<PushMessage, { type: 'call_ring_stopped' }>['reason'];

/**
 * The PushMessage in a push's data, or null when it is not one of ours: an FCM data map (string values,
 * `callerName` absent when hidden) or an APNs payload (the message's keys beside `aps`).
 */
export function readPushMessage(data: Readonly<Record<string, unknown>> | undefined): PushMessage | null {
  if (!data) return null;
  const callerName = typeof data.callerName === 'string' && data.callerName.trim() !== '' ? data.callerName : null;
  const parsed = PushMessage.safeParse({
    type: data.type,
    callId: typeof data.callId === 'string' ? data.callId.toLowerCase() : data.callId,
    bookingId: typeof data.bookingId === 'string' ? data.bookingId.toLowerCase() : data.bookingId,
    callerName,
    reason: data.reason,
  });
  return parsed.success ? parsed.data : null;
}

/**
 * The id CallKit and ConnectionService know a call by. Call ids are UUIDs already; CallKit hands them back in
 * upper case, so both directions go through lower case.
 */
export function systemCallUuid(callId: string): string {
  return callId.toLowerCase();
}

/** The call id of a system call's UUID (as CallKit or callkeep report it). */
export function callIdOfSystemCall(uuid: string): string {
  return uuid.toLowerCase();
}

/**
 * callkeep's end-reason numbers, as its native code maps them (RNCallKeep.m `endCallWithUUID`, VoiceConnection
 * `reportDisconnect`). Not callkeep's JS END_CALL_REASONS: those differ per platform, and these numbers must
 * also match the AppDelegate's table (plugins/call-push-shared.cjs), which the test compares.
 */
export const END_REASON = {
  /** CallKit `.remoteEnded`; Telecom REMOTE. */
  remoteEnded: 2,
  /** CallKit `.answeredElsewhere`; Telecom ANSWERED_ELSEWHERE. */
  answeredElsewhere: 4,
  /** CallKit `.declinedElsewhere`; Telecom has none, callkeep reports REMOTE. */
  declinedElsewhere: 5,
  /** CallKit `.remoteEnded` (iOS has no "missed"; the ring just ends); Telecom MISSED. */
  missed: 6,
} as const;

/** Why the system's call ends: the server's reason for a stop, or (null) the app took the ring down itself. */
export function systemEndReason(reason: StopReason | null): number {
  if (reason === 'answered') return END_REASON.answeredElsewhere;
  if (reason === 'declined') return END_REASON.declinedElsewhere;
  if (reason === 'missed') return END_REASON.missed;
  return END_REASON.remoteEnded;
}

import { PushMessage } from '@calling/protocol';

/** What the system's ring shows when the push hides the caller (the person's setting) or has no name. */
export const INCOMING_CALL_TITLE = 'Incoming call';

/**
 * The PushMessage in a push's data, or null when it is not one of ours: an FCM data map (string values,
 * `callerName` absent when hidden) or a PushKit payload (the message's keys beside `aps`).
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

/** The title of the system's ring for a call. */
export function ringTitle(callerName: string | null): string {
  return callerName ?? INCOMING_CALL_TITLE;
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

/** Why the ring stopped, as callkeep's END_CALL_REASONS (CallKit's and Telecom's end reasons). */
export function systemEndReason(reason: Extract<PushMessage, { type: 'call_ring_stopped' }>['reason'] | null): number {
  if (reason === 'answered') return 4; // ANSWERED_ELSEWHERE
  if (reason === 'declined') return 5; // DECLINED_ELSEWHERE
  if (reason === 'missed') return 6; // MISSED
  return 2; // REMOTE_ENDED: the app took it down itself
}

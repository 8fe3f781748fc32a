import type { Booking, BookingAction, BookingStatus, CallLog, EndReason, Role } from '@calling/protocol';
import { durationWords } from './date-words';

export const bookingStatusWords: Record<BookingStatus, string> = {
  pending: 'Waiting for the provider',
  accepted: 'Accepted',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** A booking's status as its viewer reads it: a pending booking waits for the provider, who is the viewer. */
export function bookingStatusLine(role: Role, status: BookingStatus): string {
  if (status === 'pending' && role === 'provider') return 'New: waiting for you to accept';
  return bookingStatusWords[status];
}

/** Who the other person of a booking is to the viewer: "Provider: Pete" or "Customer: Cara". */
export function otherPartyLine(role: Role, b: Pick<Booking, 'otherPartyName'>): string {
  return `${role === 'user' ? 'Provider' : 'Customer'}: ${b.otherPartyName}`;
}

/**
 * Why the call button of a booking is off, in words, or undefined while the booking allows calls (the button
 * then says who the call goes to, and only the call's own state can stop it).
 */
export function bookingCallBlock(role: Role, b: Pick<Booking, 'status' | 'callable' | 'otherPartyName'>) {
  if (b.callable) return undefined;
  if (b.status === 'pending') {
    return role === 'user'
      ? `Calls open once ${b.otherPartyName} has accepted the booking`
      : 'Calls open once you have accepted the booking';
  }
  return b.status === 'completed' ? 'This booking is completed: calls are closed' : 'This booking was cancelled';
}

/** What each side may do with a booking in a given status (the server enforces the same). */
export function bookingActions(role: Role, status: BookingStatus): BookingAction[] {
  if (role === 'provider') {
    if (status === 'pending') return ['accept', 'decline'];
    if (status === 'accepted') return ['start', 'cancel'];
    if (status === 'in_progress') return ['complete'];
    return [];
  }
  return status === 'pending' || status === 'accepted' ? ['cancel'] : [];
}

export const bookingActionWords: Record<BookingAction, string> = {
  accept: 'Accept booking',
  decline: 'Decline booking',
  start: 'Start job',
  complete: 'Mark completed',
  cancel: 'Cancel booking',
};

/** A refused booking action in words (the server's own message is meant for developers). */
export function bookingActionErrorWords(code: string | null): string {
  if (code === 'conflict') return 'This booking changed meanwhile: it is shown as it is now';
  if (code === 'forbidden') return 'Only the other side of the booking can do that';
  if (code === 'not_found') return 'This booking is no longer available';
  return 'That did not work: check your connection and try again';
}

export type LoggedCall = Pick<CallLog, 'caller_id' | 'call_status' | 'duration'> & Partial<Pick<CallLog, 'end_reason'>>;

const failedWords = (reason: EndReason | null | undefined) =>
  reason === 'media_permission_denied' ? 'no microphone access' : 'could not connect';

/**
 * One line of call history, from the viewer's side, in words: "You called Ana · 3 min 12 s", "Missed call from
 * Ben", "Ben declined your call". A talk that ended because a connection was lost says so, with its length.
 */
export function callLogLine(log: LoggedCall, myId: string, peerName: string): string {
  const outgoing = log.caller_id === myId;
  const placed = outgoing ? `You called ${peerName}` : `${peerName} called you`;
  const reason = log.end_reason;
  switch (log.call_status) {
    case 'completed':
      return reason === 'connection_lost'
        ? `${placed} · dropped after ${durationWords(log.duration)}`
        : `${placed} · ${durationWords(log.duration)}`;
    case 'missed':
      if (!outgoing) return `Missed call from ${peerName}`;
      if (reason === 'cancelled') return `${placed} · cancelled`;
      return `${placed} · ${reason === 'callee_offline' ? 'not reachable' : 'no answer'}`;
    case 'rejected':
      if (reason === 'busy') {
        return outgoing
          ? `${placed} · busy on another call`
          : `Missed call from ${peerName} · you were on another call`;
      }
      return outgoing ? `${peerName} declined your call` : `You declined a call from ${peerName}`;
    case 'failed':
      return `${placed} · ${failedWords(reason)}`;
    case null:
      return `Call with ${peerName} in progress`;
  }
}

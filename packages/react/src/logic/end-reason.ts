import type { CallErrorCode } from '@calling/client';
import type { EndReason } from '@calling/protocol';

export interface EndContext {
  direction: 'outgoing' | 'incoming' | null;
  peerName: string | null;
}

/** Why a call ended, in words for the person holding the phone. */
export function endReasonWords(reason: EndReason | null, ctx: EndContext): string {
  const peer = ctx.peerName ?? 'The other person';
  const outgoing = ctx.direction === 'outgoing';
  switch (reason) {
    case 'completed':
      return 'Call ended';
    case 'cancelled':
      return outgoing ? 'Call cancelled' : `Missed call from ${peer}`;
    case 'declined':
      return outgoing ? `${peer} declined the call` : 'You declined the call';
    case 'busy':
      return outgoing ? `${peer} is busy on another call` : 'Declined: busy';
    case 'no_answer':
      return outgoing ? `${peer} did not answer` : `Missed call from ${peer}`;
    case 'callee_offline':
      return `${peer} is not reachable right now`;
    case 'answered_elsewhere':
      return 'Answered on another device';
    case 'ice_failed':
      return 'Could not connect: the network blocked the call';
    case 'connection_lost':
      return 'Connection lost';
    case 'media_permission_denied':
      return 'Microphone access was denied';
    case 'not_permitted':
      return 'Calls are not allowed for this booking';
    case 'server_shutdown':
      return 'The call service restarted';
    case 'unknown_error':
    case null:
      return 'Call failed';
  }
}

/** A client or server error, in words. */
export function callErrorWords(code: CallErrorCode): string {
  switch (code) {
    case 'busy':
      return 'A call is already in progress';
    case 'booking_not_callable':
      return 'Calls open once the booking is accepted';
    case 'relay_unavailable':
      return 'Relay-only calls need a relay server, and none is configured';
    case 'forbidden':
    case 'not_found':
      return 'You cannot call about this booking';
    case 'unauthorized':
      return 'Please sign in again';
    case 'rate_limited':
      return 'Too many attempts: wait a moment and try again';
    case 'media_permission_denied':
      return 'Microphone access was denied';
    case 'media_unavailable':
      return 'No microphone is available';
    case 'not_connected':
      return 'Not connected to the call service';
    case 'timeout':
      return 'The call service did not answer in time';
    default:
      return 'Something went wrong with the call';
  }
}

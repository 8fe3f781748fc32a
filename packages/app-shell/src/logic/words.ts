import type { BookingAction, BookingStatus, CallLog, Role } from '@calling/protocol';
import { formatDuration } from '@calling/react/logic';

export const bookingStatusWords: Record<BookingStatus, string> = {
  pending: 'Waiting for the provider',
  accepted: 'Accepted',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

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

const callStatusWords = { completed: 'Completed', missed: 'Missed', rejected: 'Declined', failed: 'Failed' } as const;

/**
 * One line of call history, from the viewer's side: "Outgoing · Completed · 00:42". A talk that ended because
 * a connection was lost says so ("Dropped"), with the talk it had before the loss.
 */
export function callLogLine(
  log: Pick<CallLog, 'caller_id' | 'call_status' | 'duration'> & Partial<Pick<CallLog, 'end_reason'>>,
  myId: string,
): string {
  const direction = log.caller_id === myId ? 'Outgoing' : 'Incoming';
  const dropped = log.call_status === 'completed' && log.end_reason === 'connection_lost';
  const status = dropped ? 'Dropped' : log.call_status ? callStatusWords[log.call_status] : 'In progress';
  const length = log.call_status === 'completed' ? ` · ${formatDuration(log.duration)}` : '';
  return `${direction} · ${status}${length}`;
}

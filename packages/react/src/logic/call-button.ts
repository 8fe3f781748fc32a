import type { CallSnapshot } from '@calling/client';

export interface CallButtonInput {
  bookingId: string;
  /** The booking allows calls (accepted or in progress); undefined when the caller does not know. */
  callable?: boolean;
  /** A reason from the screen itself, shown as is. */
  disabledReason?: string;
  snapshot: Pick<CallSnapshot, 'state' | 'call' | 'online'>;
}

const LIVE = new Set(['calling', 'ringing', 'connecting', 'connected', 'reconnecting']);

/** Why the call button for a booking cannot be pressed now, or null when it can. */
export function callButtonBlock({ bookingId, callable, disabledReason, snapshot }: CallButtonInput): string | null {
  if (disabledReason) return disabledReason;
  if (callable === false) return 'Calls open once the booking is accepted';
  if (LIVE.has(snapshot.state)) {
    return snapshot.call && snapshot.call.bookingId !== bookingId ? 'You are on another call' : 'Call in progress';
  }
  if (!snapshot.online) return 'Connecting to the call service…';
  return null;
}

import type { Role } from '@calling/protocol';

/** The two people of a booking: the customer (`userId`) and the provider (`providerId`). */
export interface BookingParties {
  userId: string;
  providerId: string;
}

/** Which side of a booking this person is on, or null for a stranger. The one place this rule lives. */
export function sideOf(booking: BookingParties, personId: string): Role | null {
  if (personId === booking.userId) return 'user';
  if (personId === booking.providerId) return 'provider';
  return null;
}

/** The other party of a booking, seen from `side`. */
export function otherPartyOf(booking: BookingParties, side: Role): string {
  return side === 'user' ? booking.providerId : booking.userId;
}

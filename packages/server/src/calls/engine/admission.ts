import { type BookingStatus, CALLABLE_BOOKING_STATUSES, type ErrorCode, type Role } from '@calling/protocol';
import { type BookingParties, otherPartyOf, sideOf } from '../../bookings/parties';

export interface CallableBooking extends BookingParties {
  id: string;
  status: BookingStatus;
}
export interface CallRequest {
  requesterId: string;
  requesterRole: Role;
  /** The seed's payload fields: when sent, they must agree with the token and the booking. */
  claimedCallerId?: string | undefined;
  claimedReceiverId?: string | undefined;
  claimedCallerType?: Role | undefined;
}
export type Admission =
  | { ok: true; callerType: Role; receiverId: string }
  | { ok: false; code: ErrorCode; message: string };

/** Who may call whom: the pure rules, shared by REST /api/calls/initiate and `call:initiate`. */
export function admitCaller(booking: CallableBooking | null, req: CallRequest): Admission {
  if (!booking) return { ok: false, code: 'not_found', message: 'no such booking' };
  const side = sideOf(booking, req.requesterId);
  if (!side) return { ok: false, code: 'forbidden', message: 'only the two parties of a booking can call each other' };
  if (side !== req.requesterRole) return { ok: false, code: 'forbidden', message: 'token role does not match' };
  if (req.claimedCallerType && req.claimedCallerType !== side) {
    return { ok: false, code: 'forbidden', message: `callerType must be '${side}'` };
  }
  if (req.claimedCallerId && req.claimedCallerId !== req.requesterId) {
    return { ok: false, code: 'forbidden', message: 'callerId must be your own id' };
  }
  const receiverId = otherPartyOf(booking, side);
  if (req.claimedReceiverId && req.claimedReceiverId !== receiverId) {
    return { ok: false, code: 'forbidden', message: 'receiverId is not the other party of this booking' };
  }
  if (!CALLABLE_BOOKING_STATUSES.includes(booking.status)) {
    return { ok: false, code: 'booking_not_callable', message: `booking is ${booking.status}` };
  }
  return { ok: true, callerType: side, receiverId };
}

/** Which live call already holds a slot a new call needs: one live call per booking and per person. */
export type TakenSlot = 'booking' | 'caller' | 'receiver';

/** Why a new call is `busy`, from the slot the live-call store found taken. */
export function busyReason(taken: TakenSlot): string {
  if (taken === 'booking') return 'this booking already has a live call';
  if (taken === 'caller') return 'you are already in a call';
  return 'the other party is in another call';
}

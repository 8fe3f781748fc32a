import { type BookingStatus, CALLABLE_BOOKING_STATUSES, type ErrorCode, type Role } from '@calling/protocol';

export interface BookingParties {
  id: string;
  userId: string;
  providerId: string;
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
export function admitCaller(booking: BookingParties | null, req: CallRequest): Admission {
  if (!booking) return { ok: false, code: 'not_found', message: 'no such booking' };
  const side: Role | null =
    req.requesterId === booking.userId ? 'user' : req.requesterId === booking.providerId ? 'provider' : null;
  if (!side) return { ok: false, code: 'forbidden', message: 'only the two parties of a booking can call each other' };
  if (side !== req.requesterRole) return { ok: false, code: 'forbidden', message: 'token role does not match' };
  if (req.claimedCallerType && req.claimedCallerType !== side) {
    return { ok: false, code: 'forbidden', message: `callerType must be '${side}'` };
  }
  if (req.claimedCallerId && req.claimedCallerId !== req.requesterId) {
    return { ok: false, code: 'forbidden', message: 'callerId must be your own id' };
  }
  const receiverId = side === 'user' ? booking.providerId : booking.userId;
  if (req.claimedReceiverId && req.claimedReceiverId !== receiverId) {
    return { ok: false, code: 'forbidden', message: 'receiverId is not the other party of this booking' };
  }
  if (!CALLABLE_BOOKING_STATUSES.includes(booking.status)) {
    return { ok: false, code: 'booking_not_callable', message: `booking is ${booking.status}` };
  }
  return { ok: true, callerType: side, receiverId };
}

/** One live call per booking and per person: why this call would be `busy`, or null. */
export function busyReason(isBusy: { booking: boolean; caller: boolean; receiver: boolean }): string | null {
  if (isBusy.booking) return 'this booking already has a live call';
  if (isBusy.caller) return 'you are already in a call';
  if (isBusy.receiver) return 'the other party is in another call';
  return null;
}

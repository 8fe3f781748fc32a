import { z } from 'zod';
import { BookingStatus, Id, Name } from '../domain';

export const Provider = z.object({ id: Id, name: Name, serviceName: z.string() });
export type Provider = z.infer<typeof Provider>;

export const CreateBookingBody = z.object({ providerId: Id, serviceName: Name });
export type CreateBookingBody = z.infer<typeof CreateBookingBody>;

export const BookingAction = z.enum(['accept', 'decline', 'start', 'complete', 'cancel']);
export type BookingAction = z.infer<typeof BookingAction>;
export const BookingParams = z.object({ id: Id });
export const BookingActionParams = z.object({ id: Id, action: BookingAction });

/** A booking as one of its parties sees it: the other party's name, never a phone number. */
export const Booking = z.object({
  id: Id,
  userId: Id,
  providerId: Id,
  userName: Name,
  providerName: Name,
  otherPartyId: Id,
  otherPartyName: Name,
  serviceName: z.string(),
  status: BookingStatus,
  callable: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Booking = z.infer<typeof Booking>;

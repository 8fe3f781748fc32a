import { z } from 'zod';
import { limits } from './limits';

export const Id = z.uuid();
export const Role = z.enum(['user', 'provider']);
export type Role = z.infer<typeof Role>;
/** The seed calls it callerType: which side of the booking placed the call. */
export const CallerType = Role;
export type CallerType = Role;

export const Name = z.string().trim().min(1).max(limits.nameChars);

export const BookingStatus = z.enum(['pending', 'accepted', 'in_progress', 'completed', 'cancelled']);
export type BookingStatus = z.infer<typeof BookingStatus>;
/** A booking not over yet: it may still move on (and a deleted person's are cancelled). */
export const OPEN_BOOKING_STATUSES: readonly BookingStatus[] = ['pending', 'accepted', 'in_progress'];
/** A call may be placed only while the booking is in one of these states. */
export const CALLABLE_BOOKING_STATUSES: readonly BookingStatus[] = ['accepted', 'in_progress'];

/** Server-side call states. `reconnecting` is a flag on connecting/connected, not a state of its own. */
export const CallState = z.enum(['ringing', 'connecting', 'connected', 'ended']);
export type CallState = z.infer<typeof CallState>;

/** Why a call ended. Stored in call_logs.end_reason. */
export const EndReason = z.enum([
  'completed',
  'cancelled',
  'declined',
  'busy',
  'no_answer',
  'callee_offline',
  'answered_elsewhere',
  'ice_failed',
  'connection_lost',
  'media_permission_denied',
  'not_permitted',
  'server_shutdown',
  'unknown_error',
]);
export type EndReason = z.infer<typeof EndReason>;

/** End reasons a client may report with `call:end` (the rest are decided by the server). */
export const ClientEndReason = z.enum([
  'completed',
  'cancelled',
  'ice_failed',
  'connection_lost',
  'media_permission_denied',
  'unknown_error',
]);
export type ClientEndReason = z.infer<typeof ClientEndReason>;

/** The seed's three statuses plus 'rejected'. */
/** What a person is shown about a call's path (the client's E-model estimate, with hysteresis). */
export const QualityLevel = z.enum(['good', 'fair', 'poor']);
export type QualityLevel = z.infer<typeof QualityLevel>;
/** Why a level is not good. */
export const QualityReason = z.enum(['high_loss', 'high_delay', 'high_jitter']);
export type QualityReason = z.infer<typeof QualityReason>;

export const CallStatus = z.enum(['completed', 'missed', 'rejected', 'failed']);
export type CallStatus = z.infer<typeof CallStatus>;

export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

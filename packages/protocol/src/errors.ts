import { z } from 'zod';

/** Stable error codes: clients switch on these, so never rename one. */
export const ErrorCode = z.enum([
  'unauthorized', // missing, forged or expired token
  'forbidden', // authenticated, but not allowed to do this (wrong role, not a participant, not the peer)
  'not_found', // no such booking / call / user
  'invalid_payload', // failed schema validation (malformed, missing, oversized, wrong type)
  'busy', // caller or receiver already in a live call
  'booking_not_callable', // booking is not 'accepted' or 'in_progress'
  'no_live_call', // the event refers to a call that is not live (or not in a state that allows it)
  'rate_limited',
  'conflict', // e.g. phone already registered, invalid booking transition
  'relay_unavailable', // a relay-only call was asked for but no TURN server is configured
  'unavailable', // the database or the shared call state is unreachable right now; try again
  'request_timeout', // the request (or its headers) did not arrive in time
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({ code: ErrorCode, message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** HTTP status for each code, used by REST error responses. */
export const httpStatusOf: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_payload: 400,
  busy: 409,
  booking_not_callable: 409,
  no_live_call: 409,
  rate_limited: 429,
  conflict: 409,
  relay_unavailable: 409,
  unavailable: 503,
  request_timeout: 408,
  internal: 500,
};

/** A typed error that crosses the wire as `{ code, message }`. */
export class CallingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CallingError';
  }
  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

import { z } from 'zod';
import { CallLog } from '../rest/calls';

/**
 * Events this server posts to the host marketplace's backend (HOST_WEBHOOK_URL), signed by the Standard
 * Webhooks scheme. Every body is `{ type, timestamp, data }`.
 */
export const HostEventEnvelope = z.object({ type: z.string(), timestamp: z.iso.datetime(), data: z.unknown() });

/**
 * Someone signed up with this phone (REGISTRATION=verified): the host texts the code to the phone, or, when the
 * phone already has an account (`code` null), tells its owner instead. The requester learns neither.
 */
export const RegistrationCodeRequested = z.object({
  phone: z.string(),
  accountExists: z.boolean(),
  code: z.string().nullable(),
  expiresAt: z.iso.datetime().nullable(),
});
export type RegistrationCodeRequested = z.infer<typeof RegistrationCodeRequested>;

/**
 * `call.started` (it rang), `call.answered` and `call.ended`: the call's row as stored when the event is
 * delivered (for `call.ended`: status, end reason, billed duration, quality), never a phone number. Delivered
 * at least once, each with one webhook-id on every attempt (`<type>:<callId>`); not necessarily in order.
 */
export const CallEventData = z.object({ call: CallLog });
export type CallEventData = z.infer<typeof CallEventData>;

export const hostEventTypes = {
  registrationCodeRequested: 'registration.code_requested',
  callStarted: 'call.started',
  callAnswered: 'call.answered',
  callEnded: 'call.ended',
} as const;

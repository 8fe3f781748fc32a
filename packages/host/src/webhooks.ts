import { CallEventData, HostEventEnvelope, hostEventTypes, RegistrationCodeRequested } from '@calling/protocol';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** Every event the calling server posts to the host, by its type. */
export type HostEvent =
  | { id: string; type: 'registration.code_requested'; timestamp: string; data: RegistrationCodeRequested }
  | { id: string; type: 'call.started' | 'call.answered' | 'call.ended'; timestamp: string; data: CallEventData };

export { WebhookVerificationError };

const callTypes: readonly string[] = [
  hostEventTypes.callStarted,
  hostEventTypes.callAnswered,
  hostEventTypes.callEnded,
];

/**
 * Checks a webhook request's signature and timestamp (Standard Webhooks: a tampered body, a wrong secret or
 * a timestamp more than five minutes off throw `WebhookVerificationError`) and returns the typed event. Pass
 * the raw body as received, before any JSON parsing. `id` is the idempotency id: drop one already seen.
 */
export function verifyWebhook(
  secret: string,
  rawBody: string | Buffer,
  headers: Record<string, string | string[] | undefined>,
): HostEvent {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) flat[k.toLowerCase()] = String(v);
  const envelope = HostEventEnvelope.parse(new Webhook(secret).verify(rawBody, flat));
  const id = flat['webhook-id'] ?? '';
  if (envelope.type === hostEventTypes.registrationCodeRequested) {
    return {
      id,
      type: envelope.type,
      timestamp: envelope.timestamp,
      data: RegistrationCodeRequested.parse(envelope.data),
    };
  }
  if (callTypes.includes(envelope.type)) {
    return {
      id,
      type: envelope.type as 'call.started' | 'call.answered' | 'call.ended',
      timestamp: envelope.timestamp,
      data: CallEventData.parse(envelope.data),
    };
  }
  throw new WebhookVerificationError(`unknown event type ${envelope.type}`);
}

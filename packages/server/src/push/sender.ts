import type { PushMessage } from '@calling/protocol';
import type { StoredPushTarget } from '../store/push-targets';

/** One push to one device. `expiresAt` (epoch ms): a ring nobody could still answer is not delivered. */
export interface PushDelivery<T extends StoredPushTarget = StoredPushTarget> {
  target: T;
  message: PushMessage;
  expiresAt: number;
}

/**
 * sent: the push service took it; skipped: this target has no way to carry this message; gone: the address will
 * never wake anything again; failed: the push service refused it or could not be reached.
 */
export type PushOutcome =
  | { result: 'sent' }
  | { result: 'skipped' }
  | { result: 'gone' }
  | { result: 'failed'; reason: string };

/** A push service's client: web push, APNs or FCM. */
export interface PushSender<T extends StoredPushTarget = StoredPushTarget> {
  send(delivery: PushDelivery<T>): Promise<PushOutcome>;
  close(): Promise<void>;
}

export type WebTarget = Extract<StoredPushTarget, { kind: 'web' }>;
export type ApnsTarget = Extract<StoredPushTarget, { kind: 'apns' }>;
export type FcmTarget = Extract<StoredPushTarget, { kind: 'fcm' }>;

/** What a device is shown: the caller's name only where its owner allowed it. */
export function visibleMessage(d: PushDelivery): PushMessage {
  if (d.message.type === 'call_ringing' && !d.target.showCallerName) return { ...d.message, callerName: null };
  return d.message;
}

/** Seconds the push service may hold a push before it is useless (at least 1: 0 means "now or never"). */
export const ttlSeconds = (expiresAt: number, now: number) => Math.max(1, Math.ceil((expiresAt - now) / 1000));

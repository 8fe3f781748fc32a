import { z } from 'zod';
import { Id } from '../domain';
import { DeviceId } from './auth';

/** How a device is woken when its app has no live socket: web push, Apple's VoIP push, Firebase. */
export const PushKind = z.enum(['web', 'apns', 'fcm']);
export type PushKind = z.infer<typeof PushKind>;

const base64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+=*$/, 'base64url');

/** `PushSubscription.toJSON()` of a browser: where to post, and the keys the payload is encrypted to (RFC 8291). */
export const WebPushSubscription = z.object({
  endpoint: z.url({ protocol: /^https$/ }).max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    /** The subscription's P-256 public key, uncompressed (65 bytes: 87 characters of base64url). */
    p256dh: base64url(86, 90),
    /** The 16-byte authentication secret (22 characters of base64url). */
    auth: base64url(21, 24),
  }),
});
export type WebPushSubscription = z.infer<typeof WebPushSubscription>;

const apnsToken = z
  .string()
  .regex(/^[0-9a-fA-F]{64,200}$/, 'hex')
  .transform((t) => t.toLowerCase());

/** Whether this device's lock screen may show who is calling (off: "Incoming call" only). */
const showCallerName = z.boolean().default(true);

/** PUT /api/push/devices/:deviceId: this device's push target (one per device; registering again replaces it). */
export const RegisterPushTargetBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('web'), subscription: WebPushSubscription, showCallerName }).strict(),
  /**
   * `token`: the PushKit VoIP token (hex), which rings (the app reports it to CallKit). `dataToken`: the app's
   * own APNs device token, which takes the stop as a background data push (iOS ends an app that gets a VoIP push
   * it does not report as a call); without it a stop reaches the phone only over its socket.
   */
  z.object({ kind: z.literal('apns'), token: apnsToken, dataToken: apnsToken.optional(), showCallerName }).strict(),
  /** A Firebase registration token: a high-priority data message, shown as a full-screen call notification. */
  z
    .object({
      kind: z.literal('fcm'),
      token: z
        .string()
        .min(32)
        .max(4096)
        .regex(/^[A-Za-z0-9_:.-]+$/, 'an FCM registration token'),
      showCallerName,
    })
    .strict(),
]);
export type RegisterPushTargetBody = z.input<typeof RegisterPushTargetBody>;

export const PushDeviceParams = z.object({ deviceId: DeviceId });
export type PushDeviceParams = z.infer<typeof PushDeviceParams>;

/** A registered push target as its owner sees it: never the token or subscription itself. */
export const PushTarget = z.object({
  deviceId: DeviceId,
  kind: PushKind,
  showCallerName: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PushTarget = z.infer<typeof PushTarget>;
export const PushTargets = z.object({ devices: z.array(PushTarget) });
export type PushTargets = z.infer<typeof PushTargets>;
export const PushTargetRemoved = z.object({ removed: z.boolean() });
export type PushTargetRemoved = z.infer<typeof PushTargetRemoved>;

/** GET /api/push/config: what this server can send (an app registers only what will be used). */
export const PushConfig = z.object({
  /** The VAPID public key (base64url) a browser subscribes with; null when web push is off. */
  webPushPublicKey: z.string().nullable(),
  apns: z.boolean(),
  fcm: z.boolean(),
});
export type PushConfig = z.infer<typeof PushConfig>;

/**
 * What a push carries to a device: the call id, the booking id and (unless the device hid it) the caller's
 * display name. Never a phone number. A device woken by `call_ringing` connects and gets `call:incoming`.
 */
export const PushMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call_ringing'), callId: Id, bookingId: Id, callerName: z.string().nullable() }),
  /**
   * The call stopped ringing: take the ring down. answered: on another device; declined: by one of this
   * person's devices; missed: the caller hung up or nobody answered in time.
   */
  z.object({ type: z.literal('call_ring_stopped'), callId: Id, reason: z.enum(['answered', 'declined', 'missed']) }),
]);
export type PushMessage = z.infer<typeof PushMessage>;

import type { RegisterPushTargetBody } from '@calling/protocol';

/** What the platform gave this device to be pushed at. */
export interface NativePushTokens {
  /** iOS: the PushKit VoIP token (the ring). Android: the FCM registration token (ring and stop). */
  token: string;
  /** iOS only: the app's own APNs device token, where the server sends a ring's stop as a background push. */
  dataToken: string | null;
}

/** The body of `PUT /api/push/devices/:deviceId` for this platform's tokens (FCM's schema has no dataToken). */
export function pushTargetBody(
  kind: 'apns' | 'fcm',
  tokens: NativePushTokens,
  showCallerName: boolean,
): RegisterPushTargetBody {
  if (kind === 'fcm') return { kind, token: tokens.token, showCallerName };
  return { kind, token: tokens.token, ...(tokens.dataToken ? { dataToken: tokens.dataToken } : {}), showCallerName };
}

// Android: the FCM registration token (@react-native-firebase/messaging). Without a google-services.json in the
// build no Firebase app exists and this device cannot be woken.
import { getApps } from '@react-native-firebase/app';
import {
  deleteToken,
  getMessaging,
  getToken,
  onMessage,
  onTokenRefresh,
  setBackgroundMessageHandler,
} from '@react-native-firebase/messaging';
import type { NativePushTokens } from './target';

export const nativePushKind = 'fcm' as const;

export function pushTokensAvailable(): boolean {
  return getApps().length > 0;
}

/** Data messages in the foreground, and in the background (a headless JS task when the app is closed). */
export function listenToPushes(handleData: (data: Readonly<Record<string, unknown>> | undefined) => Promise<void>) {
  if (!pushTokensAvailable()) return;
  const messaging = getMessaging();
  setBackgroundMessageHandler(messaging, (m) => handleData(m.data));
  onMessage(messaging, (m) => handleData(m.data));
}

/** FCM carries the ring and its stop to the one token. */
export async function currentPushTokens(): Promise<NativePushTokens | null> {
  return pushTokensAvailable() ? { token: await getToken(getMessaging()), dataToken: null } : null;
}

export function onPushTokensChange(listener: (tokens: NativePushTokens) => void): () => void {
  return pushTokensAvailable()
    ? onTokenRefresh(getMessaging(), (token) => listener({ token, dataToken: null }))
    : () => {};
}

export async function dropPushToken(): Promise<void> {
  if (pushTokensAvailable()) await deleteToken(getMessaging());
}

// iOS: the PushKit VoIP token. The AppDelegate registers with PushKit at launch, so the token may arrive before
// JS listens (react-native-voip-push-notification replays it in didLoadWithEvents). Pushes themselves are
// handled natively (reported to CallKit), none reach JS here.
import VoipPushNotification from 'react-native-voip-push-notification';

export const nativePushKind = 'apns' as const;

let voipToken: string | null = null;
const tokenListeners = new Set<(token: string) => void>();

function gotToken(token: string) {
  if (!token || token === voipToken) return;
  voipToken = token;
  for (const listener of tokenListeners) listener(token);
}

export function pushTokensAvailable(): boolean {
  return true;
}

export function listenToPushes(): void {
  VoipPushNotification.addEventListener('register', gotToken);
  VoipPushNotification.addEventListener('didLoadWithEvents', (events) => {
    for (const event of events) {
      if (event.name === VoipPushNotification.RNVoipPushRemoteNotificationsRegisteredEvent) gotToken(event.data);
    }
  });
}

export async function currentPushToken(timeoutMs = 10_000): Promise<string | null> {
  if (voipToken) return voipToken;
  return new Promise((resolve) => {
    const done = (token: string | null) => {
      clearTimeout(timer);
      tokenListeners.delete(done);
      resolve(token);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    tokenListeners.add(done);
    // Replays the cached token through 'register', or registers with PushKit now.
    VoipPushNotification.registerVoipToken();
  });
}

export function onPushTokenChange(listener: (token: string) => void): () => void {
  const wrapped = (token: string) => listener(token);
  tokenListeners.add(wrapped);
  return () => {
    tokenListeners.delete(wrapped);
  };
}

/** PushKit has no unregister from JS; the server forgets the token when the target is removed. */
export async function dropPushToken(): Promise<void> {}

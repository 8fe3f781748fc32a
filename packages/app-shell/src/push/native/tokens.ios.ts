// iOS: two tokens. The PushKit VoIP token takes the ring (the AppDelegate registers with PushKit at launch, so the
// token may arrive before JS listens; react-native-voip-push-notification replays it in didLoadWithEvents). The
// app's own APNs device token takes a ring's stop as a background push: the AppDelegate registers for remote
// notifications at launch and writes the token to UserDefaults, which JS reads through React Native's Settings
// (so one that came before JS ran is not lost). Pushes themselves are handled natively; none reach JS here.
import { Settings } from 'react-native';
import VoipPushNotification from 'react-native-voip-push-notification';
import type { NativePushTokens } from './target';

export const nativePushKind = 'apns' as const;

/** Written by the AppDelegate (packages/app-shell/plugins/call-push-ios.cjs). */
const DATA_TOKEN_KEY = 'calling.apnsDataToken';

let voipToken: string | null = null;
/** The pair the listeners were last told. */
let toldVoip: string | null = null;
let toldData: string | null = null;
const tokenListeners = new Set<(tokens: NativePushTokens) => void>();

function dataToken(): string | null {
  const value: unknown = Settings.get(DATA_TOKEN_KEY);
  return typeof value === 'string' && /^[0-9a-f]{64,200}$/i.test(value) ? value : null;
}

/** Tells the listeners when either token is new (nothing before the VoIP token, which rings, is known). */
function tokensMayHaveChanged() {
  const data = dataToken();
  if (!voipToken || (voipToken === toldVoip && data === toldData)) return;
  toldVoip = voipToken;
  toldData = data;
  for (const listener of tokenListeners) listener({ token: voipToken, dataToken: data });
}

function gotVoipToken(token: string) {
  if (!token) return;
  voipToken = token;
  tokensMayHaveChanged();
}

export function pushTokensAvailable(): boolean {
  return true;
}

export function listenToPushes(): void {
  VoipPushNotification.addEventListener('register', gotVoipToken);
  VoipPushNotification.addEventListener('didLoadWithEvents', (events) => {
    for (const event of events) {
      if (event.name === VoipPushNotification.RNVoipPushRemoteNotificationsRegisteredEvent) gotVoipToken(event.data);
    }
  });
  Settings.watchKeys(DATA_TOKEN_KEY, tokensMayHaveChanged);
}

export async function currentPushTokens(timeoutMs = 10_000): Promise<NativePushTokens | null> {
  if (!voipToken) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        tokenListeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      tokenListeners.add(done);
      // Replays the cached token through 'register', or registers with PushKit now.
      VoipPushNotification.registerVoipToken();
    });
  }
  // Without a device token yet the ring still works; the stop then reaches the app over its socket only, and
  // the target is registered again once the token comes (onPushTokensChange).
  return voipToken ? { token: voipToken, dataToken: dataToken() } : null;
}

export function onPushTokensChange(listener: (tokens: NativePushTokens) => void): () => void {
  const wrapped = (tokens: NativePushTokens) => listener(tokens);
  tokenListeners.add(wrapped);
  return () => {
    tokenListeners.delete(wrapped);
  };
}

/** PushKit has no unregister from JS; the server forgets the tokens when the target is removed. */
export async function dropPushToken(): Promise<void> {}

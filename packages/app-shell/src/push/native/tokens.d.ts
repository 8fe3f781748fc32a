// Resolved by the bundler to tokens.ios.ts (a PushKit VoIP token and the app's APNs device token) or
// tokens.android.ts (an FCM token).
import type { NativePushTokens } from './target';

/** Which push target kind this platform registers. */
export declare const nativePushKind: 'apns' | 'fcm';
/** Can this build be woken at all (Android: the build had a google-services.json)? */
export declare function pushTokensAvailable(): boolean;
/** Listens for pushes and tokens from launch on; handleData gets each data push this JS runtime must handle. */
export declare function listenToPushes(
  handleData: (data: Readonly<Record<string, unknown>> | undefined) => Promise<void>,
): void;
/** The current tokens, or null when the platform gives no ringing token in time. */
export declare function currentPushTokens(timeoutMs?: number): Promise<NativePushTokens | null>;
/** Calls back with the tokens each time the platform issues a new one of them. */
export declare function onPushTokensChange(listener: (tokens: NativePushTokens) => void): () => void;
/** Lets go of the token where the platform allows it. */
export declare function dropPushToken(): Promise<void>;

// Resolved by the bundler to tokens.ios.ts (a PushKit VoIP token) or tokens.android.ts (an FCM token).

/** Which push target kind this platform registers. */
export declare const nativePushKind: 'apns' | 'fcm';
/** Can this build be woken at all (Android: the build had a google-services.json)? */
export declare function pushTokensAvailable(): boolean;
/** Listens for pushes and tokens from launch on; handleData gets each data push this JS runtime must handle. */
export declare function listenToPushes(
  handleData: (data: Readonly<Record<string, unknown>> | undefined) => Promise<void>,
): void;
/** The current token, or null when the platform gives none in time. */
export declare function currentPushToken(timeoutMs?: number): Promise<string | null>;
/** Calls back with each new token the platform issues later on. */
export declare function onPushTokenChange(listener: (token: string) => void): () => void;
/** Lets go of the token where the platform allows it. */
export declare function dropPushToken(): Promise<void>;

// Resolved by the bundler to system-call.ios.ts (CallKit) or system-call.android.ts (ConnectionService and a
// full-screen notification).
import type { RingingMessage, StopReason } from './ring';

/** Prepares the platform's call UI once per JS runtime. */
export declare function setupSystemCalls(): Promise<void>;
/** Rings for a call a push announced (on iOS the AppDelegate already did, before any JS ran). */
export declare function showRing(message: RingingMessage): Promise<void>;
/** Takes the system's ring for a call down without reporting a pick (reason: the server's; null: the app's). */
export declare function endRing(callId: string, reason?: StopReason | null): Promise<void>;
/** Sends the picks made on the system's UI to pickedOnSystemRing. */
export declare function listenToSystemCalls(): void;
/** Whether the system lets the ring show (Android 13+ asks for notifications; CallKit asks nothing). */
export declare function ringPermission(ask: boolean): Promise<'granted' | 'denied'>;

import type { PushConfig } from '@calling/protocol';
import type { Api } from '../api/api';

/**
 * What the person picked on a ring shown by the system (a notification, CallKit, Android's call screen), or
 * `end`: a hang-up on the system's screen of a call answered there.
 */
export interface PushAction {
  action: 'answer' | 'decline' | 'end';
  callId: string;
}

/** Whether this device rings while the app is closed. */
export type PushState = 'on' | 'off' | 'denied' | 'unsupported';

export interface PushSetup {
  api: Api;
  /** The server and the signed-in person's token (web: the service worker declines a ring with them). */
  serverUrl: string;
  token: string;
  deviceId: string;
  config: PushConfig;
  /** Whether the system's ring may show the caller's name (the person's setting). */
  showCallerName: boolean;
}

/**
 * Ringing a device whose app has no live socket, one implementation per platform: web push through the app's
 * service worker (device-push.web.ts), PushKit/CallKit and FCM/ConnectionService on phones (device-push.native.ts).
 */
export interface DevicePush {
  /** Can this platform and build be woken at all with what the server offers? */
  supported(config: PushConfig): boolean;
  /** Whether this device is registered now, without asking the person anything. */
  state(setup: PushSetup): Promise<PushState>;
  /** Asks for the permission if needed (call it from a tap), registers this device's target with the server. */
  enable(setup: PushSetup): Promise<PushState>;
  /** Removes this device's target from the server and lets go of the platform's subscription. */
  disable(setup: PushSetup): Promise<void>;
  /**
   * Answer or decline picked on the system's ring, also one that opened the app. Delivered once; the app's call
   * client carries it out when the call's `call:incoming` arrives.
   */
  onAction(listener: (action: PushAction) => void): () => void;
  /**
   * The app rings for this call itself (`ringing-here`), or the call is over (`over`): the system's ring for it
   * may go. A phone's CallKit/ConnectionService ring stays while the call rings in the app (a VoIP push mounts
   * the app in the background, where nobody sees its own ring) and goes when the call is over.
   */
  dismiss(callId: string, why: 'ringing-here' | 'over'): void;
}

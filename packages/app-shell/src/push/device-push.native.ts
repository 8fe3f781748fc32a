// iOS and Android: a PushKit VoIP token (rings through CallKit) or an FCM token (rings through ConnectionService
// and a full-screen notification), registered with the server as this device's push target.
import type { PushConfig } from '@calling/protocol';
import { deleteItemAsync, getItemAsync, setItemAsync } from 'expo-secure-store';
import { Platform } from 'react-native';
import { pushActions } from './native/actions';
import { endRing, ringPermission, setupSystemCalls } from './native/system-call';
import {
  currentPushToken,
  dropPushToken,
  nativePushKind,
  onPushTokenChange,
  pushTokensAvailable,
} from './native/tokens';
import type { DevicePush, PushSetup, PushState } from './types';

/** Set while this device's target is registered, so state() needs neither the server nor a prompt. */
const ENABLED_KEY = 'calling.push.enabled';

let stopRefresh: (() => void) | null = null;

/** A new token from the platform replaces the registered one (the old one stops working). */
function reRegisterOnTokenChange(setup: PushSetup) {
  stopRefresh?.();
  stopRefresh = onPushTokenChange((token) => {
    void register(setup, token).catch(() => {
      // Offline now: the next enable() or launch registers the token again.
    });
  });
}

function register(setup: PushSetup, token: string) {
  return setup.api.registerPushTarget(setup.deviceId, {
    kind: nativePushKind,
    token,
    showCallerName: setup.showCallerName,
  });
}

function supported(config: PushConfig): boolean {
  if (Platform.OS === 'ios') return config.apns;
  return config.fcm && pushTokensAvailable();
}

export const devicePush: DevicePush = {
  supported,

  async state(setup) {
    if (!supported(setup.config)) return 'unsupported';
    if ((await ringPermission(false)) === 'denied') return 'denied';
    if ((await getItemAsync(ENABLED_KEY)) !== setup.deviceId) return 'off';
    reRegisterOnTokenChange(setup);
    return 'on';
  },

  async enable(setup): Promise<PushState> {
    if (!supported(setup.config)) return 'unsupported';
    if ((await ringPermission(true)) === 'denied') return 'denied';
    await setupSystemCalls();
    const token = await currentPushToken();
    if (!token) throw new Error('This device got no push token from the system; try again when online.');
    await register(setup, token);
    await setItemAsync(ENABLED_KEY, setup.deviceId);
    reRegisterOnTokenChange(setup);
    return 'on';
  },

  async disable(setup) {
    stopRefresh?.();
    stopRefresh = null;
    await deleteItemAsync(ENABLED_KEY);
    await setup.api.removePushTarget(setup.deviceId);
    await dropPushToken();
  },

  onAction: (listener) => pushActions.listen(listener),

  dismiss(callId) {
    endRing(callId);
  },
};

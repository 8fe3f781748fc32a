// iOS and Android: a PushKit VoIP token plus the app's APNs device token (the ring rings through CallKit, the stop
// comes as a background push) or an FCM token (rings through ConnectionService and a full-screen notification),
// registered with the server as this device's push target.
import type { PushConfig } from '@calling/protocol';
import { deleteItemAsync, getItemAsync, setItemAsync } from 'expo-secure-store';
import { Platform } from 'react-native';
import { pushActions } from './native/actions';
import { decliner } from './native/decliner';
import { endRing, ringPermission, setupSystemCalls } from './native/system-call';
import { type NativePushTokens, pushTargetBody } from './native/target';
import {
  currentPushTokens,
  dropPushToken,
  nativePushKind,
  onPushTokensChange,
  pushTokensAvailable,
} from './native/tokens';
import type { DevicePush, PushSetup, PushState } from './types';

/** Set while this device's target is registered, so state() needs neither the server nor a prompt. */
const ENABLED_KEY = 'calling.push.enabled';

let stopRefresh: (() => void) | null = null;
/** The tokens the server has for this device now ("" before any). */
let registered = '';
const tokensKey = (t: NativePushTokens) => `${t.token} ${t.dataToken ?? ''}`;

/** A new token from the platform replaces the registered one (the old one stops working). */
function reRegisterOnTokenChange(setup: PushSetup) {
  stopRefresh?.();
  stopRefresh = onPushTokensChange((tokens) => {
    if (tokensKey(tokens) === registered) return;
    void register(setup, tokens).catch(() => {
      // Offline now: the next enable() or launch registers the tokens again.
    });
  });
}

async function register(setup: PushSetup, tokens: NativePushTokens) {
  await setup.api.registerPushTarget(setup.deviceId, pushTargetBody(nativePushKind, tokens, setup.showCallerName));
  registered = tokensKey(tokens);
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
    const tokens = await currentPushTokens();
    if (!tokens) throw new Error('This device got no push token from the system; try again when online.');
    await register(setup, tokens);
    // Runs at every start while on, so a decline from a closed app uses the token the app holds now.
    await decliner.remember({ serverUrl: setup.serverUrl, token: setup.token, deviceId: setup.deviceId });
    await setItemAsync(ENABLED_KEY, setup.deviceId);
    reRegisterOnTokenChange(setup);
    return 'on';
  },

  async disable(setup) {
    stopRefresh?.();
    stopRefresh = null;
    registered = '';
    await deleteItemAsync(ENABLED_KEY);
    await decliner.forget();
    await setup.api.removePushTarget(setup.deviceId);
    await dropPushToken();
  },

  onAction: (listener) => pushActions.listen(listener),

  dismiss(callId, why) {
    // CallKit's ring is what the person sees, also while the woken app rings in the background: only when the
    // call is over (a call answered on CallKit is CallKit's call until then).
    if (why === 'over') void endRing(callId);
  },
};

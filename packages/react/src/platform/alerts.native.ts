import { ImpactFeedbackStyle, impactAsync, NotificationFeedbackType, notificationAsync } from 'expo-haptics';
import { Vibration } from 'react-native';
import InCallManager from 'react-native-incall-manager';
import { type CallTone, RING_VIBRATION } from '../logic/call-alerts';
import type { CallHaptics, TonePlayer } from './types';

let sounding: CallTone | null = null;

/**
 * iOS/Android: InCallManager's tones. The ringtone is the phone's own (iOS's playback category, so it sounds over
 * the silent switch as a call does; Android stops it by itself after 45 s if nothing else does); the ringback is
 * InCallManager's generated one, into the call's audio route (started by the audio session as the call is placed).
 */
export const tones: TonePlayer = {
  async play(tone) {
    tones.stop();
    sounding = tone;
    // No vibration pattern here: InCallManager would vibrate once; the ring's vibration repeats (haptics).
    if (tone === 'ringtone') InCallManager.startRingtone('_DEFAULT_', 0, 'playback', 45);
    else InCallManager.startRingback('_DTMF_');
    return 'playing';
  },
  stop() {
    if (sounding === 'ringtone') InCallManager.stopRingtone();
    if (sounding === 'ringback') InCallManager.stopRingback();
    sounding = null;
  },
};

export const haptics: CallHaptics = {
  ringVibration(on) {
    // Android: wait, vibrate, wait, repeated. iOS: each vibration is fixed (~0.4 s) and the numbers are the pauses.
    if (on) Vibration.vibrate([0, RING_VIBRATION.onMs, RING_VIBRATION.offMs], true);
    else Vibration.cancel();
  },
  tap(kind) {
    const felt =
      kind === 'connect'
        ? notificationAsync(NotificationFeedbackType.Success)
        : impactAsync(ImpactFeedbackStyle.Medium);
    felt.catch(() => undefined);
  },
};

import ringbackUrl from '../../assets/tones/ringback.wav';
import ringtoneUrl from '../../assets/tones/ringtone.wav';
import { type CallTone, RING_VIBRATION } from '../logic/call-alerts';
import type { CallHaptics, TonePlayer, ToneStart } from './types';

const urls: Record<CallTone, string> = { ringtone: ringtoneUrl, ringback: ringbackUrl };
const elements = new Map<CallTone, HTMLAudioElement>();

/** One looping <audio> per tone, made at its first use and kept (hidden, outside the React tree). */
function element(tone: CallTone): HTMLAudioElement {
  let audio = elements.get(tone);
  if (!audio) {
    audio = document.createElement('audio');
    audio.src = urls[tone];
    audio.loop = true;
    audio.preload = 'auto';
    audio.dataset.role = 'call-tone';
    audio.dataset.tone = tone;
    document.body.appendChild(audio);
    elements.set(tone, audio);
  }
  return audio;
}

function stop(): void {
  for (const audio of elements.values()) {
    if (!audio.paused) audio.pause();
    audio.currentTime = 0;
  }
}

/** Browsers: a bundled tone in an <audio> element; a browser that wants a tap first says NotAllowedError. */
export const tones: TonePlayer = {
  play(tone) {
    stop();
    const audio = element(tone);
    return audio.play().then(
      (): ToneStart => (audio.paused ? 'stopped' : 'playing'),
      (e: unknown): ToneStart => ((e as Error | null)?.name === 'NotAllowedError' ? 'blocked' : 'stopped'),
    );
  },
  stop,
};

/** navigator.vibrate where the browser has it (Android's) and the page was tapped: it refuses before that. */
const canVibrate = () => typeof navigator.vibrate === 'function' && (navigator.userActivation?.hasBeenActive ?? false);
/** The Vibration API's pattern starts with a vibration: on, off. */
const ringPattern = [RING_VIBRATION.onMs, RING_VIBRATION.offMs];
let ringTimer: ReturnType<typeof setInterval> | null = null;

export const haptics: CallHaptics = {
  ringVibration(on) {
    if (ringTimer) clearInterval(ringTimer);
    ringTimer = null;
    if (!canVibrate()) return;
    if (!on) {
      navigator.vibrate(0);
      return;
    }
    navigator.vibrate(ringPattern);
    ringTimer = setInterval(() => navigator.vibrate(ringPattern), RING_VIBRATION.onMs + RING_VIBRATION.offMs);
  },
  tap(kind) {
    if (canVibrate()) navigator.vibrate(kind === 'connect' ? 40 : [30, 60, 30]);
  },
};

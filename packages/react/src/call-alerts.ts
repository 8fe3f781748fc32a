import type { CallSnapshot } from '@calling/client';
import { type CallTone, callHaptic, callTone } from './logic/call-alerts';
import type { CallHaptics, TonePlayer } from './platform/types';

/** What the alerts follow: a CallClient, or anything with its snapshot store. */
export interface SnapshotSource {
  getSnapshot(): CallSnapshot;
  subscribe(listener: () => void): () => void;
}

export interface CallAlerts {
  /** Plays the current tone again: from a tap, when the browser blocked it (the muted ring). */
  retry(): void;
  /** Silences everything and stops following the call. */
  close(): void;
}

/**
 * Sounds and vibrates what the call's state asks for (callTone, callHaptic), straight from the client's change
 * notifications: a tone stops in the same task as the state that ends the ringing, not after a render.
 * `onBlocked` hears whether the current tone was refused by the browser's autoplay rules.
 */
export function followCallAlerts(
  source: SnapshotSource,
  out: { tones: TonePlayer; haptics: CallHaptics },
  onBlocked: (blocked: boolean) => void,
): CallAlerts {
  let tone: CallTone | null = null;
  let state = source.getSnapshot().state;
  let attempt = 0;

  const start = (t: CallTone) => {
    attempt += 1;
    const mine = attempt;
    void out.tones.play(t).then((result) => {
      if (mine === attempt && tone === t) onBlocked(result === 'blocked');
    });
  };
  const silence = () => {
    attempt += 1;
    if (tone) out.tones.stop();
    if (tone === 'ringtone') out.haptics.ringVibration(false);
    tone = null;
    onBlocked(false);
  };
  const update = () => {
    const s = source.getSnapshot();
    const haptic = callHaptic(state, s.state);
    state = s.state;
    const next = callTone(s);
    if (next !== tone) {
      silence();
      tone = next;
      if (next) start(next);
      if (next === 'ringtone') out.haptics.ringVibration(true);
    }
    if (haptic) out.haptics.tap(haptic);
  };

  update();
  const off = source.subscribe(update);
  return {
    retry: () => {
      if (tone) start(tone);
    },
    close: () => {
      off();
      silence();
    },
  };
}

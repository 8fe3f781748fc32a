import type { CallPhase, CallSnapshot } from '@calling/client';

/** `ringtone`: an incoming call rings here. `ringback`: the caller hears that the other side is ringing. */
export type CallTone = 'ringtone' | 'ringback';

/** A short tap felt when a call connects or ends (phones only). */
export type CallHaptic = 'connect' | 'end';

/**
 * Which tone sounds for the call as it stands, or none. The ringback starts only once the server said the other
 * side rings (the initiate's ack named the call): a call refused at once (busy, offline, not permitted) never
 * rings back. Every way the ringing ends (accept, decline, cancel, ring timeout, answered elsewhere, an error)
 * leaves these two states, so the tone stops with it.
 */
export function callTone(s: Pick<CallSnapshot, 'state' | 'call'>): CallTone | null {
  if (s.state === 'ringing') return 'ringtone';
  if (s.state === 'calling' && s.call !== null) return 'ringback';
  return null;
}

/** The tap for a move from one state to the next: the first media of a call, and its end. */
export function callHaptic(prev: CallPhase, next: CallPhase): CallHaptic | null {
  if (prev === next) return null;
  if (prev === 'connecting' && next === 'connected') return 'connect';
  if (next === 'ended') return 'end';
  return null;
}

/** The vibration while an incoming call rings, repeated until the ring stops: on, then off, in ms. */
export const RING_VIBRATION = { onMs: 800, offMs: 1200 } as const;

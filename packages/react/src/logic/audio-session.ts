import type { CallPhase } from '@calling/client';

export type AudioSessionStep = 'start' | 'stop' | null;

/**
 * What the in-call audio routing must do when the call moves from one state to the next. The ring and ringback
 * are the call tones' (call-alerts), not the routing's.
 */
export function audioSessionStep(prev: CallPhase, next: CallPhase): AudioSessionStep {
  if (prev === next) return null;
  const wasQuiet = prev === 'idle' || prev === 'ended' || prev === 'ringing';
  if (wasQuiet && (next === 'calling' || next === 'connecting')) return 'start';
  if ((next === 'ended' || next === 'idle') && prev !== 'ended' && prev !== 'idle') return 'stop';
  return null;
}

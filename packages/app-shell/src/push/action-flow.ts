import type { CallPhase } from '@calling/client';
import type { PushAction } from './types';

/** Answer or Decline picked on a system ring, waiting for its call to ring in the app. */
export interface PendingPushAction extends PushAction {
  /** Epoch ms it was picked. */
  at: number;
}

/** A woken app that never gets its call (it ended meanwhile) lets the choice go after this. */
export const PENDING_ACTION_MAX_MS = 60_000;

const LIVE: CallPhase[] = ['connecting', 'connected', 'reconnecting'];

/**
 * What to do with a choice made on the system's ring, given what the call client shows now: carry it out once
 * its call rings here (an end then declines), hang up a live call ended on the system's screen, drop it once
 * nothing is left to do or it is too old, else wait for `call:incoming`.
 */
export function pushActionStep(
  pending: PendingPushAction,
  now: { state: CallPhase; callId: string | null; at: number },
): 'accept' | 'reject' | 'hangup' | 'drop' | 'wait' {
  if (now.callId === pending.callId) {
    if (now.state === 'ringing') return pending.action === 'answer' ? 'accept' : 'reject';
    if (pending.action === 'end' && LIVE.includes(now.state)) return 'hangup';
    return 'drop';
  }
  return now.at - pending.at > PENDING_ACTION_MAX_MS ? 'drop' : 'wait';
}

import type { PushAction } from '../types';

/**
 * Answer/decline picked on the system's ring, each call's first one only (the notification's button and the
 * ConnectionService or CallKit event can both report one pick). Held until a listener comes: a pick that opened
 * the app arrives before the app's React tree listens.
 */
export function createActionChannel(remember = 64) {
  const listeners = new Set<(action: PushAction) => void>();
  const pending: PushAction[] = [];
  /** Calls that got their action or were taken down by the app: later events for them are echoes. */
  const settled: string[] = [];
  /** Calls answered on the system's screen: an end there later hangs them up. */
  const answered: string[] = [];

  const isSettled = (callId: string) => settled.includes(callId);
  function settle(callId: string) {
    if (isSettled(callId)) return;
    settled.push(callId);
    if (settled.length > remember) settled.shift();
  }

  return {
    settle,
    isSettled,
    /** Takes a call's pick: true for the first one (then settled), false for an echo. */
    claim(callId: string): boolean {
      if (isSettled(callId)) return false;
      settle(callId);
      return true;
    },
    /** The call's pick was Answer: a later end on the system's screen is a hang-up, once. */
    markAnswered(callId: string): void {
      answered.push(callId);
      if (answered.length > remember) answered.shift();
    },
    /** An end on the system's screen of a call answered there: true once (then it is no longer answered). */
    takeHangUp(callId: string): boolean {
      const at = answered.indexOf(callId);
      if (at < 0) return false;
      answered.splice(at, 1);
      return true;
    },
    /** Hands a claimed pick to the app (held until it listens). */
    deliver(action: PushAction): void {
      if (listeners.size === 0) pending.push(action);
      for (const listener of listeners) listener(action);
    },
    listen(listener: (action: PushAction) => void): () => void {
      listeners.add(listener);
      for (const action of pending.splice(0)) listener(action);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export type ActionChannel = ReturnType<typeof createActionChannel>;

/** The one channel of this app process: the background handlers and devicePush share it. */
export const pushActions = createActionChannel();

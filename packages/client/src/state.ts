import type { EndReason } from '@calling/protocol';
import type { CallError, CallInfo, CallSnapshot } from './types';

/**
 * The client's call state as a pure reducer: every input (a user action, a server event, a media event)
 * becomes one CallInput, and the next snapshot depends on nothing else. No I/O, no timers.
 */
export type CallInput =
  | { type: 'dial'; bookingId: string }
  | { type: 'dialed'; call: CallInfo }
  | { type: 'incoming'; call: CallInfo }
  | { type: 'answered' }
  | { type: 'media-up'; at: number }
  | { type: 'media-down' }
  | { type: 'peer-reconnecting'; reconnecting: boolean }
  | { type: 'online'; online: boolean }
  | { type: 'muted'; muted: boolean }
  | { type: 'error'; error: CallError | null }
  | { type: 'ended'; reason: EndReason; duration?: number; error?: CallError; callId?: string }
  | { type: 'reset' };

export const initialSnapshot: CallSnapshot = Object.freeze({
  state: 'idle',
  call: null,
  muted: false,
  connectedAt: null,
  duration: null,
  endReason: null,
  error: null,
  peerReconnecting: false,
  online: false,
});

/** A call is live from dialing or ringing until it ends. */
export const isLive = (s: CallSnapshot) => s.state !== 'idle' && s.state !== 'ended';

/** An incoming call that may still be declined: ringing, or answered but no media yet. */
export const beforeMedia = (s: CallSnapshot) =>
  s.state === 'ringing' || (s.state === 'connecting' && s.connectedAt === null);

export function reduceCall(s: CallSnapshot, input: CallInput): CallSnapshot {
  switch (input.type) {
    case 'dial':
      if (isLive(s)) return s;
      return { ...initialSnapshot, online: s.online, state: 'calling' };
    case 'dialed':
      // Answered before the initiate's ack arrived (glare: the peer's own dial answered it): still this call.
      return s.state === 'calling' || (s.state === 'connecting' && s.call === null) ? { ...s, call: input.call } : s;
    case 'incoming':
      if (isLive(s)) return s;
      return { ...initialSnapshot, online: s.online, state: 'ringing', call: input.call };
    case 'answered':
      return s.state === 'calling' || s.state === 'ringing' ? { ...s, state: 'connecting' } : s;
    case 'media-up':
      if (s.state !== 'connecting' && s.state !== 'reconnecting') return s;
      return { ...s, state: 'connected', connectedAt: s.connectedAt ?? input.at };
    case 'media-down':
      // Only a call that had media can be "reconnecting"; before that it is still connecting.
      return s.state === 'connected' ? { ...s, state: 'reconnecting' } : s;
    case 'peer-reconnecting':
      if (!isLive(s)) return s;
      return { ...s, peerReconnecting: input.reconnecting };
    case 'online':
      return { ...s, online: input.online };
    case 'muted':
      return isLive(s) ? { ...s, muted: input.muted } : s;
    case 'error':
      return { ...s, error: input.error };
    case 'ended': {
      // A late call:ended from the server refines the call that just ended locally (its duration, its reason).
      if (s.state === 'ended') {
        if (!input.callId || s.call?.callId !== input.callId) return s;
        return { ...s, endReason: input.reason, duration: input.duration ?? s.duration };
      }
      if (!isLive(s)) return s;
      if (input.callId && s.call && s.call.callId !== input.callId) return s;
      return {
        ...s,
        state: 'ended',
        endReason: input.reason,
        duration: input.duration ?? null,
        error: input.error ?? s.error,
        muted: false,
        peerReconnecting: false,
      };
    }
    case 'reset':
      return s.state === 'ended' ? { ...initialSnapshot, online: s.online } : s;
  }
}

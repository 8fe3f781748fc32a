import { type CallInfo, type CallSnapshot, initialSnapshot } from '@calling/client';
import { describe, expect, it } from 'vitest';
import { followCallAlerts } from '../src/call-alerts';
import { callHaptic, callTone } from '../src/logic/call-alerts';
import type { CallHaptics, TonePlayer, ToneStart } from '../src/platform/types';

const call: CallInfo = {
  callId: 'c1',
  bookingId: 'b1',
  direction: 'incoming',
  peerId: 'p',
  peerName: 'Cara',
  serviceName: 'Plumbing',
  relayOnly: false,
};
const at = (state: CallSnapshot['state'], info: CallInfo | null = call): CallSnapshot => ({
  ...initialSnapshot,
  state,
  call: info,
});

describe('which tone sounds', () => {
  it('rings an incoming call and rings back an outgoing one once the server says it rings', () => {
    expect(callTone(at('ringing'))).toBe('ringtone');
    expect(callTone(at('calling', null))).toBeNull();
    expect(callTone(at('calling', { ...call, direction: 'outgoing' }))).toBe('ringback');
  });

  it('is silent in every state the ringing ends in', () => {
    for (const state of ['idle', 'connecting', 'connected', 'reconnecting', 'ended'] as const)
      expect(callTone(at(state))).toBeNull();
  });
});

describe('haptic taps', () => {
  it('taps when media first flows and when the call ends, not on a reconnect', () => {
    expect(callHaptic('connecting', 'connected')).toBe('connect');
    expect(callHaptic('reconnecting', 'connected')).toBeNull();
    expect(callHaptic('connected', 'ended')).toBe('end');
    expect(callHaptic('ringing', 'ended')).toBe('end');
    expect(callHaptic('calling', 'ended')).toBe('end');
    expect(callHaptic('ended', 'ended')).toBeNull();
    expect(callHaptic('ended', 'idle')).toBeNull();
    expect(callHaptic('idle', 'ringing')).toBeNull();
  });
});

/** A snapshot store the test moves by hand, and players that write down what they were asked. */
function harness(start: CallSnapshot = initialSnapshot, result: ToneStart = 'playing') {
  let snapshot = start;
  const listeners = new Set<() => void>();
  const log: string[] = [];
  const blocked: boolean[] = [];
  const tones: TonePlayer = {
    play: async (tone) => {
      log.push(`play ${tone}`);
      return result;
    },
    stop: () => log.push('stop'),
  };
  const haptics: CallHaptics = {
    ringVibration: (on) => log.push(on ? 'vibrate' : 'vibrate off'),
    tap: (kind) => log.push(`tap ${kind}`),
  };
  const source = {
    getSnapshot: () => snapshot,
    subscribe: (fn: () => void) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
  const alerts = followCallAlerts(source, { tones, haptics }, (b) => blocked.push(b));
  const move = (next: CallSnapshot) => {
    snapshot = next;
    for (const fn of listeners) fn();
  };
  return { alerts, move, log, blocked, listeners };
}

describe('the call alerts', () => {
  it('ring and vibrate while an incoming call rings, and stop at once when it is answered', async () => {
    const h = harness();
    h.move(at('ringing'));
    expect(h.log).toEqual(['play ringtone', 'vibrate']);
    h.move(at('connecting'));
    expect(h.log.slice(2)).toEqual(['stop', 'vibrate off']);
    h.move(at('connected'));
    h.move(at('ended'));
    expect(h.log.slice(4)).toEqual(['tap connect', 'tap end']);
  });

  it('ring back only from the ack until the answer, without vibrating', () => {
    const h = harness();
    h.move(at('calling', null));
    expect(h.log).toEqual([]);
    h.move(at('calling', { ...call, direction: 'outgoing' }));
    expect(h.log).toEqual(['play ringback']);
    h.move(at('ended'));
    expect(h.log).toEqual(['play ringback', 'stop', 'tap end']);
  });

  it('ring a call that already rings when they start, and fall silent and unsubscribe when closed', () => {
    const h = harness(at('ringing'));
    expect(h.log).toEqual(['play ringtone', 'vibrate']);
    h.alerts.close();
    expect(h.log.slice(2)).toEqual(['stop', 'vibrate off']);
    expect(h.listeners.size).toBe(0);
  });

  it('report a ring the browser blocked, and play it again from a tap', async () => {
    const h = harness(initialSnapshot, 'blocked');
    h.move(at('ringing'));
    await Promise.resolve();
    expect(h.blocked.at(-1)).toBe(true);
    h.alerts.retry();
    expect(h.log.filter((l) => l === 'play ringtone')).toHaveLength(2);
    h.move(at('ended'));
    expect(h.blocked.at(-1)).toBe(false);
  });

  it('ignore a blocked answer that comes after the ring already ended', async () => {
    const h = harness(initialSnapshot, 'blocked');
    h.move(at('ringing'));
    h.move(at('ended'));
    await Promise.resolve();
    expect(h.blocked.at(-1)).toBe(false);
    h.alerts.retry();
    expect(h.log.filter((l) => l.startsWith('play'))).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { type CallInput, initialSnapshot, isLive, reduceCall } from '../../src/state';
import type { CallInfo, CallPhase, CallSnapshot } from '../../src/types';

const call = (callId = 'call-1', direction: CallInfo['direction'] = 'outgoing'): CallInfo => ({
  callId,
  bookingId: 'booking-1',
  direction,
  peerId: 'peer-1',
  peerName: 'Pete Provider',
  serviceName: 'Plumbing',
  relayOnly: false,
});

const snap = (over: Partial<CallSnapshot> = {}): CallSnapshot => ({ ...initialSnapshot, ...over });

/** A plausible snapshot for every phase, with some non-default fields set so "starts clean" is visible. */
const inPhase = (state: CallPhase): CallSnapshot => {
  switch (state) {
    case 'idle':
      return snap({ online: true });
    case 'calling':
      return snap({ state, online: true, call: call() });
    case 'ringing':
      return snap({ state, online: true, call: call('call-1', 'incoming') });
    case 'connecting':
      return snap({ state, online: true, call: call(), muted: true });
    case 'connected':
      return snap({ state, online: true, call: call(), muted: true, connectedAt: 1000, peerReconnecting: true });
    case 'reconnecting':
      return snap({ state, online: true, call: call(), muted: true, connectedAt: 1000 });
    case 'ended':
      return snap({
        state,
        online: true,
        call: call(),
        connectedAt: 1000,
        duration: 12,
        endReason: 'completed',
        error: { code: 'timeout', message: 'x' },
      });
  }
};

const ALL: CallPhase[] = ['idle', 'calling', 'ringing', 'connecting', 'connected', 'reconnecting', 'ended'];
const LIVE: CallPhase[] = ['calling', 'ringing', 'connecting', 'connected', 'reconnecting'];
const NOT_LIVE: CallPhase[] = ['idle', 'ended'];

const run = (s: CallSnapshot, ...inputs: CallInput[]) => inputs.reduce(reduceCall, s);

describe('initialSnapshot / isLive', () => {
  it('starts idle, offline, with nothing set, and is frozen', () => {
    expect(initialSnapshot).toEqual({
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
    expect(Object.isFrozen(initialSnapshot)).toBe(true);
  });

  it.each(LIVE)('%s is live', (state) => {
    expect(isLive(inPhase(state))).toBe(true);
  });
  it.each(NOT_LIVE)('%s is not live', (state) => {
    expect(isLive(inPhase(state))).toBe(false);
  });
});

describe('reduceCall: dial', () => {
  it('from idle goes to calling, keeping only `online`', () => {
    const s = inPhase('idle');
    const next = reduceCall(s, { type: 'dial', bookingId: 'b' });
    expect(next).toEqual({ ...initialSnapshot, online: true, state: 'calling' });
    expect(next).not.toBe(s);
  });

  it('from ended starts clean: no call, duration, reason, error or connectedAt of the previous call', () => {
    const next = reduceCall(inPhase('ended'), { type: 'dial', bookingId: 'b' });
    expect(next).toEqual({ ...initialSnapshot, online: true, state: 'calling' });
  });

  it('keeps online=false when offline', () => {
    expect(reduceCall(snap(), { type: 'dial', bookingId: 'b' })).toMatchObject({ state: 'calling', online: false });
  });

  it.each(LIVE)('is ignored while %s (same object)', (state) => {
    const s = inPhase(state);
    expect(reduceCall(s, { type: 'dial', bookingId: 'b' })).toBe(s);
  });
});

describe('reduceCall: dialed', () => {
  it('attaches the call while calling', () => {
    const s = snap({ state: 'calling', online: true });
    const c = call('c-9');
    const next = reduceCall(s, { type: 'dialed', call: c });
    expect(next).toEqual({ ...s, call: c });
    expect(next).not.toBe(s);
  });

  it('attaches the call when it was answered before the initiate ack arrived (glare)', () => {
    const s = snap({ state: 'connecting', online: true });
    const c = call('c-9');
    expect(reduceCall(s, { type: 'dialed', call: c })).toEqual({ ...s, call: c });
  });

  it.each(ALL.filter((p) => p !== 'calling'))('is ignored while %s', (state) => {
    const s = inPhase(state);
    expect(reduceCall(s, { type: 'dialed', call: call('other') })).toBe(s);
  });
});

describe('reduceCall: incoming', () => {
  it.each(NOT_LIVE)('from %s rings with the call, starting clean but keeping `online`', (state) => {
    const c = call('in-1', 'incoming');
    expect(reduceCall(inPhase(state), { type: 'incoming', call: c })).toEqual({
      ...initialSnapshot,
      online: true,
      state: 'ringing',
      call: c,
    });
  });

  it.each(LIVE)('is ignored while %s', (state) => {
    const s = inPhase(state);
    expect(reduceCall(s, { type: 'incoming', call: call('in-2', 'incoming') })).toBe(s);
  });
});

describe('reduceCall: answered', () => {
  it.each(['calling', 'ringing'] as const)('from %s goes to connecting', (state) => {
    const s = inPhase(state);
    expect(reduceCall(s, { type: 'answered' })).toEqual({ ...s, state: 'connecting' });
  });

  it.each(['idle', 'connecting', 'connected', 'reconnecting', 'ended'] as const)('is ignored while %s', (state) => {
    const s = inPhase(state);
    expect(reduceCall(s, { type: 'answered' })).toBe(s);
  });
});

describe('reduceCall: media-up / media-down', () => {
  it('media-up from connecting connects and records connectedAt', () => {
    const s = inPhase('connecting');
    expect(reduceCall(s, { type: 'media-up', at: 5000 })).toEqual({ ...s, state: 'connected', connectedAt: 5000 });
  });

  it('media-up from reconnecting keeps the first connectedAt', () => {
    const s = inPhase('reconnecting');
    expect(reduceCall(s, { type: 'media-up', at: 9999 })).toEqual({ ...s, state: 'connected', connectedAt: 1000 });
  });

  it('connectedAt is set once and survives a drop and recovery', () => {
    const s = run(
      snap({ state: 'connecting', call: call() }),
      { type: 'media-up', at: 100 },
      { type: 'media-down' },
      { type: 'media-up', at: 200 },
      { type: 'media-down' },
      { type: 'media-up', at: 300 },
    );
    expect(s).toMatchObject({ state: 'connected', connectedAt: 100 });
  });

  it.each(['idle', 'calling', 'ringing', 'connected', 'ended'] as const)('media-up is ignored while %s', (state) => {
    const s = inPhase(state);
    expect(reduceCall(s, { type: 'media-up', at: 42 })).toBe(s);
  });

  it('media-down from connected goes to reconnecting, keeping connectedAt', () => {
    const s = inPhase('connected');
    expect(reduceCall(s, { type: 'media-down' })).toEqual({ ...s, state: 'reconnecting' });
  });

  it.each(ALL.filter((p) => p !== 'connected'))('media-down is ignored while %s (still connecting, etc.)', (state) => {
    const s = inPhase(state);
    expect(reduceCall(s, { type: 'media-down' })).toBe(s);
  });
});

describe('reduceCall: peer-reconnecting', () => {
  it.each(LIVE)('sets and clears the flag while %s', (state) => {
    const s = { ...inPhase(state), peerReconnecting: false };
    const on = reduceCall(s, { type: 'peer-reconnecting', reconnecting: true });
    expect(on).toEqual({ ...s, peerReconnecting: true });
    expect(reduceCall(on, { type: 'peer-reconnecting', reconnecting: false })).toEqual(s);
  });

  it.each(NOT_LIVE)('is ignored while %s', (state) => {
    const s = inPhase(state);
    expect(reduceCall(s, { type: 'peer-reconnecting', reconnecting: true })).toBe(s);
  });
});

describe('reduceCall: online', () => {
  it.each(ALL)('updates `online` in %s and nothing else', (state) => {
    const s = inPhase(state);
    const off = reduceCall(s, { type: 'online', online: false });
    expect(off).toEqual({ ...s, online: false });
    expect(reduceCall(off, { type: 'online', online: true })).toEqual(s);
  });
});

describe('reduceCall: muted', () => {
  it.each(LIVE)('sets mute while %s', (state) => {
    const s = { ...inPhase(state), muted: false };
    const m = reduceCall(s, { type: 'muted', muted: true });
    expect(m).toEqual({ ...s, muted: true });
    expect(reduceCall(m, { type: 'muted', muted: false })).toEqual(s);
  });

  it.each(NOT_LIVE)('is ignored while %s', (state) => {
    const s = inPhase(state);
    expect(reduceCall(s, { type: 'muted', muted: true })).toBe(s);
  });
});

describe('reduceCall: error', () => {
  it.each(ALL)('sets and clears the error in %s', (state) => {
    const s = { ...inPhase(state), error: null };
    const error = { code: 'busy' as const, message: 'Busy' };
    const e = reduceCall(s, { type: 'error', error });
    expect(e).toEqual({ ...s, error });
    expect(reduceCall(e, { type: 'error', error: null })).toEqual(s);
  });
});

describe('reduceCall: ended', () => {
  it.each(LIVE)(
    'from %s ends: reason, duration, mute and peerReconnecting cleared, call and connectedAt kept',
    (state) => {
      const s = { ...inPhase(state), muted: true, peerReconnecting: true };
      expect(reduceCall(s, { type: 'ended', reason: 'completed', duration: 7 })).toEqual({
        ...s,
        state: 'ended',
        endReason: 'completed',
        duration: 7,
        muted: false,
        peerReconnecting: false,
      });
    },
  );

  it('without a duration sets duration to null', () => {
    expect(reduceCall(inPhase('connected'), { type: 'ended', reason: 'connection_lost' })).toMatchObject({
      state: 'ended',
      duration: null,
      endReason: 'connection_lost',
    });
  });

  it('takes the given error, otherwise keeps the current one', () => {
    const current = { code: 'rate_limited' as const, message: 'slow down' };
    const given = { code: 'media_permission_denied' as const, message: 'denied' };
    const s = { ...inPhase('calling'), error: current };
    expect(reduceCall(s, { type: 'ended', reason: 'media_permission_denied', error: given }).error).toBe(given);
    expect(reduceCall(s, { type: 'ended', reason: 'cancelled' }).error).toBe(current);
  });

  it('with the live call`s callId ends it', () => {
    expect(reduceCall(inPhase('connected'), { type: 'ended', reason: 'completed', callId: 'call-1' }).state).toBe(
      'ended',
    );
  });

  it('with another call`s callId is ignored', () => {
    const s = inPhase('connected');
    expect(reduceCall(s, { type: 'ended', reason: 'completed', callId: 'other' })).toBe(s);
  });

  it('with a callId while calling before the call is known (call=null) still ends', () => {
    const s = snap({ state: 'calling', online: true });
    expect(reduceCall(s, { type: 'ended', reason: 'busy', callId: 'x' })).toMatchObject({
      state: 'ended',
      endReason: 'busy',
      call: null,
    });
  });

  it('is ignored while idle', () => {
    const s = inPhase('idle');
    expect(reduceCall(s, { type: 'ended', reason: 'completed', callId: 'call-1', duration: 3 })).toBe(s);
    expect(reduceCall(s, { type: 'ended', reason: 'completed' })).toBe(s);
  });

  describe('a late `ended` while already ended', () => {
    it('refines reason and duration of the same call', () => {
      const s = inPhase('ended');
      const next = reduceCall(s, { type: 'ended', reason: 'connection_lost', duration: 30, callId: 'call-1' });
      expect(next).toEqual({ ...s, endReason: 'connection_lost', duration: 30 });
    });

    it('keeps the local duration when the server sends none', () => {
      const s = inPhase('ended');
      expect(reduceCall(s, { type: 'ended', reason: 'no_answer', callId: 'call-1' })).toEqual({
        ...s,
        endReason: 'no_answer',
        duration: 12,
      });
    });

    it('does not touch the error', () => {
      const s = inPhase('ended');
      const next = reduceCall(s, {
        type: 'ended',
        reason: 'completed',
        callId: 'call-1',
        error: { code: 'internal', message: 'boom' },
      });
      expect(next.error).toBe(s.error);
    });

    it('is ignored for another call', () => {
      const s = inPhase('ended');
      expect(reduceCall(s, { type: 'ended', reason: 'declined', duration: 1, callId: 'other' })).toBe(s);
    });

    it('is ignored without a callId', () => {
      const s = inPhase('ended');
      expect(reduceCall(s, { type: 'ended', reason: 'declined', duration: 1 })).toBe(s);
    });

    it('is ignored when the ended call never got an id', () => {
      const s = { ...inPhase('ended'), call: null };
      expect(reduceCall(s, { type: 'ended', reason: 'declined', callId: 'call-1' })).toBe(s);
    });
  });
});

describe('reduceCall: reset', () => {
  it('from ended returns to the initial snapshot, keeping `online`', () => {
    expect(reduceCall(inPhase('ended'), { type: 'reset' })).toEqual({ ...initialSnapshot, online: true });
    expect(reduceCall({ ...inPhase('ended'), online: false }, { type: 'reset' })).toEqual(initialSnapshot);
  });

  it.each(ALL.filter((p) => p !== 'ended'))('is ignored while %s', (state) => {
    const s = inPhase(state);
    expect(reduceCall(s, { type: 'reset' })).toBe(s);
  });
});

describe('reduceCall: whole calls', () => {
  it('outgoing: dial → dialed → answered → media → hang-up → reset', () => {
    const c = call('c-1');
    const steps: CallInput[] = [
      { type: 'online', online: true },
      { type: 'dial', bookingId: 'booking-1' },
      { type: 'dialed', call: c },
      { type: 'answered' },
      { type: 'media-up', at: 10 },
      { type: 'ended', reason: 'completed', callId: 'c-1' },
      { type: 'ended', reason: 'completed', callId: 'c-1', duration: 42 },
    ];
    const ended = run(initialSnapshot, ...steps);
    expect(ended).toEqual({
      ...initialSnapshot,
      online: true,
      state: 'ended',
      call: c,
      connectedAt: 10,
      duration: 42,
      endReason: 'completed',
    });
    expect(reduceCall(ended, { type: 'reset' })).toEqual({ ...initialSnapshot, online: true });
  });

  it('the reducer never mutates its input', () => {
    const s = Object.freeze(inPhase('connected'));
    expect(() =>
      run(
        s,
        { type: 'muted', muted: false },
        { type: 'media-down' },
        { type: 'ended', reason: 'completed', callId: 'call-1' },
      ),
    ).not.toThrow();
    expect(s.state).toBe('connected');
  });
});

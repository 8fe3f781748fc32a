import { describe, expect, it } from 'vitest';
import { transition } from '../../src/calls/engine/transitions';
import { videoSecondsOf } from '../../src/calls/engine/video';
import { connected, ringing, step, T0, timing } from './fixtures';

const camera = (userId: string, socketId: string, on: boolean) =>
  ({ type: 'video', userId, socketId, deviceId: null, on }) as const;

describe('video in a call', () => {
  it("a camera turned on tells only the peer's bound socket; the peer's own camera stays as it is", () => {
    const r = step(connected(), camera('alice', 'sA', true), T0 + 5000);
    expect(r.notifications).toEqual([
      {
        to: { socketId: 'sB' },
        event: 'call:peer-video',
        payload: { callId: 'call-1', bookingId: 'booking-1', on: true, from: 'alice' },
      },
    ]);
    expect(r.call.video).toEqual({ on: ['alice'], since: T0 + 5000, ms: 0, used: true });
  });

  it('counts the time with at least one camera on, across overlaps and gaps, until the end', () => {
    let call = connected();
    call = step(call, camera('alice', 'sA', true), T0 + 10_000).call;
    call = step(call, camera('bob', 'sB', true), T0 + 12_000).call;
    call = step(call, camera('alice', 'sA', false), T0 + 15_000).call;
    call = step(call, camera('bob', 'sB', false), T0 + 20_000).call; // 10 s so far
    expect(call.video).toMatchObject({ on: [], since: null, ms: 10_000 });
    call = step(call, camera('bob', 'sB', true), T0 + 30_000).call;
    const ended = step(call, { type: 'hangup', userId: 'alice', socketId: 'sA', deviceId: null }, T0 + 34_400).call;
    expect(ended.video).toMatchObject({ on: [], since: null, ms: 14_400 });
    expect(videoSecondsOf(ended)).toBe(14);
  });

  it('the same state again changes nothing; an audio-only call logs no video at all', () => {
    const on = step(connected(), camera('alice', 'sA', true), T0 + 5000).call;
    expect(transition(on, camera('alice', 'sA', true), T0 + 6000, timing)).toMatchObject({ ok: true, changed: false });
    const ended = step(connected(), { type: 'hangup', userId: 'bob', socketId: 'sB', deviceId: null }, T0 + 9000);
    expect(videoSecondsOf(ended.call)).toBeNull();
  });

  it('refused before the call is connected, from a stranger, and from a device not bound to the call', () => {
    expect(transition(ringing(), camera('alice', 'sA', true), T0, timing)).toMatchObject({
      ok: false,
      code: 'no_live_call',
    });
    expect(transition(connected(), camera('mallory', 'sM', true), T0, timing)).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    const other = { type: 'video', userId: 'alice', socketId: 'sA2', deviceId: 'tablet', on: true } as const;
    const bound = { ...connected(), callerDeviceId: 'phone' };
    expect(transition(bound, other, T0, timing)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

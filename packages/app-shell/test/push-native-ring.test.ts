import { describe, expect, it } from 'vitest';
import { createActionChannel } from '../src/push/native/actions';
import {
  callIdOfSystemCall,
  INCOMING_CALL_TITLE,
  readPushMessage,
  ringTitle,
  systemCallUuid,
  systemEndReason,
} from '../src/push/native/ring';

const callId = '8d3f1c2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const bookingId = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('readPushMessage', () => {
  it('reads an FCM data map of a ring with the caller hidden (no callerName key)', () => {
    expect(readPushMessage({ type: 'call_ringing', callId, bookingId })).toEqual({
      type: 'call_ringing',
      callId,
      bookingId,
      callerName: null,
    });
  });

  it('reads a PushKit payload: the message beside aps, ids in any case', () => {
    const payload = { aps: {}, type: 'call_ringing', callId: callId.toUpperCase(), bookingId, callerName: 'Ana' };
    expect(readPushMessage(payload)).toEqual({ type: 'call_ringing', callId, bookingId, callerName: 'Ana' });
  });

  it('treats an empty or blank caller name as hidden', () => {
    expect(readPushMessage({ type: 'call_ringing', callId, bookingId, callerName: '  ' })?.type).toBe('call_ringing');
    expect(readPushMessage({ type: 'call_ringing', callId, bookingId, callerName: '' })).toMatchObject({
      callerName: null,
    });
  });

  it('reads a ring-stopped message', () => {
    expect(readPushMessage({ type: 'call_ring_stopped', callId, reason: 'answered' })).toEqual({
      type: 'call_ring_stopped',
      callId,
      reason: 'answered',
    });
    expect(readPushMessage({ type: 'call_ring_stopped', callId })).toBeNull();
  });

  it('ignores pushes that are not ours or are malformed', () => {
    expect(readPushMessage(undefined)).toBeNull();
    expect(readPushMessage({ type: 'chat', callId })).toBeNull();
    expect(readPushMessage({ type: 'call_ringing', callId: 'not-a-uuid', bookingId })).toBeNull();
    expect(readPushMessage({ type: 'call_ringing', callId })).toBeNull();
  });
});

describe('what the system shows', () => {
  it('shows the caller, or "Incoming call" when the name is hidden', () => {
    expect(ringTitle('Ana')).toBe('Ana');
    expect(ringTitle(null)).toBe(INCOMING_CALL_TITLE);
    expect(INCOMING_CALL_TITLE).toBe('Incoming call');
  });

  it("ends the system's call with the reason the ring stopped", () => {
    expect(systemEndReason('answered')).toBe(4);
    expect(systemEndReason('declined')).toBe(5);
    expect(systemEndReason('missed')).toBe(6);
    expect(systemEndReason(null)).toBe(2);
  });

  it('maps a call id to its CallKit UUID and back (CallKit answers in upper case)', () => {
    expect(systemCallUuid(callId)).toBe(callId);
    expect(callIdOfSystemCall(systemCallUuid(callId).toUpperCase())).toBe(callId);
  });
});

describe('createActionChannel', () => {
  it('holds a pick made before anyone listens and delivers it once', () => {
    const channel = createActionChannel();
    channel.emit({ action: 'answer', callId });
    const first: unknown[] = [];
    channel.listen((a) => first.push(a));
    const second: unknown[] = [];
    channel.listen((a) => second.push(a));
    expect(first).toEqual([{ action: 'answer', callId }]);
    expect(second).toEqual([]);
  });

  it('keeps only the first pick of a call (the button and the system event both report one)', () => {
    const channel = createActionChannel();
    const got: unknown[] = [];
    channel.listen((a) => got.push(a));
    expect(channel.emit({ action: 'answer', callId })).toBe(true);
    expect(channel.emit({ action: 'decline', callId })).toBe(false);
    expect(got).toEqual([{ action: 'answer', callId }]);
  });

  it('drops picks for a call the app took down itself', () => {
    const channel = createActionChannel();
    const got: unknown[] = [];
    channel.listen((a) => got.push(a));
    channel.settle(callId);
    channel.emit({ action: 'decline', callId });
    expect(got).toEqual([]);
  });

  it('stops delivering to a listener that unsubscribed, and forgets old calls past its memory', () => {
    const channel = createActionChannel(1);
    const got: unknown[] = [];
    const stop = channel.listen((a) => got.push(a));
    channel.emit({ action: 'answer', callId });
    channel.emit({ action: 'answer', callId: bookingId });
    expect(channel.isSettled(callId)).toBe(false);
    stop();
    channel.emit({ action: 'decline', callId });
    expect(got).toHaveLength(2);
  });
});

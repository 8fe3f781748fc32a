import { createRequire } from 'node:module';
import { RegisterPushTargetBody } from '@calling/protocol';
import { describe, expect, it } from 'vitest';
import { createActionChannel } from '../src/push/native/actions';
import {
  callIdOfSystemCall,
  END_REASON,
  readPushMessage,
  systemCallUuid,
  systemEndReason,
} from '../src/push/native/ring';
import { pushTargetBody } from '../src/push/native/target';
import { ringWords } from '../src/push/ring-words';

/** What the config plugin writes into the AppDelegate's Swift. */
const shared = createRequire(import.meta.url)('../plugins/call-push-shared.cjs') as {
  STOP_END_REASONS: Record<'answered' | 'declined' | 'missed', number>;
  DEFAULT_END_REASON: number;
  HIDDEN_CALLER_TITLE: string;
};

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
  it("maps the stop's reason to CallKit's / Telecom's end reason (callkeep's native numbers)", () => {
    // answered -> CallKit answeredElsewhere / Telecom ANSWERED_ELSEWHERE
    expect(systemEndReason('answered')).toBe(END_REASON.answeredElsewhere);
    expect(END_REASON.answeredElsewhere).toBe(4);
    // declined -> CallKit declinedElsewhere / Telecom REMOTE (it has no declined-elsewhere)
    expect(systemEndReason('declined')).toBe(END_REASON.declinedElsewhere);
    expect(END_REASON.declinedElsewhere).toBe(5);
    // missed -> CallKit remoteEnded / Telecom MISSED
    expect(systemEndReason('missed')).toBe(END_REASON.missed);
    expect(END_REASON.missed).toBe(6);
    // the app took the ring down itself
    expect(systemEndReason(null)).toBe(END_REASON.remoteEnded);
    expect(END_REASON.remoteEnded).toBe(2);
  });

  it("gives the AppDelegate's Swift the same end reasons and hidden-caller title as the JS", () => {
    for (const reason of ['answered', 'declined', 'missed'] as const) {
      expect(shared.STOP_END_REASONS[reason]).toBe(systemEndReason(reason));
    }
    expect(Object.keys(shared.STOP_END_REASONS).sort()).toEqual(['answered', 'declined', 'missed']);
    expect(shared.DEFAULT_END_REASON).toBe(systemEndReason(null));
    const hidden = ringWords({ type: 'call_ringing', callId, bookingId, callerName: null });
    expect(shared.HIDDEN_CALLER_TITLE).toBe(hidden.title);
  });

  it('maps a call id to its CallKit UUID and back (CallKit answers in upper case)', () => {
    expect(systemCallUuid(callId)).toBe(callId);
    expect(callIdOfSystemCall(systemCallUuid(callId).toUpperCase())).toBe(callId);
  });
});

describe('pushTargetBody', () => {
  const voip = 'ab'.repeat(32);
  const data = 'cd'.repeat(32);
  it('sends the iOS device token as dataToken beside the VoIP token, and leaves it out until there is one', () => {
    const both = pushTargetBody('apns', { token: voip, dataToken: data }, true);
    expect(RegisterPushTargetBody.parse(both)).toEqual({
      kind: 'apns',
      token: voip,
      dataToken: data,
      showCallerName: true,
    });
    const voipOnly = pushTargetBody('apns', { token: voip, dataToken: null }, false);
    expect(RegisterPushTargetBody.parse(voipOnly)).toEqual({ kind: 'apns', token: voip, showCallerName: false });
  });

  it('sends an FCM token alone (its schema has no dataToken)', () => {
    const body = pushTargetBody('fcm', { token: `fcm:${'x'.repeat(40)}`, dataToken: null }, true);
    expect(RegisterPushTargetBody.safeParse(body).success).toBe(true);
    expect(body).not.toHaveProperty('dataToken');
  });
});

/** A pick as pickedOnSystemRing makes it: claimed first, delivered when the server did not take it. */
function pick(
  channel: ReturnType<typeof createActionChannel>,
  action: { action: 'answer' | 'decline'; callId: string },
) {
  if (!channel.claim(action.callId)) return false;
  channel.deliver(action);
  return true;
}

describe('createActionChannel', () => {
  it('holds a pick made before anyone listens and delivers it once', () => {
    const channel = createActionChannel();
    pick(channel, { action: 'answer', callId });
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
    expect(pick(channel, { action: 'answer', callId })).toBe(true);
    expect(pick(channel, { action: 'decline', callId })).toBe(false);
    expect(got).toEqual([{ action: 'answer', callId }]);
  });

  it('settles a claimed pick the server took (a decline over REST): nothing reaches the app, echoes drop', () => {
    const channel = createActionChannel();
    const got: unknown[] = [];
    channel.listen((a) => got.push(a));
    expect(channel.claim(callId)).toBe(true);
    expect(pick(channel, { action: 'decline', callId })).toBe(false);
    expect(got).toEqual([]);
  });

  it('an end on the system screen of a call answered there is a hang-up, once', () => {
    const channel = createActionChannel();
    expect(channel.takeHangUp(callId)).toBe(false);
    channel.markAnswered(callId);
    expect(channel.takeHangUp(callId)).toBe(true);
    expect(channel.takeHangUp(callId)).toBe(false);
  });

  it('drops picks for a call the app took down itself', () => {
    const channel = createActionChannel();
    const got: unknown[] = [];
    channel.listen((a) => got.push(a));
    channel.settle(callId);
    pick(channel, { action: 'decline', callId });
    expect(got).toEqual([]);
  });

  it('stops delivering to a listener that unsubscribed, and forgets old calls past its memory', () => {
    const channel = createActionChannel(1);
    const got: unknown[] = [];
    const stop = channel.listen((a) => got.push(a));
    pick(channel, { action: 'answer', callId });
    pick(channel, { action: 'answer', callId: bookingId });
    expect(channel.isSettled(callId)).toBe(false);
    stop();
    pick(channel, { action: 'decline', callId });
    expect(got).toHaveLength(2);
  });
});

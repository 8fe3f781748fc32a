import { describe, expect, it } from 'vitest';
import { PENDING_ACTION_MAX_MS, pushActionStep } from '../src/push/action-flow';
import { pushActionFromUrl, pushActionUrl, ringWords, stoppedWords } from '../src/push/ring-words';

const callId = '8b0f6a2e-3c7d-4f1a-9e55-2a8f0c1d7b34';

describe('what a system ring says', () => {
  it('names the caller when the device shows names, else says only "Incoming call"', () => {
    expect(ringWords({ type: 'call_ringing', callId, bookingId: callId, callerName: 'Cara' }).title).toBe(
      'Cara is calling',
    );
    expect(ringWords({ type: 'call_ringing', callId, bookingId: callId, callerName: null }).title).toBe(
      'Incoming call',
    );
  });
  it('a stopped ring says what happened to the call', () => {
    const stop = (reason: 'answered' | 'declined' | 'missed') => ({
      type: 'call_ring_stopped' as const,
      callId,
      reason,
    });
    expect(stoppedWords(stop('missed'), 'Cara').title).toBe('Missed call from Cara');
    expect(stoppedWords(stop('missed'), null).title).toBe('Missed call');
    expect(stoppedWords(stop('answered'), 'Cara').title).toBe('Answered on another device');
    expect(stoppedWords(stop('declined'), 'Cara').title).toBe('Call declined');
  });
});

describe('the answer or decline a ring opens the app with', () => {
  it('rides in the app URL and comes back out of it', () => {
    const url = pushActionUrl('https://calls.example.com/provider/', 'answer', callId);
    expect(url.startsWith('https://calls.example.com/provider/#')).toBe(true);
    expect(pushActionFromUrl(url)).toEqual({ action: 'answer', callId });
    expect(pushActionFromUrl(pushActionUrl('https://x.example/user/', 'decline', callId))).toEqual({
      action: 'decline',
      callId,
    });
  });
  it('a plain open, an unknown action or a malformed call id carries nothing', () => {
    expect(pushActionFromUrl(pushActionUrl('https://x.example/user/', 'open', callId))).toBeNull();
    expect(pushActionFromUrl(`https://x.example/user/#pushAction=hangup&pushCall=${callId}`)).toBeNull();
    expect(pushActionFromUrl('https://x.example/user/#pushAction=answer&pushCall=<script>')).toBeNull();
    expect(pushActionFromUrl(`https://x.example/user/?pushAction=answer&pushCall=${callId}`)).toBeNull();
  });
});

describe('carrying out a choice made on the system ring', () => {
  const pending = { action: 'answer' as const, callId, at: 1000 };
  it('waits for its call to ring in the app, then accepts (or rejects a decline)', () => {
    expect(pushActionStep(pending, { state: 'idle', callId: null, at: 2000 })).toBe('wait');
    expect(pushActionStep(pending, { state: 'ringing', callId, at: 2000 })).toBe('accept');
    expect(pushActionStep({ ...pending, action: 'decline' }, { state: 'ringing', callId, at: 2000 })).toBe('reject');
  });
  it('lets go once that call is past ringing, or after a minute without it', () => {
    expect(pushActionStep(pending, { state: 'ended', callId, at: 2000 })).toBe('drop');
    expect(pushActionStep(pending, { state: 'connected', callId, at: 2000 })).toBe('drop');
    expect(pushActionStep(pending, { state: 'ringing', callId: 'other', at: 1000 + PENDING_ACTION_MAX_MS + 1 })).toBe(
      'drop',
    );
    expect(pushActionStep(pending, { state: 'ringing', callId: 'other', at: 2000 })).toBe('wait');
  });
});

describe('a hang-up on the system call screen', () => {
  const ended = { action: 'end' as const, callId, at: 1000 };
  it('hangs up the live call it names, declines it while it still rings, and is dropped once it is over', () => {
    expect(pushActionStep(ended, { state: 'connected', callId, at: 2000 })).toBe('hangup');
    expect(pushActionStep(ended, { state: 'connecting', callId, at: 2000 })).toBe('hangup');
    expect(pushActionStep(ended, { state: 'ringing', callId, at: 2000 })).toBe('reject');
    expect(pushActionStep(ended, { state: 'ended', callId, at: 2000 })).toBe('drop');
    expect(pushActionStep(ended, { state: 'connected', callId: 'another', at: 2000 })).toBe('wait');
  });
});

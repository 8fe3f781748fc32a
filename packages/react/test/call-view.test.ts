import { describe, expect, it } from 'vitest';
import { audioSessionStep } from '../src/logic/audio-session';
import { callView, stateDetail } from '../src/logic/call-view';

const info = {
  callId: 'c1',
  bookingId: 'b1',
  direction: 'incoming' as const,
  peerId: 'p',
  peerName: 'Cara',
  serviceName: 'Plumbing',
  relayOnly: false,
};

describe('call overlay', () => {
  it('shows one face per state and nothing while idle', () => {
    expect(callView('idle')).toBe('none');
    expect(callView('ringing')).toBe('incoming');
    expect(callView('calling')).toBe('outgoing');
    expect(['connecting', 'connected', 'reconnecting'].map((s) => callView(s as 'connected'))).toEqual([
      'active',
      'active',
      'active',
    ]);
    expect(callView('ended')).toBe('ended');
  });

  it('describes the state in words', () => {
    expect(stateDetail({ state: 'ringing', call: info, peerReconnecting: false })).toBe('Cara is calling');
    expect(stateDetail({ state: 'calling', call: null, peerReconnecting: false })).toBe('Calling…');
    expect(stateDetail({ state: 'connected', call: info, peerReconnecting: true })).toBe('Cara is reconnecting…');
    expect(stateDetail({ state: 'connected', call: info, peerReconnecting: false })).toBe('On call');
  });
});

describe('in-call audio routing', () => {
  it('routes audio when a call starts and stops once at the end (ringing is for the call tones)', () => {
    expect(audioSessionStep('idle', 'ringing')).toBeNull();
    expect(audioSessionStep('ringing', 'connecting')).toBe('start');
    expect(audioSessionStep('idle', 'calling')).toBe('start');
    expect(audioSessionStep('calling', 'connecting')).toBeNull();
    expect(audioSessionStep('connecting', 'connected')).toBeNull();
    expect(audioSessionStep('connected', 'ended')).toBe('stop');
    expect(audioSessionStep('ringing', 'ended')).toBe('stop');
    expect(audioSessionStep('ended', 'idle')).toBeNull();
    expect(audioSessionStep('connected', 'connected')).toBeNull();
  });
});

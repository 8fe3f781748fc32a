import { describe, expect, it } from 'vitest';
import { callButtonBlock } from '../src/logic/call-button';

const call = (bookingId: string) => ({
  callId: 'c1',
  bookingId,
  direction: 'outgoing' as const,
  peerId: 'p',
  peerName: 'Pete',
  serviceName: 'Plumbing',
  relayOnly: false,
});

describe('call button', () => {
  it('is enabled on a callable booking with no call on and the service reachable', () => {
    expect(
      callButtonBlock({ bookingId: 'b1', callable: true, snapshot: { state: 'idle', call: null, online: true } }),
    ).toBeNull();
    expect(
      callButtonBlock({ bookingId: 'b1', snapshot: { state: 'ended', call: call('b1'), online: true } }),
    ).toBeNull();
  });

  it('is disabled with the reason when the booking is not callable', () => {
    expect(
      callButtonBlock({ bookingId: 'b1', callable: false, snapshot: { state: 'idle', call: null, online: true } }),
    ).toBe('Calls open once the booking is accepted');
  });

  it('is disabled while a call is live, naming whether it is this booking', () => {
    for (const state of ['calling', 'ringing', 'connecting', 'connected', 'reconnecting'] as const) {
      expect(callButtonBlock({ bookingId: 'b1', snapshot: { state, call: call('b1'), online: true } })).toBe(
        'Call in progress',
      );
      expect(callButtonBlock({ bookingId: 'b1', snapshot: { state, call: call('b2'), online: true } })).toBe(
        'You are on another call',
      );
    }
  });

  it('waits for the call service, and a screen may give its own reason first', () => {
    expect(callButtonBlock({ bookingId: 'b1', snapshot: { state: 'idle', call: null, online: false } })).toMatch(
      /Connecting/,
    );
    expect(
      callButtonBlock({
        bookingId: 'b1',
        callable: false,
        disabledReason: 'Sign in to call',
        snapshot: { state: 'idle', call: null, online: true },
      }),
    ).toBe('Sign in to call');
  });
});

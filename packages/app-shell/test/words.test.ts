// Pure logic of @calling/app-shell (its screens need React Native; these modules do not), run in the react project.
import { type BookingStatus, EndReason } from '@calling/protocol';
import { describe, expect, it } from 'vitest';
import { resolveServerUrl } from '../src/logic/server-url';
import {
  bookingActionErrorWords,
  bookingActions,
  bookingCallBlock,
  bookingStatusLine,
  callLogLine,
  type LoggedCall,
  otherPartyLine,
} from '../src/logic/words';

describe('booking actions per side', () => {
  it('lets the provider answer, start and complete, and the customer cancel', () => {
    expect(bookingActions('provider', 'pending')).toEqual(['accept', 'decline']);
    expect(bookingActions('provider', 'accepted')).toEqual(['start', 'cancel']);
    expect(bookingActions('provider', 'in_progress')).toEqual(['complete']);
    expect(bookingActions('user', 'pending')).toEqual(['cancel']);
    expect(bookingActions('user', 'accepted')).toEqual(['cancel']);
    expect(bookingActions('user', 'in_progress')).toEqual([]);
    for (const role of ['user', 'provider'] as const) {
      expect(bookingActions(role, 'completed')).toEqual([]);
      expect(bookingActions(role, 'cancelled')).toEqual([]);
    }
  });
});

describe('call history line', () => {
  const line = (log: LoggedCall, me = 'me') => callLogLine(log, me, 'Ana');
  const call = (caller: string, status: LoggedCall['call_status'], end_reason: EndReason | null, duration = 0) => ({
    caller_id: caller,
    call_status: status,
    end_reason,
    duration,
  });

  it('says who called whom and how long they talked, from the viewer side', () => {
    expect(line(call('me', 'completed', 'completed', 192))).toBe('You called Ana · 3 min 12 s');
    expect(line(call('peer', 'completed', 'completed', 42))).toBe('Ana called you · 42 s');
    expect(line({ caller_id: 'me', call_status: 'completed', duration: 300 })).toBe('You called Ana · 5 min');
    expect(line(call('peer', 'completed', 'connection_lost', 4))).toBe('Ana called you · dropped after 4 s');
  });

  it('says what happened to a call nobody talked in', () => {
    expect(line(call('peer', 'missed', 'no_answer'))).toBe('Missed call from Ana');
    expect(line(call('peer', 'missed', 'cancelled'))).toBe('Missed call from Ana');
    expect(line(call('me', 'missed', 'no_answer'))).toBe('You called Ana · no answer');
    expect(line(call('me', 'missed', 'cancelled'))).toBe('You called Ana · cancelled');
    expect(line(call('me', 'missed', 'callee_offline'))).toBe('You called Ana · not reachable');
    expect(line(call('me', 'rejected', 'declined'))).toBe('Ana declined your call');
    expect(line(call('peer', 'rejected', 'declined'))).toBe('You declined a call from Ana');
    expect(line(call('me', 'rejected', 'busy'))).toBe('You called Ana · busy on another call');
    expect(line(call('peer', 'rejected', 'busy'))).toBe('Missed call from Ana · you were on another call');
    expect(line(call('me', 'failed', 'ice_failed'))).toBe('You called Ana · could not connect');
    expect(line(call('peer', 'failed', 'media_permission_denied'))).toBe('Ana called you · no microphone access');
    expect(line(call('me', null, null))).toBe('Call with Ana in progress');
  });

  it('never shows an id, a status code or an end reason code', () => {
    const statuses = ['completed', 'missed', 'rejected', 'failed', null] as const;
    for (const status of statuses) {
      for (const reason of EndReason.options) {
        for (const caller of ['me', 'peer']) {
          const words = line(call(caller, status, reason, 65));
          expect(words).not.toMatch(/_|[0-9a-f]{8}-|\b(me|peer|null|undefined)\b/);
          expect(words).toContain('Ana');
        }
      }
    }
  });
});

describe('booking words', () => {
  it('reads the status from the viewer side', () => {
    expect(bookingStatusLine('user', 'pending')).toBe('Waiting for the provider');
    expect(bookingStatusLine('provider', 'pending')).toBe('New: waiting for you to accept');
    expect(bookingStatusLine('provider', 'in_progress')).toBe('In progress');
    expect(otherPartyLine('user', { otherPartyName: 'Pete' })).toBe('Provider: Pete');
    expect(otherPartyLine('provider', { otherPartyName: 'Cara' })).toBe('Customer: Cara');
  });

  it("says why a booking's call button is off, and nothing while it may call", () => {
    const b = (status: BookingStatus, callable = false) => ({ status, callable, otherPartyName: 'Pete' });
    expect(bookingCallBlock('user', b('pending'))).toBe('Calls open once Pete has accepted the booking');
    expect(bookingCallBlock('provider', b('pending'))).toBe('Calls open once you have accepted the booking');
    expect(bookingCallBlock('user', b('completed'))).toBe('This booking is completed: calls are closed');
    expect(bookingCallBlock('provider', b('cancelled'))).toBe('This booking was cancelled');
    expect(bookingCallBlock('user', b('accepted', true))).toBeUndefined();
    expect(bookingCallBlock('provider', b('in_progress', true))).toBeUndefined();
  });

  it("puts a refused action in words, not the server's message", () => {
    expect(bookingActionErrorWords('conflict')).toBe('This booking changed meanwhile: it is shown as it is now');
    expect(bookingActionErrorWords(null)).toMatch(/try again/);
  });
});

describe('server URL', () => {
  it('prefers the configured URL, then the page origin, then the local default', () => {
    expect(resolveServerUrl('https://calls.example.com/', 'http://page')).toBe('https://calls.example.com');
    expect(resolveServerUrl(undefined, 'http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(resolveServerUrl(undefined, undefined)).toBe('http://127.0.0.1:3000');
    expect(resolveServerUrl('', 'file://')).toBe('http://127.0.0.1:3000');
  });
});

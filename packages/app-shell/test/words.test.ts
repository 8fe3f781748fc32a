// Pure logic of @calling/app-shell (its screens need React Native; these modules do not), run in the react project.
import { describe, expect, it } from 'vitest';
import { resolveServerUrl } from '../src/logic/server-url';
import { bookingActions, callLogLine } from '../src/logic/words';

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
  it('reads from the viewer side, with the length of completed calls only', () => {
    expect(callLogLine({ caller_id: 'me', call_status: 'completed', duration: 42 }, 'me')).toBe(
      'Outgoing · Completed · 00:42',
    );
    expect(callLogLine({ caller_id: 'peer', call_status: 'rejected', duration: 0 }, 'me')).toBe('Incoming · Declined');
    expect(callLogLine({ caller_id: 'peer', call_status: 'missed', duration: 0 }, 'me')).toBe('Incoming · Missed');
    expect(callLogLine({ caller_id: 'me', call_status: null, duration: 0 }, 'me')).toBe('Outgoing · In progress');
    const lost = { caller_id: 'peer', call_status: 'completed', duration: 4, end_reason: 'connection_lost' } as const;
    expect(callLogLine(lost, 'me')).toBe('Incoming · Dropped · 00:04');
    expect(callLogLine({ ...lost, end_reason: 'completed' }, 'me')).toBe('Incoming · Completed · 00:04');
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

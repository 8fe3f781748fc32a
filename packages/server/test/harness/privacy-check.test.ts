import { describe, expect, it } from 'vitest';
import { restLeaks, socketLeaks, subOf } from '../support/privacy';

/** The checker behind privacy-setup.ts must catch what it is there to catch. */
describe('the phone-number privacy check', () => {
  const phones = new Map<string, string | null>([
    ['+19990000001', 'alice'],
    ['+15550000002', 'bob'],
    ['+15550000003', null],
  ]);
  const rest = (method: string, path: string, requesterId: string | null, data: unknown) => ({
    method,
    path,
    requesterId,
    text: JSON.stringify({ status: 'success', data }),
  });

  it('finds a known phone, or any harness-shaped one, in any socket payload, ack or nested field', () => {
    expect(
      socketLeaks(
        [
          { event: 'call:incoming', payload: { callId: 'c', callerName: 'Alice' } },
          { event: 'ack of call:initiate', payload: { ok: true, receiverName: 'Bob +15550000002' } },
          { event: 'call:ended', payload: { nested: [{ deep: '+19997654321' }] } },
          { event: 'connect_error', payload: { message: 'x', data: { code: 'unauthorized' } } },
        ],
        phones,
      ),
    ).toEqual(['socket ack of call:initiate carried +15550000002', 'socket call:ended carried +19997654321']);
  });

  it('lets /api/me carry its owner’s phone only, and the demo list its demo phones; nothing else', () => {
    const leaks = restLeaks(
      [
        rest('GET', '/api/me', 'alice', { id: 'alice', phone: '+19990000001' }),
        rest('PATCH', '/api/me', 'alice', { id: 'alice', phone: '+19990000001' }),
        rest('GET', '/api/me', 'bob', { id: 'alice', phone: '+19990000001' }),
        rest('GET', '/api/me', null, { phone: '+15550000003' }),
        rest('GET', '/api/demo/accounts', null, { accounts: [{ phone: '+15550000003' }] }),
        rest('POST', '/api/auth/login', null, { user: { id: 'bob', phone: '+15550000002' } }),
        rest('GET', '/api/bookings?x=1', 'bob', [{ otherPartyName: 'Alice', note: '+19990000001' }]),
        rest('GET', '/api/providers', 'bob', [{ id: 'alice', name: 'Alice' }]),
      ],
      phones,
    );
    expect(leaks).toEqual([
      'GET /api/me (as bob) carried +19990000001',
      'GET /api/me (as nobody) carried +15550000003',
      'POST /api/auth/login (as nobody) carried +15550000002',
      'GET /api/bookings?x=1 (as bob) carried +19990000001',
    ]);
  });

  it('reads the requester from the token’s sub without verifying it', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'alice', role: 'user' })).toString('base64url');
    expect(subOf(`h.${payload}.s`)).toBe('alice');
    expect(subOf('not-a-jwt')).toBeNull();
    expect(subOf(null)).toBeNull();
  });
});

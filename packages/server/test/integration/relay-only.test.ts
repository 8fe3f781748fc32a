import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectCall, expectOk } from '../support/calls';
import { api } from '../support/http';
import { DATABASES, useServer } from '../support/world';

const TURN = { TURN_URLS: 'turn:127.0.0.1:3478?transport=udp', TURN_SECRET: 'test-turn-secret', TURN_TTL_S: '600' };
const hostCandidate = {
  candidate: 'candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host',
  sdpMid: '0',
  sdpMLineIndex: 0,
};
const srflxCandidate = {
  candidate: 'candidate:2 1 udp 1686052607 198.51.100.7 40000 typ srflx raddr 192.0.2.10 rport 50000',
  sdpMid: '0',
};
const relayCandidate = {
  candidate: 'candidate:3 1 udp 41885439 127.0.0.1 61000 typ relay raddr 198.51.100.7 rport 40000',
  sdpMid: '0',
};

describe.each(DATABASES)('relay-only calls on %s', (db) => {
  describe('with TURN configured and RELAY_ONLY=always', () => {
    const world = useServer(db, { ...TURN, RELAY_ONLY: 'always', STUN_URLS: 'stun:127.0.0.1:3478' });

    it('issues coturn REST-API credentials with call setup and from /api/calls/ice-servers', async () => {
      const { provider, booking, userSocket, providerSocket, user } = await world.pair();
      const ack = await userSocket.emit<{ iceServers: { urls: string[]; username?: string; credential?: string }[] }>(
        'call:initiate',
        { bookingId: booking.id },
      );
      expectOk<{ iceServers: { urls: string[]; username: string; credential: string }[]; relayOnly: boolean }>(ack);
      expect(ack.relayOnly).toBe(true);
      const turn = ack.iceServers.find((s) => s.username);
      expect(turn?.urls).toEqual(['turn:127.0.0.1:3478?transport=udp']);
      const [expiry, userId] = String(turn?.username).split(':');
      expect(userId).toBe(user.id);
      expect(Number(expiry) - Date.now() / 1000).toBeGreaterThan(590);
      expect(turn?.credential).toBe(
        createHmac('sha1', TURN.TURN_SECRET).update(String(turn?.username)).digest('base64'),
      );
      const incoming = await providerSocket.next<{ iceServers: { username?: string }[]; relayOnly: boolean }>(
        'call:incoming',
      );
      expect(incoming.relayOnly).toBe(true);
      expect(incoming.iceServers.find((s) => s.username)?.username).toMatch(new RegExp(`^\\d+:${provider.id}$`));
      expectOk(await userSocket.emit('call:end', { bookingId: booking.id }));
    });

    it('drops host and srflx candidates and scrubs the SDP, so the peer never sees an address', async () => {
      const { booking, userSocket, providerSocket } = await world.pair();
      const callId = await connectCall(userSocket, providerSocket, booking.id);
      for (const candidate of [hostCandidate, srflxCandidate, relayCandidate]) {
        expectOk(await userSocket.emit('call:ice-candidate', { callId, bookingId: booking.id, candidate }));
      }
      const got = await providerSocket.next<{ candidate: { candidate: string } }>('call:ice-candidate');
      expect(got.candidate.candidate).toBe(
        'candidate:3 1 udp 41885439 127.0.0.1 61000 typ relay raddr 0.0.0.0 rport 0',
      );
      await providerSocket.none('call:ice-candidate');
      const sdp = `v=0\r\no=- 1 2 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\na=${hostCandidate.candidate}\r\n`;
      expectOk(await userSocket.emit('call:offer', { callId, bookingId: booking.id, offer: { type: 'offer', sdp } }));
      const offer = await providerSocket.next<{ offer: { sdp: string } }>('call:offer');
      expect(offer.offer.sdp).not.toContain('192.0.2.10');
      expect(offer.offer.sdp).not.toContain('typ host');
    });

    it('/readyz reports TURN as configured', async () => {
      expect((await api(world.server.url, 'GET', '/readyz')).body).toEqual({
        ready: true,
        node: expect.any(String),
        database: db,
        dependencies: { database: 'up', redis: 'none' },
        turn: true,
      });
    });
  });

  describe('without TURN', () => {
    const world = useServer(db);

    it('a user asking for relay-only is refused at initiate with relay_unavailable, never downgraded', async () => {
      const { user, booking, userSocket } = await world.pair();
      const res = await api(world.server.url, 'PATCH', '/api/me', { token: user.token, body: { relayOnly: true } });
      expect(res).toMatchObject({ status: 200, body: { data: { relayOnly: true, phone: user.phone } } });
      expect(await userSocket.emit('call:initiate', { bookingId: booking.id })).toMatchObject({
        ok: false,
        error: { code: 'relay_unavailable' },
      });
      expect(await world.server.callLogs(booking.id)).toEqual([]);
    });

    it('the receiver’s relay-only setting makes the call relay-only too (and so refused here)', async () => {
      const { provider, booking, userSocket } = await world.pair();
      const res = await api(world.server.url, 'PATCH', '/api/me', { token: provider.token, body: { relayOnly: true } });
      expect(res.status).toBe(200);
      expect(await userSocket.emit('call:initiate', { bookingId: booking.id })).toMatchObject({
        ok: false,
        error: { code: 'relay_unavailable' },
      });
    });

    it('/readyz warns that strict NATs will fail', async () => {
      const { body } = await api<{ warning?: string }>(world.server.url, 'GET', '/readyz');
      expect(body).toMatchObject({ ready: true, turn: false });
      expect(body.warning).toMatch(/TURN/);
    });
  });
});

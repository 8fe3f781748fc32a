import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundAudio } from '../../src/testing/node-webrtc';
import { tcpProxy } from './tcp-proxy';
import { connect, party, reach, startServer, until } from './world';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ RECONNECT_GRACE_S: '15' });
});
afterAll(async () => server?.close());

describe('a token that expires during a call', () => {
  it('the reconnect is refused once, the client asks its token function again, and the call resumes with audio', async () => {
    const proxy = await tcpProxy(server.url);
    const u = await server.createUser({ role: 'user', name: 'Cara Customer' });
    const p = await server.createUser({ role: 'provider', name: 'Pete Provider' });
    const booking = await server.createBooking({ userId: u.id, providerId: p.id });
    const claims = { sub: p.id, role: 'provider' as const, name: p.name };
    const shortLived = await server.sign(claims, 2);
    let refreshed = false;
    let asked = 0;
    // The app's token hook: its cached token, until (below) its backend has a fresh one.
    const token = async () => {
      asked += 1;
      return refreshed ? server.sign(claims, 3600) : shortLived;
    };
    const customer = await party(server, u);
    const provider = await party({ url: proxy.url }, { ...p, token: '' }, { token });
    try {
      await connect(customer, provider, booking.id);
      await new Promise((r) => setTimeout(r, 2500)); // the provider's token has expired now
      const askedBefore = asked;
      proxy.cut();
      // The first reconnect goes out with the expired token and is refused: the next one asks again.
      await until(() => asked >= askedBefore + 1, 'reconnect asked for a token');
      refreshed = true;
      await until(() => provider.client.getSnapshot().online, 'provider back online with a fresh token', 10_000);
      expect(asked).toBeGreaterThanOrEqual(askedBefore + 2);
      await until(() => !customer.client.getSnapshot().peerReconnecting, 'provider resumed the call', 10_000);
      expect(provider.client.getSnapshot().state).toBe('connected');
      const pc = customer.webrtc.pcs[0];
      if (!pc) throw new Error('no peer connection');
      const before = await inboundAudio(pc);
      await new Promise((r) => setTimeout(r, 600));
      expect((await inboundAudio(pc)).packets - before.packets).toBeGreaterThan(10);
      await provider.client.end();
      await reach(customer, 'idle');
      expect((await server.callLogs(booking.id))[0]).toMatchObject({
        call_status: 'completed',
        end_reason: 'completed',
      });
    } finally {
      customer.client.close();
      provider.client.close();
      await proxy.close();
    }
  });
});

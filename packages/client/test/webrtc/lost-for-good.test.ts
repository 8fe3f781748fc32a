import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, proxiedPair, reach, startServer, until } from './world';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ RECONNECT_GRACE_S: '3' });
});
afterAll(async () => server?.close());

describe('a network that vanishes for good mid-call', () => {
  it('connection_lost, billed the talk before the loss (within 1 s), not the ~15 s the server took to notice plus the grace', async () => {
    const { proxy, customer, provider, bookingId } = await proxiedPair(server, 'provider');
    try {
      await connect(customer, provider, bookingId);
      const connectedAt = customer.client.getSnapshot().connectedAt ?? Date.now();
      await new Promise((r) => setTimeout(r, 2500));
      // The provider's phone loses its network: no more audio from it, and its socket goes silent (no close).
      const lostAt = Date.now();
      proxy.freeze();
      provider.webrtc.pcs[0]?.close();
      await reach(customer, 'reconnecting', 3000);
      // The server notices at socket.io's ping timeout, then waits the grace.
      await until(() => customer.client.getSnapshot().state !== 'reconnecting', 'the call ends', 30_000);
      const noticedAfter = (Date.now() - lostAt) / 1000;
      const [row] = await server.callLogs(bookingId);
      expect(row).toMatchObject({ call_status: 'completed', end_reason: 'connection_lost', ended_by: provider.id });
      const talk = (lostAt - connectedAt) / 1000;
      expect(Math.abs((row?.duration ?? -99) - talk)).toBeLessThanOrEqual(1);
      // Without the customer's report the bill would have run until the end (this much longer):
      expect(noticedAfter).toBeGreaterThan(5);
    } finally {
      customer.client.close();
      provider.client.close();
      await proxy.close();
    }
  }, 60_000);
});

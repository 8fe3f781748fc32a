import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookedPair, expectReleased, reach, startServer } from './world';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

describe('accept, then decline', () => {
  it('the screen stops ringing at the Accept tap; a Decline right after ends the call declined on both sides at once', async () => {
    const { customer, provider, bookingId } = await bookedPair(server);
    try {
      await customer.client.startCall(bookingId);
      await reach(provider, 'ringing');
      const accepting = provider.client.accept();
      // Synchronously at the tap, before any ack.
      expect(provider.client.getSnapshot().state).toBe('connecting');
      const at = Date.now();
      await provider.client.end();
      await accepting;
      await reach(customer, 'idle', 3000);
      await reach(provider, 'idle', 3000);
      expect(Date.now() - at).toBeLessThan(3000);
      for (const p of [customer, provider]) {
        expect([...p.seen].reverse().find((s) => s.state === 'ended')?.endReason, p.name).toBe('declined');
        await expectReleased(p);
      }
      expect((await server.callLogs(bookingId))[0]).toMatchObject({ call_status: 'rejected', end_reason: 'declined' });
    } finally {
      customer.client.close();
      provider.client.close();
    }
  });
});

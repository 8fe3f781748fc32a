import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallClient } from '../../src';
import { nodeWebRtc } from '../../src/testing/node-webrtc';
import type { CallSnapshot } from '../../src/types';
import { type Party, party, reach, startServer, story, until, wireCount } from './world';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ RECONNECT_GRACE_S: '5' });
});
afterAll(async () => server?.close());

/**
 * A phone woken by a push (or back from a network change) connects while its call rings and the app answers on
 * the first ring: the accept can leave before the offer that rang has come. Its ring copy and the one the
 * server sends after the accept's ack are the same offer: it is answered once, and the call connects.
 */
describe('answering on the first ring of a device that connects while the call rings', () => {
  it('connects every time, answering the offer once', async () => {
    const u = await server.createUser({ role: 'user', name: 'Cara Customer' });
    const p = await server.createUser({ role: 'provider', name: 'Pete Provider' });
    const booking = await server.createBooking({ userId: u.id, providerId: p.id });
    const customer = await party(server, u);
    for (let round = 0; round < 4; round++) {
      // The provider's device was here moments ago: the call rings it when it is back.
      const away = await party(server, p);
      away.client.close();
      await new Promise((r) => setTimeout(r, 150));
      void customer.client.startCall(booking.id);
      await until(() => Boolean(customer.client.getSnapshot().call?.callId), 'the call rings');
      // Let the caller's offer ring with the call, so a device connecting now is sent both.
      await new Promise((r) => setTimeout(r, 300));

      const webrtc = nodeWebRtc();
      const client = new CallClient({ serverUrl: server.url, token: p.token, webrtc, endedHoldMs: 300 });
      const seen: CallSnapshot[] = [];
      let accepted = false;
      client.subscribe(() => {
        seen.push(client.getSnapshot());
        if (!accepted && client.getSnapshot().state === 'ringing') {
          accepted = true;
          void client.accept();
        }
      });
      client.connect();
      const wire = wireCount(client);
      const provider: Party = { ...p, client, webrtc, seen };
      try {
        await reach(provider, 'connected', 10_000);
        await reach(customer, 'connected', 10_000);
        const callId = client.getSnapshot().call?.callId ?? '';
        await new Promise((r) => setTimeout(r, 300));
        const sent = (event: string) => wire.names.filter((n) => n === `> ${event}`).length;
        expect(sent('call:accept'), wire.names.join(', ')).toBe(1);
        // One answer made; the offer's second copy gets that same answer again (never a second negotiation).
        expect(sent('call:answer'), wire.names.join(', ')).toBeLessThanOrEqual(2);
        expect(webrtc.pcs[0]?.signalingState, story(provider)).toBe('stable');
        await customer.client.end();
        await reach(customer, 'idle');
        await reach(provider, 'idle');
        await expect
          .poll(async () => (await server.callLogs(booking.id))[0])
          .toMatchObject({ id: callId, call_status: 'completed' });
      } finally {
        client.close();
      }
    }
    customer.client.close();
  });
});

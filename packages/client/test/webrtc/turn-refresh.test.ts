import { execFileSync } from 'node:child_process';
import { type Coturn, startCoturn, type TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsExpireAt } from '../../src';
import { inboundAudio, selectedPath } from '../../src/testing/node-webrtc';
import { bookedPair, connect, reach, startServer, until } from './world';

// Issue 5: TURN credentials are short-lived; a long relay-only call keeps working because the client fetches
// fresh ones before they expire and uses them for its next ICE restart.

const TTL_S = 64; // the client refreshes 60 s before expiry, so about 4-5 s into the call
let coturn: Coturn;
let server: TestServer;
beforeAll(async () => {
  coturn = await startCoturn({ secret: 'refresh-secret' });
  server = await startServer({
    TURN_URLS: coturn.url,
    TURN_SECRET: coturn.secret,
    TURN_TTL_S: String(TTL_S),
    RELAY_ONLY: 'always',
    RECONNECT_GRACE_S: '30',
  });
}, 60_000);
afterAll(async () => {
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  await server?.close();
  await coturn?.stop();
});

const turnExpiry = (pc: RTCPeerConnection) => credentialsExpireAt(pc.getConfiguration().iceServers ?? []);

describe('TURN credentials in a long relay-only call', () => {
  it('are refreshed onto the connection before they expire; an ICE restart after an outage reconnects over relay', async () => {
    const { customer, provider, bookingId } = await bookedPair(server);
    try {
      await connect(customer, provider, bookingId);
      const pc = customer.webrtc.pcs[0];
      if (!pc) throw new Error('no peer connection');
      expect(customer.client.getSnapshot().call?.relayOnly).toBe(true);
      expect(pc.getConfiguration().iceTransportPolicy).toBe('relay');
      expect(await selectedPath(pc)).toEqual({ local: 'relay', remote: 'relay' });
      const firstExpiry = turnExpiry(pc);
      expect(firstExpiry).not.toBeNull();
      await until(() => (turnExpiry(pc) ?? 0) > (firstExpiry ?? 0), 'fresh TURN credentials on the connection', 15_000);

      // An outage long enough for an ICE restart: the new gathering takes the connection's (fresh) configuration.
      const ufrag = pc.localDescription?.sdp.match(/a=ice-ufrag:(\S+)/)?.[1];
      execFileSync('ip', ['link', 'set', 'lo', 'down']);
      await reach(customer, 'reconnecting', 20_000);
      // ICE notices the dead path after the silence notice; past iceRestartAfterMs from then, a restart.
      await until(() => ['disconnected', 'failed'].includes(pc.iceConnectionState), 'ICE disconnected', 20_000);
      await new Promise((r) => setTimeout(r, 3500));
      execFileSync('ip', ['link', 'set', 'lo', 'up']);
      // Audio may be back on the old path first (the screen says connected); the restart follows the socket.
      const newUfrag = () => pc.localDescription?.sdp.match(/a=ice-ufrag:(\S+)/)?.[1] !== ufrag;
      await until(newUfrag, 'an ICE restart (new ICE credentials)', 15_000);
      await reach(customer, 'connected', 30_000);
      expect(await selectedPath(pc)).toEqual({ local: 'relay', remote: 'relay' });
      const before = await inboundAudio(pc);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await inboundAudio(pc)).packets - before.packets).toBeGreaterThan(25);
      await customer.client.end();
      await reach(provider, 'idle');
    } finally {
      customer.client.close();
      provider.client.close();
    }
  }, 120_000);
});

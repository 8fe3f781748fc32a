import { Manager } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import { connect } from '../support/sockets';

// Issue 17: a client that opens its Socket.io transport and never completes the handshake is let go.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { SOCKET_HANDSHAKE_TIMEOUT_MS: '1000' } });
});
afterAll(async () => server?.close());

describe('the Socket.io handshake', () => {
  it('a transport that never sends its connect is closed after SOCKET_HANDSHAKE_TIMEOUT_MS; a real one connects', async () => {
    const manager = new Manager(server.url, { transports: ['websocket'], reconnection: false, autoConnect: false });
    const opened = Date.now();
    const closedAfter = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('still open after 5 s')), 5000);
      manager.open((err) => {
        if (err) reject(err);
      });
      manager.on('close', () => {
        clearTimeout(timer);
        resolve(Date.now() - opened);
      });
    });
    expect(closedAfter).toBeGreaterThanOrEqual(900);
    expect(closedAfter).toBeLessThan(3000);
    const who = await server.createUser({ role: 'user' });
    const socket = await connect(server.url, who.token);
    socket.close();
  });
});

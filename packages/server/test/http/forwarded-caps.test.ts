import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import { connect, connectError, type TestSocket } from '../support/sockets';

// Issue 17: behind a trusted load balancer the connection caps count the address it forwards, not its own.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    env: { TRUST_PROXY: '127.0.0.1', MAX_CONNECTIONS_PER_IP: '3', NEW_CONNECTIONS_PER_IP_PER_S: '100' },
  });
});
afterAll(async () => server?.close());

const via = (client: string) => ({ extraHeaders: { 'x-forwarded-for': client } });

describe('connection caps by forwarded address', () => {
  it('a client behind the proxy gets its 3 sockets, the 4th is refused rate_limited; others and freed slots go on', async () => {
    const who = await server.createUser({ role: 'user' });
    const open: TestSocket[] = [];
    try {
      for (let i = 0; i < 3; i++) open.push(await connect(server.url, who.token, via('203.0.113.7')));
      const refused = await connectError(server.url, { token: who.token, protocolVersion: 2 }, via('203.0.113.7'));
      expect(refused.data).toMatchObject({ code: 'rate_limited' });
      // Another client behind the same proxy is not affected.
      open.push(await connect(server.url, who.token, via('203.0.113.8')));
      // A slot freed by a socket that closed is there again.
      open.shift()?.close();
      await new Promise((r) => setTimeout(r, 200));
      open.push(await connect(server.url, who.token, via('203.0.113.7')));
    } finally {
      for (const s of open) s.close();
    }
  });
});

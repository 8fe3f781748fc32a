import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import { raw } from './raw-http';

// Issue 17: per-address connection caps, and a trusted load balancer's address exempt from them.

const PROXY = '127.0.0.3';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    env: { MAX_CONNECTIONS_PER_IP: '5', HTTP_HEADERS_TIMEOUT_MS: '1000', TRUST_PROXY: PROXY },
  });
});
afterAll(async () => server?.close());

const port = () => Number(new URL(server.url).port);
/** Ten silent connections at once from `from`: what each was answered. */
const tenSilent = (from: string) =>
  Promise.all(Array.from({ length: 10 }, () => raw(port(), '', { from, timeoutMs: 4000 })));

describe('connection caps per address', () => {
  it('one address gets its 5, the rest 429 at once with the envelope; a trusted proxy is not capped', async () => {
    const direct = await tenSilent('127.0.0.2');
    const refused = direct.filter((r) => r.status === 429);
    expect(refused).toHaveLength(5);
    for (const r of refused) {
      expect(JSON.parse(r.body)).toEqual({ status: 'error', code: 'rate_limited', message: expect.any(String) });
      expect(r.closedAfterMs).toBeLessThan(1500);
    }
    // The five let in were silent: the header limit closed them.
    expect(direct.filter((r) => r.status === 408)).toHaveLength(5);
    const viaProxy = await tenSilent(PROXY);
    expect(viaProxy.map((r) => r.status)).toEqual(Array(10).fill(408));
    // Another address is not affected by either.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

// Runs inside the server namespace (topology.ts): the real calling server (embedded database, and the web
// apps when they are built) on the service address. Driven by the test over JSON lines (lines.ts).
import { startTestServer } from '../index';
import { emit, fatal, serve } from './lines';

export interface ServerReady {
  url: string;
}
export interface Booked {
  bookingId: string;
  customer: { id: string; name: string; token: string };
  provider: { id: string; name: string; token: string };
}

const config = JSON.parse(process.argv[2] ?? '{}') as { host: string; env: Record<string, string> };

try {
  // The embedded database takes 15-20 s to start on a busy 2-core machine: one server serves the whole file,
  // restarted (same port, same data) when a test needs another configuration.
  const server = await startTestServer({
    db: 'pglite',
    env: { HOST: config.host, RECONNECT_GRACE_S: '3', RING_TIMEOUT_S: '20', ...config.env },
  });
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= server.close();
    return closing;
  };
  serve(
    {
      /** A fresh customer, provider and accepted booking. */
      async book(): Promise<Booked> {
        const u = await server.createUser({ role: 'user', name: 'Cara Customer' });
        const p = await server.createUser({ role: 'provider', name: 'Pete Provider' });
        const booking = await server.createBooking({ userId: u.id, providerId: p.id });
        return {
          bookingId: booking.id,
          customer: { id: u.id, name: u.name, token: u.token },
          provider: { id: p.id, name: p.name, token: p.token },
        };
      },
      /** Same port and database, the start-up environment plus `env` (the empty object: back to it). */
      async restart(a) {
        await server.restart(a.env as Record<string, string>);
        return { url: server.url };
      },
      callLogs: (a) => server.callLogs(String(a.bookingId)),
      /** A REST request to this server, for a test outside the namespace (it cannot reach the server itself). */
      async http(a) {
        const { path, method, token, body } = a as { path: string; method?: string; token?: string; body?: unknown };
        const res = await fetch(`${server.url}${path}`, {
          method: method ?? 'GET',
          headers: {
            ...(body ? { 'content-type': 'application/json' } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return res.json();
      },
    },
    close,
  );
  const ready: ServerReady = { url: server.url };
  emit({ ready });
} catch (err) {
  fatal(err);
}

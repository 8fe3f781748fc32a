// Runs inside the server namespace: the real calling server (embedded database) on the service address,
// with a customer, a provider and their accepted booking. Driven by the test over JSON lines (lines.ts).
import { startTestServer } from '@calling/server/testing';
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
    },
    close,
  );
  const ready: ServerReady = { url: server.url };
  emit({ ready });
} catch (err) {
  fatal(err);
}

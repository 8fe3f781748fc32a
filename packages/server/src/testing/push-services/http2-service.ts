import {
  createSecureServer,
  type Http2SecureServer,
  type IncomingHttpHeaders,
  type ServerHttp2Session,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TestTls } from './tls';

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
export interface Http2Service {
  server: Http2SecureServer;
  origin: string;
  /** host:port */
  address: string;
  close(): Promise<void>;
}

/** An HTTP/2-only TLS endpoint (as APNs is, and FCM can be) that hands each request to `handle`. */
export async function startHttp2Service(
  tls: TestTls,
  handle: (path: string, headers: IncomingHttpHeaders, body: Buffer, arrivedAt: number) => Promise<Reply>,
): Promise<Http2Service> {
  const server = createSecureServer({ cert: tls.cert, key: tls.key, allowHTTP1: false });
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    const arrivedAt = Date.now();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      void handle(String(headers[':path']), headers, Buffer.concat(chunks), arrivedAt)
        .catch((err: Error) => ({ status: 500, body: { error: err.message } }) as Reply)
        .then((r) => {
          if (stream.destroyed) return;
          stream.respond({ ':status': r.status, 'content-type': 'application/json', ...r.headers });
          stream.end(r.body === undefined ? '' : JSON.stringify(r.body));
        });
    });
    stream.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `https://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Clients keep their HTTP/2 sessions open: end them so close() returns.
        for (const s of sessions) s.destroy();
      }),
  };
}

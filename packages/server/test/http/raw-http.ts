import { connect, type Socket } from 'node:net';

/** What came back on a raw connection: the status, the headers, the body, and when the server closed it. */
export interface RawReply {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  closedAfterMs: number;
}

/**
 * Sends `request` (bytes as given, nothing fixed up) on a fresh TCP connection and reads until the server
 * closes it, or `timeoutMs` (then the reply says so with closedAfterMs = Infinity).
 */
export function raw(
  port: number,
  request: string | Buffer,
  opts: { from?: string; timeoutMs?: number } = {},
): Promise<RawReply> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect({ host: '127.0.0.1', port, ...(opts.from ? { localAddress: opts.from } : {}) });
    const chunks: Buffer[] = [];
    const done = (closedAfterMs: number) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks).toString('latin1'), closedAfterMs));
    };
    const timer = setTimeout(() => done(Number.POSITIVE_INFINITY), opts.timeoutMs ?? 5000);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => done(Date.now() - started));
  });
}

function parse(text: string, closedAfterMs: number): RawReply {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(statusLine.split(' ')[1]) || null;
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status, headers, body: rest.join('\r\n\r\n'), closedAfterMs };
}

/** A client that opens a connection from `from` and then does `behave` with it; closed by `stop`. */
export function openFrom(port: number, from: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: from });
    socket.on('error', () => {});
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

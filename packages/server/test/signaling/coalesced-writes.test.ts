import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Server } from 'socket.io';
import { type Socket as ClientSocket, io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { coalesceWebSocketWrites } from '../../src/signaling/coalesced-writes';

// The frames a signaling socket sends in one event-loop turn leave in one system call, and none waits longer.

interface Rig {
  http: HttpServer;
  io: Server;
  client: ClientSocket;
  /** Calls into the server side's TCP socket that hand bytes to the kernel: one per write or per corked batch. */
  flushes(): number;
}

let rig: Rig | null = null;
afterEach(async () => {
  rig?.client.disconnect();
  await new Promise<void>((r) => (rig ? rig.io.close(() => r()) : r()));
  rig = null;
});

async function start(coalesce: boolean): Promise<Rig> {
  const http = createServer();
  const io = new Server(http);
  if (coalesce) coalesceWebSocketWrites(http);
  let flushes = 0;
  http.on('upgrade', (_req, socket: Duplex & { _write: Duplex['_write']; _writev?: Duplex['_writev'] }) => {
    const write = socket._write.bind(socket);
    socket._write = (...args) => {
      flushes += 1;
      write(...args);
    };
    const writev = socket._writev?.bind(socket);
    if (writev)
      socket._writev = (...args) => {
        flushes += 1;
        writev(...args);
      };
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const { port } = http.address() as AddressInfo;
  const client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
  await new Promise<void>((r) => io.once('connection', () => r()));
  rig = { http, io, client, flushes: () => flushes };
  return rig;
}

/** Ten events to the client in one turn; resolves when all ten arrived, in order, with how long it took. */
async function burst(r: Rig): Promise<{ got: number[]; ms: number; flushes: number }> {
  await new Promise((res) => setTimeout(res, 50)); // the handshake's own writes are done
  const before = r.flushes();
  const got: number[] = [];
  const started = performance.now();
  const all = new Promise<void>((res) =>
    r.client.on('n', (n: number) => {
      got.push(n);
      if (got.length === 10) res();
    }),
  );
  const [server] = r.io.of('/').sockets.values();
  for (let n = 0; n < 10; n++) server?.emit('n', n);
  await all;
  return { got, ms: performance.now() - started, flushes: r.flushes() - before };
}

describe('coalesced WebSocket writes', () => {
  it('ten frames sent in one turn leave in two writes (engine.io sends the rest once the first is out), in order', async () => {
    const { got, flushes, ms } = await burst(await start(true));
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(flushes).toBeLessThanOrEqual(2);
    expect(ms).toBeLessThan(1000);
  });

  it('without it, each frame is its own write (what the test above would see if coalescing broke)', async () => {
    const { got, flushes } = await burst(await start(false));
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(flushes).toBeGreaterThan(5);
  });

  it('a frame sent alone is not held back: it leaves in the same turn', async () => {
    const r = await start(true);
    await new Promise((res) => setTimeout(res, 50));
    const [server] = r.io.of('/').sockets.values();
    const before = r.flushes();
    server?.emit('n', 1);
    // setImmediate runs after this turn's I/O: by then the corked frame has been written.
    await new Promise((res) => setImmediate(res));
    expect(r.flushes() - before).toBe(1);
  });
});

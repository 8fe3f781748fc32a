/**
 * The reference for bench/call-load.ts: the least a Socket.io signaling relay can do. Same socket.io version
 * as packages/server; run as its own process:
 *
 *   PORT=0 HOST=127.0.0.1 taskset -c 0 node --conditions=@calling/source --import tsx bench/bare-relay.ts
 *
 * The user id comes from the handshake (`auth.userId`), each socket joins room `user:<id>`, and every event
 * received is forwarded as-is to the room of the user named in its payload's `to`. No auth, no acks, no
 * storage, no validation. Prints `bare relay listening on http://HOST:PORT` once it listens.
 */

import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

const http = createServer();
// The same transport caps as the real server, so frames are handled alike.
const io = new Server(http, { maxHttpBufferSize: 32 * 1024, pingInterval: 10_000, pingTimeout: 5_000 });

io.on('connection', (socket) => {
  const userId = (socket.handshake.auth as { userId?: unknown }).userId;
  if (typeof userId === 'string') socket.join(`user:${userId}`);
  socket.onAny((event: string, payload: unknown) => {
    const to = (payload as { to?: unknown } | null)?.to;
    if (typeof to === 'string') io.to(`user:${to}`).emit(event, payload);
  });
});

http.listen(port, host, () => {
  const addr = http.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  console.log(`bare relay listening on http://${host}:${actual}`);
});

const stop = () => {
  const force = setTimeout(() => process.exit(1), 5_000);
  force.unref();
  io.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

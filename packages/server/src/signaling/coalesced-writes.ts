import type { Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * A WebSocket that carries signaling gets its frames in bursts: a caller's offer and its candidates arrive
 * together, and each one sends an ack back and a message on to the peer, one `writev` each. Corking the
 * socket at its first write in an event-loop turn and uncorking it after the turn's I/O (setImmediate) sends
 * the burst in one system call. Nothing waits longer than that turn.
 */
export function coalesceWebSocketWrites(http: HttpServer): void {
  http.on('upgrade', (_req, socket: Duplex) => {
    const write = socket.write;
    let corked = false;
    const uncork = () => {
      corked = false;
      socket.uncork();
    };
    socket.write = function (this: Duplex, ...args: Parameters<Duplex['write']>) {
      if (!corked && !socket.destroyed) {
        corked = true;
        socket.cork();
        setImmediate(uncork);
      }
      return write.apply(this, args);
    } as Duplex['write'];
  });
}

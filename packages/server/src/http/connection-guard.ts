import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { compile } from '@fastify/proxy-addr';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { rawResponse } from './client-errors';

const REFUSED = rawResponse({ status: 429, code: 'rate_limited', message: 'too many connections from this address' });
/** A refused client gets its answer, then the connection goes whether or not it reads it. */
const REFUSED_LINGER_MS = 1000;

/**
 * Per-address caps on open connections and on new ones per second, before any byte is parsed: a few machines
 * cannot take all of a node's file descriptors. A trusted proxy's address is not capped (every client behind
 * it shares it); those clients are held to the per-address request rate limit instead (req.ip).
 */
export function guardConnections(
  server: Server,
  o: { maxPerIp: number; newPerIpPerS: number; trusted: (address: string) => boolean },
): { open(address: string): number } {
  const open = new Map<string, number>();
  const arrivals = new RateLimiterMemory({ points: o.newPerIpPerS, duration: 1 });
  const refuse = (socket: Socket) => {
    socket.on('error', () => {});
    socket.end(REFUSED);
    setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
  };
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    if (o.trusted(address)) return;
    const held = open.get(address) ?? 0;
    if (held >= o.maxPerIp) return refuse(socket);
    open.set(address, held + 1);
    socket.once('close', () => {
      const n = (open.get(address) ?? 1) - 1;
      if (n > 0) open.set(address, n);
      else open.delete(address);
    });
    arrivals.consume(address).catch(() => refuse(socket));
  });
  return { open: (address) => open.get(address) ?? 0 };
}

/** Whether a peer address is one of the load balancers TRUST_PROXY names (the same rule Fastify applies). */
export function trustedProxy(trustProxy: string[] | false): (address: string) => boolean {
  if (!trustProxy) return () => false;
  const trust = compile(trustProxy);
  return (address) => trust(address, 0);
}

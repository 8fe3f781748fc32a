import type { IncomingMessage } from 'node:http';
import { CallingError } from '@calling/protocol';
import proxyaddr, { compile } from '@fastify/proxy-addr';
import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * The per-address connection caps for clients behind a trusted load balancer: the TCP caps cannot see them
 * (they all come from the balancer's address), so their socket.io connections are counted by the address
 * the balancer forwards. A client that reaches the node directly was counted at TCP already.
 */
export function forwardedCaps(o: { trustProxy: string[] | false; maxPerIp: number; newPerIpPerS: number }) {
  const trust = o.trustProxy ? compile(o.trustProxy) : null;
  const open = new Map<string, number>();
  const arrivals = new RateLimiterMemory({ points: o.newPerIpPerS, duration: 1 });
  const tooMany = () => new CallingError('rate_limited', 'too many connections from this address');
  return {
    /** Counts the connection in, or refuses it; the returned release is called when it closes. */
    async admit(req: IncomingMessage): Promise<() => void> {
      if (!trust) return () => {};
      if (!trust(req.socket.remoteAddress ?? '', 0)) return () => {};
      const address = proxyaddr(req, trust);
      const held = open.get(address) ?? 0;
      if (held >= o.maxPerIp) throw tooMany();
      await arrivals.consume(address).catch(() => {
        throw tooMany();
      });
      open.set(address, (open.get(address) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const n = (open.get(address) ?? 1) - 1;
        if (n > 0) open.set(address, n);
        else open.delete(address);
      };
    },
  };
}

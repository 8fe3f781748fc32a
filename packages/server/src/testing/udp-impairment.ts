import { createSocket, type Socket } from 'node:dgram';

export interface Impairment {
  /** Share of packets from the TURN server to a client that are dropped (0-1). */
  loss: number;
  /** Added to every such packet, ms; plus up to `jitterMs` more at random. */
  delayMs: number;
  jitterMs: number;
}

export interface UdpImpairment {
  /** The proxy's UDP port on 127.0.0.1: give clients `turn:127.0.0.1:<port>?transport=udp`. */
  port: number;
  /** Packets from the TURN server towards clients, and how many of them were dropped. */
  counts: { toClients: number; dropped: number };
  /** Changes the impairment from the next packet on (unset fields keep their value). */
  set(next: Partial<Impairment>): void;
  close(): void;
}

/**
 * A UDP proxy in front of coturn, on loopback (this kernel has no netem): each client gets its own upstream
 * socket (coturn sees one 5-tuple per client, as without the proxy), and what coturn sends back to the client
 * is dropped and delayed as set, per test. A relay-only call through it has both legs impaired, so each side's
 * inbound audio sees the loss once and the round trip twice the delay. Used by the Node WebRTC tests and the
 * Chromium e2e alike.
 */
export async function udpImpairment(target: { host: string; port: number }): Promise<UdpImpairment> {
  const front = createSocket('udp4');
  const upstreams = new Map<string, Socket>();
  let impairment: Impairment = { loss: 0, delayMs: 0, jitterMs: 0 };
  const counts = { toClients: 0, dropped: 0 };
  // Delayed packets still on their timers when the proxy closes are dropped, not sent on a closed socket.
  const pending = new Set<NodeJS.Timeout>();
  let closed = false;

  front.on('message', (msg, from) => {
    const key = `${from.address}:${from.port}`;
    let up = upstreams.get(key);
    if (!up) {
      const socket = createSocket('udp4');
      socket.on('message', (reply) => {
        counts.toClients += 1;
        const { loss, delayMs, jitterMs } = impairment;
        if (Math.random() < loss) {
          counts.dropped += 1;
          return;
        }
        const wait = delayMs + Math.random() * jitterMs;
        const send = () => {
          if (!closed) front.send(reply, from.port, from.address);
        };
        if (wait <= 0) return send();
        const timer = setTimeout(() => {
          pending.delete(timer);
          send();
        }, wait);
        pending.add(timer);
      });
      socket.bind(0, '127.0.0.1');
      upstreams.set(key, socket);
      up = socket;
    }
    up.send(msg, target.port, target.host);
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  return {
    port: front.address().port,
    counts,
    set(next: Partial<Impairment>) {
      impairment = { ...impairment, ...next };
    },
    close() {
      closed = true;
      for (const t of pending) clearTimeout(t);
      for (const s of upstreams.values()) s.close();
      front.close();
    },
  };
}

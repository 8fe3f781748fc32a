import { startTestServer, type TestServer } from '@calling/server/testing';
import { CallClient } from '../../src';
import { type NodeWebRtc, nodeWebRtc } from '../../src/testing/node-webrtc';
import type { CallClientOptions, CallPhase, CallSnapshot } from '../../src/types';
import { tcpProxy } from './tcp-proxy';

export interface Party {
  id: string;
  name: string;
  token: string;
  client: CallClient;
  webrtc: NodeWebRtc;
  /** Every snapshot this client published, in order. */
  seen: CallSnapshot[];
}

/** A real server on the embedded database (PostgreSQL is not reachable inside the test's namespace). */
export function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({ db: 'pglite', env: { RECONNECT_GRACE_S: '3', RING_TIMEOUT_S: '8', ...env } });
}

export async function party(
  server: Pick<TestServer, 'url'>,
  user: { id: string; name: string; token: string },
  opts: Partial<CallClientOptions> = {},
): Promise<Party> {
  const webrtc = nodeWebRtc();
  const client = new CallClient({ serverUrl: server.url, token: user.token, webrtc, endedHoldMs: 300, ...opts });
  const seen: CallSnapshot[] = [];
  client.subscribe(() => seen.push(client.getSnapshot()));
  client.connect();
  await until(() => client.getSnapshot().online, 'socket online');
  return { ...user, client, webrtc, seen };
}

/** A customer and a provider of an accepted booking, both online. */
export async function bookedPair(server: TestServer, opts: Partial<CallClientOptions> = {}) {
  const u = await server.createUser({ role: 'user', name: 'Cara Customer' });
  const p = await server.createUser({ role: 'provider', name: 'Pete Provider' });
  const booking = await server.createBooking({ userId: u.id, providerId: p.id });
  const customer = await party(server, u, opts);
  const provider = await party(server, p, opts);
  return { customer, provider, bookingId: booking.id };
}

/**
 * A customer and a provider of an accepted booking, both online; `through` reaches the server by a TCP proxy
 * the test can cut, freeze or hold (that person's network), the other directly.
 */
export async function proxiedPair(server: TestServer, through: 'customer' | 'provider') {
  const proxy = await tcpProxy(server.url);
  const u = await server.createUser({ role: 'user', name: 'Cara Customer' });
  const p = await server.createUser({ role: 'provider', name: 'Pete Provider' });
  const booking = await server.createBooking({ userId: u.id, providerId: p.id });
  const customer = await party(through === 'customer' ? { url: proxy.url } : server, u);
  const provider = await party(through === 'provider' ? { url: proxy.url } : server, p);
  return { proxy, customer, provider, bookingId: booking.id };
}

/** `what` may be a function: it is asked at the timeout, so the message says how things stood then. */
export async function until(check: () => boolean, what: string | (() => string), timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out waiting for: ${typeof what === 'function' ? what() : what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const stateOf = (p: Party) => p.client.getSnapshot().state;
export const reach = (p: Party, state: CallPhase, timeoutMs?: number) =>
  until(
    () => stateOf(p) === state,
    () => `${p.name} ${state} (is ${stateOf(p)}; ${story(p)})`,
    timeoutMs,
  );

/** What a party went through, for failure messages: each state change and socket change, in order. */
export function story(p: Party): string {
  const pc = p.webrtc.pcs[0];
  const steps = p.seen.map((s, i) => {
    const before = p.seen[i - 1];
    if (before && before.state === s.state) return before.online === s.online ? '' : s.online ? 'online' : 'offline';
    return s.state;
  });
  return `${steps.filter(Boolean).join(' > ')}; ice ${pc?.iceConnectionState}, signaling ${pc?.signalingState}`;
}

/** Caller dials, receiver accepts, both reach connected. */
export async function connect(caller: Party, receiver: Party, bookingId: string) {
  void caller.client.startCall(bookingId);
  await reach(receiver, 'ringing');
  await receiver.client.accept();
  await reach(caller, 'connected');
  await reach(receiver, 'connected');
}

/** After a call: no live microphone track, no open peer connection, no tone feeder, no leftover listener. */
export async function expectReleased(p: Party) {
  await until(
    () =>
      p.webrtc.tracks.every((t) => t.readyState === 'ended') &&
      p.webrtc.pcs.every((pc) => pc.signalingState === 'closed') &&
      p.webrtc.feeding() === 0,
    `${p.name} released media`,
    5000,
  );
}

type EnginePacket = { type: string; data?: unknown };
type Engine = { on(event: 'packet' | 'packetCreate', fn: (p: EnginePacket) => void): void };

/** The socket.io messages on this client's engine.io transport, counted on the wire (pings are not messages). */
export function wireCount(client: CallClient) {
  const engine = (client as unknown as { signaling: { socket: { io: { engine: Engine } } } }).signaling.socket.io
    .engine;
  const count = { sent: 0, received: 0 };
  const names: string[] = [];
  // A socket.io packet: its type digit and, for an event, its name ("42[\"call:offer\",..."; acks "43...").
  const name = (p: EnginePacket) =>
    String(p.data).match(/^\d+(?:\["([^"]+)")?/)?.[1] ?? `ack ${String(p.data).slice(0, 2)}`;
  engine.on('packetCreate', (p) => {
    if (p.type !== 'message') return;
    count.sent += 1;
    names.push(`> ${name(p)}`);
  });
  engine.on('packet', (p) => {
    if (p.type !== 'message') return;
    count.received += 1;
    names.push(`< ${name(p)}`);
  });
  return Object.assign(count, { names });
}

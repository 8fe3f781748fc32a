/**
 * How fast a call connects: two CallClients (Node, @roamhq/wrtc) on one booking call each other N times through
 * a real server on the embedded database, on loopback. Per call it measures dial → ringing at the receiver,
 * and accept → connected (inbound audio proven by getStats) on the caller's side.
 *
 *   unshare -n sh -c 'ip link set lo up && exec npx tsx --conditions=@calling/source bench/connect-time.ts 20 500'
 *
 * Arguments: N calls (default 20, at most 200), then how long it rings before the receiver taps (default 500 ms).
 * Bounded: each call is given up after 15 s.
 */

import { CallClient, type CallPhase } from '@calling/client';
import { nodeWebRtc } from '@calling/client/testing';
import { startTestServer } from '@calling/server/testing';
import { percentile } from './stats';

const N = Math.min(200, Math.max(1, Number(process.argv[2] ?? 20)));
/**
 * How long it rings before the tap (ms). An instant tap (0) waits for the caller's offer, which leaves once its
 * ICE candidates are gathered (OFFER_GATHER_MS at most): accept → connected then includes that wait.
 */
const TAP_AFTER_MS = Math.min(10_000, Math.max(0, Number(process.argv[3] ?? 500)));

function until(client: CallClient, state: CallPhase, timeoutMs = 15_000): Promise<number> {
  return new Promise((resolve, reject) => {
    if (client.getSnapshot().state === state) return resolve(performance.now());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${state} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.subscribe(() => {
      if (client.getSnapshot().state !== state) return;
      clearTimeout(timer);
      off();
      resolve(performance.now());
    });
  });
}

// The per-socket event limit is lifted unless SOCKET_EVENTS_PER_10S is set: this measures connecting.
const server = await startTestServer({
  db: 'pglite',
  env: { SOCKET_EVENTS_PER_10S: process.env.SOCKET_EVENTS_PER_10S ?? '100000' },
});
try {
  const u = await server.createUser({ role: 'user' });
  const p = await server.createUser({ role: 'provider' });
  const booking = await server.createBooking({ userId: u.id, providerId: p.id });
  const make = (token: string) =>
    new CallClient({ serverUrl: server.url, token, webrtc: nodeWebRtc(), endedHoldMs: 0 });
  const caller = make(u.token);
  const receiver = make(p.token);
  caller.connect();
  receiver.connect();
  await new Promise((r) => setTimeout(r, 500));
  const ring: number[] = [];
  const connect: number[] = [];
  for (let i = 0; i < N; i++) {
    const dialed = performance.now();
    const ringing = until(receiver, 'ringing');
    void caller.startCall(booking.id);
    ring.push((await ringing) - dialed);
    // The receiver taps a while after its phone rang, as a person does (the caller's offer has arrived by then).
    await new Promise((r) => setTimeout(r, TAP_AFTER_MS));
    const accepted = performance.now();
    const connected = until(caller, 'connected');
    await receiver.accept();
    connect.push((await connected) - accepted);
    await caller.end();
    await until(receiver, 'idle');
    await until(caller, 'idle');
  }
  caller.close();
  receiver.close();
  const row = (name: string, xs: number[]) =>
    `| ${name} | ${percentile(xs, 50).toFixed(0)} | ${percentile(xs, 90).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`;
  console.log(`${N} calls, the tap ${TAP_AFTER_MS} ms after ringing, loopback, Node ${process.version}\n`);
  console.log('| ms | p50 | p90 | max |\n|---|---|---|---|');
  console.log(row('dial → ringing at the receiver', ring));
  console.log(row('accept → connected (audio proven)', connect));
} finally {
  await server.close();
}
// @roamhq/wrtc's native threads crash the process as Node tears down (exit 139, after the results are out): the
// run is over, so it leaves at once.
process.exit(0);

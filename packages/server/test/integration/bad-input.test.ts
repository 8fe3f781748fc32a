import { CLIENT_EVENTS, type ClientEventName, clientEventSchemas } from '@calling/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { liveCall, mutated, oversized, snapshot, validPayloads } from '../support/bad-input';
import { OFFER, sleep } from '../support/calls';
import { api } from '../support/http';
import { connectError, type TestSocket } from '../support/sockets';
import { DATABASES, useServer } from '../support/world';

/** What the server receives: socket.io sends JSON, so undefined, NaN and Infinity arrive as null or not at all. */
const onTheWire = (p: unknown): unknown => (p === undefined ? null : JSON.parse(JSON.stringify(p) ?? 'null'));
const refusedBySchema = (event: ClientEventName, p: unknown) => !clientEventSchemas[event].safeParse(p).success;

/** The sum of every `calling_client_errors_total` sample: how many client events the server has refused. */
async function refusedCount(url: string) {
  const { text } = await api(url, 'GET', '/metrics');
  return text
    .split('\n')
    .filter((l) => l.startsWith('calling_client_errors_total{'))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe.each(DATABASES)('bad socket input on %s', (db) => {
  const world = useServer(db, { SOCKET_EVENTS_PER_10S: '1000000' });

  /** A live call, plus three senders: a party of that very call, the party of another booking, a stranger. */
  async function scene() {
    const live = await world.pair();
    const call = await liveCall(live);
    const other = await world.pair();
    const strangerUser = await world.server.createUser({ role: 'provider' });
    const stranger = await world.socketFor(strangerUser);
    const ref = { bookingId: live.booking.id, callId: call.callId };
    const senders: { socket: TestSocket; base: ReturnType<typeof validPayloads> }[] = [
      { socket: live.userSocket, base: validPayloads({ ...ref, selfId: live.user.id, peerId: live.provider.id }) },
      {
        socket: other.providerSocket,
        base: validPayloads({ ...ref, selfId: other.provider.id, peerId: live.user.id }),
      },
      { socket: stranger, base: validPayloads({ ...ref, selfId: strangerUser.id, peerId: live.provider.id }) },
    ];
    return { live, call, senders };
  }

  it('every client event fed malformed, missing, oversized and wrong-typed fields: invalid_payload each time, the live call goes on, nothing stored changes', async () => {
    const { call, senders } = await scene();
    const before = await snapshot(world.server);
    const tried: Record<string, number> = {};
    for (const event of CLIENT_EVENTS) {
      const input = fc.integer({ min: 0, max: senders.length - 1 }).chain((i) => {
        const base = senders[i]?.base[event];
        const big = oversized(event, base);
        const bad = mutated(base)
          .map(onTheWire)
          .filter((p) => refusedBySchema(event, p))
          .map((payload) => ({ i, kind: 'malformed', payload }));
        return big
          ? fc.oneof(
              bad,
              big.map((payload) => ({ i, kind: 'oversized', payload })),
            )
          : bad;
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ i, kind, payload }) => {
          if (kind === 'oversized') expect(refusedBySchema(event, payload), `${event} schema takes it`).toBe(true);
          const sender = senders[i]?.socket as TestSocket;
          const ack = await sender.emit(event, payload);
          expect(ack).toEqual({
            ok: false,
            error: { code: 'invalid_payload', message: expect.stringContaining(event) },
          });
          tried[kind] = (tried[kind] ?? 0) + 1;
        }),
        { numRuns: 60 },
      );
    }
    expect(tried.malformed).toBeGreaterThan(CLIENT_EVENTS.length * 20);
    expect(tried.oversized).toBeGreaterThan(CLIENT_EVENTS.length * 5);
    for (const { socket } of senders) expect(socket.socket.connected).toBe(true);
    expect((await api(world.server.url, 'GET', '/healthz')).body).toEqual({ ok: true });
    await call.stillRelays();
    expect(await snapshot(world.server)).toBe(before);
  });

  it('events with no ack, a non-function ack or no payload at all are refused quietly and crash nothing', async () => {
    const { call, senders, live } = await scene();
    const before = await snapshot(world.server);
    const refusedBefore = await refusedCount(world.server.url);
    let sent = 0;
    for (const event of CLIENT_EVENTS) {
      for (const { socket } of senders) {
        const s = socket.socket;
        s.emit(event); // no payload, no ack
        s.emit(event, { bookingId: 42 }); // malformed, no ack
        s.emit(event, { bookingId: 'not-a-uuid', callId: 7 }, 'not-a-function'); // a string where the ack goes
        s.emit(event, { callId: [] }, 42, { ack: true }); // more junk arguments, the last not a function
        sent += 4;
      }
      // Refused by rule rather than by schema, still without an ack: a stranger ending the live call.
      senders[2]?.socket.socket.emit('call:end', { bookingId: live.booking.id });
      sent += 1;
      // An event nobody handles is ignored.
      senders[1]?.socket.socket.emit('no-such-event', { bookingId: live.booking.id }, () => {});
    }
    // The only argument is the ack: it is called, with invalid_payload.
    const ack = await new Promise((resolve) => senders[2]?.socket.socket.emit('call:initiate', resolve));
    sent += 1;
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    let refused = 0;
    for (let waited = 0; waited < 5000 && refused < sent; waited += 100) {
      await sleep(100);
      refused = (await refusedCount(world.server.url)) - refusedBefore;
    }
    expect(refused).toBe(sent);
    for (const { socket } of senders) expect(socket.socket.connected).toBe(true);
    await call.stillRelays();
    expect(await snapshot(world.server)).toBe(before);
  });

  it('a frame over the transport cap closes only that connection; the live call and the sender’s other calls go on', async () => {
    const { call, senders } = await scene();
    const before = await snapshot(world.server);
    const stranger = senders[2]?.socket as TestSocket;
    const closed = new Promise<void>((resolve) => stranger.socket.once('disconnect', () => resolve()));
    stranger.socket.emit('call:offer', { bookingId: 'x', offer: { ...OFFER, sdp: 'a'.repeat(40 * 1024) } }, () => {});
    await closed;
    expect(stranger.socket.connected).toBe(false);
    expect(senders[1]?.socket.socket.connected).toBe(true);
    await call.stillRelays();
    expect(await snapshot(world.server)).toBe(before);
  });

  it('a handshake whose auth is malformed or wrong-typed is refused with unauthorized', async () => {
    const user = await world.server.createUser({ role: 'user' });
    const auth = fc.oneof(
      fc.record({ token: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string()), fc.string({ maxLength: 50 })) }),
      fc.record({
        token: fc.constant(user.token),
        protocolVersion: fc.oneof(
          fc.string(),
          fc.double().filter((d) => !Number.isInteger(d)),
          fc.boolean(),
        ),
      }),
      fc.record({ token: fc.integer({ min: 4097, max: 6000 }).map((n) => `${user.token}${'a'.repeat(n)}`) }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 1 }), { maxKeys: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(auth, async (a) => {
        const wire = onTheWire(a) as Record<string, unknown>;
        const r = await connectError(world.server.url, wire);
        expect(r.data).toMatchObject({ code: 'unauthorized', message: expect.any(String) });
      }),
      { numRuns: 25 },
    );
  });
});

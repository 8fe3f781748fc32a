import { describe, expect, it } from 'vitest';
import { connectCall, expectOk } from '../support/calls';
import { DATABASES, useServer } from '../support/world';

const summary = {
  samples: 12,
  rttMs: { avg: 42, p95: 80, max: 95 },
  jitterMs: { avg: 3, p95: 6, max: 9 },
  lossPercent: { avg: 1.5, p95: 4, max: 6 },
  mos: { min: 3.9, avg: 4.2 },
  codec: 'audio/opus',
  path: 'relay',
  relayProtocol: 'udp',
  iceRestarts: 1,
  acceptToAudioMs: 64,
};

/** Each party's client sends its own quality summary at the end; the server keeps one per party. */
describe.each(DATABASES)('quality summaries on %s', (db) => {
  const world = useServer(db);
  const post = (token: string, body: unknown) =>
    fetch(`${world.server.url}/api/calls/log`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as { code?: string } }));

  const endedCall = async () => {
    const p = await world.pair();
    const callId = await connectCall(p.userSocket, p.providerSocket, p.booking.id);
    await new Promise((r) => setTimeout(r, 1100));
    expectOk(await p.userSocket.emit('call:end', { callId, bookingId: p.booking.id }));
    await p.userSocket.next('call:ended');
    const [row] = await world.server.callLogs(p.booking.id);
    return { ...p, callId, row };
  };

  it("keeps the caller's and the receiver's summaries apart, and never lets them change the call's facts", async () => {
    const { user, provider, booking, callId, row } = await endedCall();
    expect((await post(user.token, { bookingId: booking.id, callId, summary })).status).toBe(200);
    const theirs = { ...summary, path: 'direct', relayProtocol: null, mos: { min: 2.1, avg: 3 } };
    expect(
      (await post(provider.token, { bookingId: booking.id, callId, summary: theirs, duration: 9999, status: 'failed' }))
        .status,
    ).toBe(200);
    const [after] = await world.server.callLogs(booking.id);
    expect(after).toMatchObject({
      caller_quality: summary,
      receiver_quality: theirs,
      call_status: row?.call_status,
      duration: row?.duration,
      end_reason: row?.end_reason,
    });
    // The same report again changes nothing, not even updated_at.
    await post(user.token, { bookingId: booking.id, callId, summary });
    const [again] = await world.server.callLogs(booking.id);
    expect(again?.caller_quality).toEqual(summary);
  });

  it.each([
    ['a loss over 100 %', { ...summary, lossPercent: { avg: 1, p95: 1, max: 150 } }],
    ['an unknown path', { ...summary, path: 'carrier-pigeon' }],
    ['an extra field', { ...summary, phone: '+15550100' }],
    ['a missing field', { samples: 3 }],
  ])('refuses %s with invalid_payload and stores nothing', async (_what, bad) => {
    const { user, booking, callId } = await endedCall();
    const r = await post(user.token, { bookingId: booking.id, callId, summary: bad });
    expect(r).toMatchObject({ status: 400, json: { code: 'invalid_payload' } });
    const [row] = await world.server.callLogs(booking.id);
    expect(row?.caller_quality).toBeNull();
  });

  it('a stranger cannot attach a summary to somebody else’s call', async () => {
    const { booking, callId } = await endedCall();
    const stranger = await world.server.createUser({ role: 'user' });
    expect((await post(stranger.token, { bookingId: booking.id, callId, summary })).status).toBeGreaterThanOrEqual(403);
    const [row] = await world.server.callLogs(booking.id);
    expect(row).toMatchObject({ caller_quality: null, receiver_quality: null });
  });
});

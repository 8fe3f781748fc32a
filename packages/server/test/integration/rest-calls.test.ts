import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectCall, expectOk, ring } from '../support/calls';
import { api, dataOf } from '../support/http';
import { DATABASES, useServer } from '../support/world';

const STUN = 'stun:stun.example.test:3478,stun:stun2.example.test:19302';

/** The value of one Prometheus sample (`name{labels} value`), 0 when absent. */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe.each(DATABASES)('REST calls and operations on %s', (db) => {
  const world = useServer(db, { STUN_URLS: STUN });
  const call = (method: string, path: string, opts?: Parameters<typeof api>[3]) =>
    api(world.server.url, method, path, opts);

  it('POST /api/calls/initiate answers the seed’s shape exactly, for either side, and creates nothing', async () => {
    const { user, provider, booking } = await world.pair('in_progress');
    const byUser = await call('POST', '/api/calls/initiate', {
      token: user.token,
      body: { bookingId: booking.id, callerType: 'user' },
    });
    expect(byUser.body).toEqual({
      status: 'success',
      data: {
        bookingId: booking.id,
        callerId: user.id,
        callerName: user.name,
        receiverId: provider.id,
        receiverName: provider.name,
        serviceName: 'Plumbing',
      },
    });
    expect(
      dataOf(await call('POST', '/api/calls/initiate', { token: provider.token, body: { bookingId: booking.id } })),
    ).toEqual({
      bookingId: booking.id,
      callerId: provider.id,
      callerName: provider.name,
      receiverId: user.id,
      receiverName: user.name,
      serviceName: 'Plumbing',
    });
    expect(byUser.text).not.toContain(user.phone.slice(1));
    expect(byUser.text).not.toContain(provider.phone.slice(1));
    expect(await world.server.callLogs(booking.id)).toEqual([]);
  });

  it('POST /api/calls/initiate refusals: wrong callerType, stranger, unknown or uncallable booking, bad body', async () => {
    const { user, booking } = await world.pair();
    const pending = await world.pair('pending');
    const stranger = await world.server.createUser({ role: 'user' });
    const cases = [
      [user.token, { bookingId: booking.id, callerType: 'provider' }, 403, 'forbidden'],
      [stranger.token, { bookingId: booking.id }, 403, 'forbidden'],
      [user.token, { bookingId: randomUUID() }, 404, 'not_found'],
      [pending.user.token, { bookingId: pending.booking.id }, 409, 'booking_not_callable'],
      [user.token, {}, 400, 'invalid_payload'],
      [user.token, { bookingId: 'nope' }, 400, 'invalid_payload'],
      [user.token, { bookingId: booking.id, callerType: 'admin' }, 400, 'invalid_payload'],
      [null, { bookingId: booking.id }, 401, 'unauthorized'],
    ] as const;
    for (const [token, body, status, code] of cases) {
      const res = await call('POST', '/api/calls/initiate', { token, body });
      expect(res, JSON.stringify(body)).toMatchObject({
        status,
        body: { status: 'error', code, message: expect.any(String) },
      });
    }
  });

  it('POST /api/calls/log: participants only, returns the stored row, never changes the server’s facts, idempotent', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
    const [stored] = await world.server.callLogs(booking.id);
    expect(stored).toMatchObject({ id: callId, call_status: 'completed', end_reason: 'completed' });

    const report = { bookingId: booking.id, duration: 120, callerType: 'user', status: 'missed' };
    const quality = { rttMs: 42, jitterMs: 3, mos: 4.3, candidateType: 'host' };
    const first = dataOf(await call('POST', '/api/calls/log', { token: user.token, body: { ...report, quality } }));
    expect(first).toEqual({ ...stored, quality, updated_at: expect.any(String) });
    const again = dataOf(await call('POST', '/api/calls/log', { token: user.token, body: { ...report, quality } }));
    expect(again).toEqual(first);
    // The seed's body alone (no quality) is also accepted and still changes neither status nor duration.
    const seedOnly = dataOf(await call('POST', '/api/calls/log', { token: user.token, body: report }));
    expect(seedOnly).toMatchObject({ id: callId, call_status: 'completed', duration: stored?.duration, quality });
    // The receiver may log by callId too.
    const byReceiver = dataOf<{ updated_at: string }>(
      await call('POST', '/api/calls/log', { token: provider.token, body: { bookingId: booking.id, callId } }),
    );
    expect(byReceiver).toEqual({ ...stored, quality, updated_at: expect.any(String) });
    const history = dataOf<{ calls: unknown[] }>(
      await call('GET', `/api/calls/history/${booking.id}`, { token: user.token }),
    );
    expect(history.calls).toHaveLength(1);

    const other = await world.pair();
    const stranger = await world.server.createUser({ role: 'user' });
    const refusals = [
      [stranger.token, { bookingId: booking.id, callId }, 404, 'not_found'],
      [other.user.token, { bookingId: other.booking.id, callId }, 404, 'not_found'],
      [other.user.token, { bookingId: other.booking.id }, 404, 'not_found'],
      [user.token, { bookingId: booking.id, duration: -1 }, 400, 'invalid_payload'],
      [user.token, { bookingId: booking.id, status: 'great' }, 400, 'invalid_payload'],
      [user.token, { bookingId: booking.id, quality: { mos: 9 } }, 400, 'invalid_payload'],
      [null, { bookingId: booking.id }, 401, 'unauthorized'],
    ] as const;
    for (const [token, body, status, code] of refusals) {
      expect(await call('POST', '/api/calls/log', { token, body }), JSON.stringify(body)).toMatchObject({
        status,
        body: { status: 'error', code },
      });
    }
    expect(await world.server.callLogs(booking.id)).toEqual([byReceiver]);
  });

  it('POST /api/calls/log without a callId (seed apps, either side): the newest call the requester took part in', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const report = (by: string, b: { duration: number; callerType: string; status: string }) => ({
      reportedBy: by,
      duration: b.duration,
      callerType: b.callerType,
      status: b.status,
    });
    const clientReport = async (id: string) =>
      (await world.server.db.query('select client_report from call_logs where id = $1', [id])).rows[0]?.client_report;
    const first = await connectCall(userSocket, providerSocket, booking.id);
    expectOk(await userSocket.emit('call:end', { callId: first, bookingId: booking.id }));
    // The seed receiver app posts the seed body for the call it just took: no callId, its own side's callerType.
    const seedBody = { bookingId: booking.id, duration: 30, callerType: 'provider', status: 'completed' };
    const [firstRow] = await world.server.callLogs(booking.id);
    const byReceiver = dataOf(await call('POST', '/api/calls/log', { token: provider.token, body: seedBody }));
    expect(byReceiver).toEqual({ ...firstRow, updated_at: expect.any(String) });
    expect(await clientReport(first)).toEqual(report(provider.id, seedBody));

    // A second call, the other way round, rejected: each side's seed post now lands on it, facts unchanged.
    const second = await ring(providerSocket, userSocket, booking.id);
    expectOk(await userSocket.emit('call:reject', { callId: second, bookingId: booking.id, reason: 'declined' }));
    const [secondRow] = await world.server.callLogs(booking.id);
    expect(secondRow).toMatchObject({ id: second, call_status: 'rejected', end_reason: 'declined', duration: 0 });
    const missedBody = { bookingId: booking.id, duration: 0, callerType: 'user', status: 'missed' };
    const byUser = dataOf(await call('POST', '/api/calls/log', { token: user.token, body: missedBody }));
    expect(byUser).toEqual({ ...secondRow, updated_at: expect.any(String) });
    expect(await clientReport(second)).toEqual(report(user.id, missedBody));
    const byCaller = dataOf(await call('POST', '/api/calls/log', { token: provider.token, body: seedBody }));
    expect(byCaller).toMatchObject({ id: second, call_status: 'rejected', duration: 0 });
    expect(await clientReport(second)).toEqual(report(provider.id, seedBody));
    // The first call keeps the report it had; neither row's server facts moved.
    expect(await clientReport(first)).toEqual(report(provider.id, seedBody));
    expect(await world.server.callLogs(booking.id)).toEqual([
      { ...secondRow, updated_at: expect.any(String) },
      { ...firstRow, updated_at: expect.any(String) },
    ]);
    // A party of a booking with no calls yet, or of another booking, still gets 404.
    const fresh = await world.pair();
    expect(
      await call('POST', '/api/calls/log', { token: fresh.provider.token, body: { bookingId: fresh.booking.id } }),
    ).toMatchObject({ status: 404, body: { status: 'error', code: 'not_found' } });
    expect(
      await call('POST', '/api/calls/log', { token: fresh.provider.token, body: { bookingId: booking.id } }),
    ).toMatchObject({ status: 404, body: { status: 'error', code: 'not_found' } });
  });

  it('GET /api/calls/history/:bookingId: participants only, newest first, ?limit= and ?before=', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const [caller, receiver] = i % 2 ? [providerSocket, userSocket] : [userSocket, providerSocket];
      const callId = await ring(caller, receiver, booking.id);
      expectOk(await caller.emit('call:end', { callId, bookingId: booking.id }));
      ids.push(callId);
    }
    const all = dataOf<{ calls: { id: string; created_at: string }[] }>(
      await call('GET', `/api/calls/history/${booking.id}`, { token: provider.token }),
    );
    expect(all.calls.map((c) => c.id)).toEqual([...ids].reverse());
    expect(all.calls[0]).toMatchObject({
      id: ids[2],
      booking_id: booking.id,
      caller_type: 'user',
      caller_id: user.id,
      receiver_id: provider.id,
      call_status: 'missed',
      duration: 0,
      end_reason: 'cancelled',
      ended_by: user.id,
    });
    expect(all.calls[1]).toMatchObject({ caller_type: 'provider', caller_id: provider.id });
    const page = dataOf<{ calls: { id: string }[] }>(
      await call('GET', `/api/calls/history/${booking.id}?limit=2`, { token: user.token }),
    );
    expect(page.calls.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    const before = encodeURIComponent(all.calls[1]?.created_at ?? '');
    const rest = dataOf<{ calls: { id: string }[] }>(
      await call('GET', `/api/calls/history/${booking.id}?limit=2&before=${before}`, { token: user.token }),
    );
    expect(rest.calls.map((c) => c.id)).toEqual([ids[0]]);

    const stranger = await world.server.createUser({ role: 'provider' });
    const refusals = [
      [stranger.token, `/api/calls/history/${booking.id}`, 404, 'not_found'],
      [user.token, `/api/calls/history/${randomUUID()}`, 404, 'not_found'],
      [user.token, '/api/calls/history/not-a-uuid', 400, 'invalid_payload'],
      [user.token, `/api/calls/history/${booking.id}?limit=0`, 400, 'invalid_payload'],
      [user.token, `/api/calls/history/${booking.id}?limit=101`, 400, 'invalid_payload'],
      [user.token, `/api/calls/history/${booking.id}?limit=ten`, 400, 'invalid_payload'],
      [user.token, `/api/calls/history/${booking.id}?before=yesterday`, 400, 'invalid_payload'],
      [null, `/api/calls/history/${booking.id}`, 401, 'unauthorized'],
    ] as const;
    for (const [token, path, status, code] of refusals) {
      expect(await call('GET', path, { token }), path).toMatchObject({ status, body: { status: 'error', code } });
    }
  });

  it('GET /api/calls/ice-servers returns the configured STUN list (no TURN configured here)', async () => {
    const u = await world.server.createUser({ role: 'user' });
    expect(dataOf(await call('GET', '/api/calls/ice-servers', { token: u.token }))).toEqual({
      iceServers: [{ urls: STUN.split(',') }],
      ttlSeconds: null,
    });
  });

  it('/healthz and /readyz answer outside the envelope; /readyz names the database', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, body: { ok: true } });
    expect(await call('GET', '/readyz')).toMatchObject({
      status: 200,
      body: { ready: true, database: db, turn: false },
    });
  });

  it('/metrics names every metric the issue lists, and they move with calls', async () => {
    const scrape = async () => {
      const res = await call('GET', '/metrics');
      expect(res.status).toBe(200);
      expect(res.contentType).toContain('text/plain');
      return res.text;
    };
    const before = await scrape();
    for (const name of [
      'calling_connected_sockets',
      'calling_live_calls',
      'calling_calls_ended_total',
      'calling_ring_to_answer_seconds',
      'calling_answer_to_connected_seconds',
    ]) {
      expect(before).toContain(`# TYPE ${name} `);
    }
    const { booking, userSocket, providerSocket } = await world.pair();
    const ringing = await ring(userSocket, providerSocket, booking.id);
    const during = await scrape();
    expect(sample(during, 'calling_live_calls', 'state="ringing"')).toBeGreaterThanOrEqual(1);
    expect(sample(during, 'calling_connected_sockets')).toBeGreaterThanOrEqual(2);
    expectOk(await userSocket.emit('call:end', { callId: ringing, bookingId: booking.id }));

    const callId = await connectCall(userSocket, providerSocket, booking.id);
    expectOk(await providerSocket.emit('call:end', { callId, bookingId: booking.id }));
    const after = await scrape();
    const delta = (name: string, labels = '') => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('calling_calls_ended_total', 'reason="completed",status="completed"')).toBe(1);
    expect(delta('calling_calls_ended_total', 'reason="cancelled",status="missed"')).toBe(1);
    expect(delta('calling_ring_to_answer_seconds_count')).toBe(1);
    expect(delta('calling_answer_to_connected_seconds_count')).toBe(1);
    expect(sample(after, 'calling_live_calls', 'state="connected"')).toBe(0);
  });
});

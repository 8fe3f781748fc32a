import { describe, expect, it } from 'vitest';
import { connectCall, expectOk, ring, sleep } from '../support/calls';
import { DATABASES, useServer } from '../support/world';

const OPERATOR_KEY = 'operator-key-of-at-least-thirty-two-chars';
const today = new Date().toISOString().slice(0, 10);
const summary = (path: 'relay' | 'direct', mos: number) => ({
  samples: 5,
  rttMs: { avg: 20, p95: 30, max: 40 },
  jitterMs: { avg: 2, p95: 3, max: 4 },
  lossPercent: { avg: 0, p95: 0, max: 0 },
  mos: { min: mos - 0.1, avg: mos },
  codec: 'audio/opus',
  path,
  relayProtocol: path === 'relay' ? 'udp' : null,
  iceRestarts: 0,
  acceptToAudioMs: 80,
});

/** PostgreSQL's percentile_cont: linear between the two nearest ranks, rounded as the endpoint does. */
function percentiles(values: number[]) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const at = (p: number) => {
    const pos = p * (sorted.length - 1);
    const lo = sorted[Math.floor(pos)] ?? 0;
    const hi = sorted[Math.ceil(pos)] ?? 0;
    return Math.round(lo + (hi - lo) * (pos - Math.floor(pos)));
  };
  return { p50: at(0.5), p90: at(0.9) };
}

/** The operators' per-day numbers, against the rows they are computed from. */
describe.each(DATABASES)('operator analytics on %s', (db) => {
  const world = useServer(db, { OPERATOR_API_KEY: OPERATOR_KEY, SETUP_TIMEOUT_S: '1' });
  const get = (path: string, token: string | null) =>
    fetch(`${world.server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }).then(
      async (r) => ({ status: r.status, json: (await r.json()) as { data?: unknown; code?: string } }),
    );

  it('counts a mix of calls by status and end reason, with answer rate, setup times, MOS and relay share', async () => {
    // Completed, with both parties' summaries.
    const a = await world.pair();
    const completed = await connectCall(a.userSocket, a.providerSocket, a.booking.id);
    expectOk(await a.userSocket.emit('call:end', { callId: completed, bookingId: a.booking.id }));
    await a.userSocket.next('call:ended');
    for (const [who, s] of [
      [a.user, summary('relay', 4.3)],
      [a.provider, summary('direct', 3.2)],
    ] as const) {
      const res = await fetch(`${world.server.url}/api/calls/log`, {
        method: 'POST',
        headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ bookingId: a.booking.id, callId: completed, summary: s }),
      });
      expect(res.status).toBe(200);
    }
    // Missed (cancelled), rejected (declined), failed (answered, media never came: ice_failed).
    const b = await world.pair();
    const cancelled = await ring(b.userSocket, b.providerSocket, b.booking.id);
    expectOk(await b.userSocket.emit('call:end', { callId: cancelled, bookingId: b.booking.id }));
    await b.userSocket.next('call:ended');
    const c = await world.pair();
    const declined = await ring(c.userSocket, c.providerSocket, c.booking.id);
    expectOk(
      await c.providerSocket.emit('call:reject', { callId: declined, bookingId: c.booking.id, reason: 'declined' }),
    );
    await c.userSocket.next('call:ended');
    const d = await world.pair();
    const failed = await ring(d.userSocket, d.providerSocket, d.booking.id);
    expectOk(await d.providerSocket.emit('call:accept', { callId: failed, bookingId: d.booking.id }));
    expect((await d.userSocket.next<{ reason: string }>('call:ended', 5000)).reason).toBe('ice_failed');
    // Rung on a device that had just left, once it is back (as a push-woken one): dial to ringing is that wait.
    const e = await world.pair();
    e.providerSocket.close();
    await sleep(100);
    const late = await e.userSocket.emit<{ callId: string }>('call:initiate', { bookingId: e.booking.id });
    expectOk<{ callId: string }>(late);
    await sleep(400);
    const back = await world.socketFor(e.provider);
    await back.next('call:incoming');
    await expect.poll(async () => (await world.server.callLogs(e.booking.id))[0]?.ringing_at).toBeTruthy();
    expectOk(await back.emit('call:reject', { callId: late.callId, bookingId: e.booking.id, reason: 'declined' }));
    await e.userSocket.next('call:ended');

    const { status, json } = await get(`/api/ops/analytics?from=${today}&to=${today}`, OPERATOR_KEY);
    expect(status).toBe(200);
    const rows = (
      await world.server.db.query<{
        call_status: string;
        end_reason: string;
        created_at: Date;
        ringing_at: Date | null;
        answered_at: Date | null;
      }>(
        'select call_status, end_reason, created_at, ringing_at, answered_at from call_logs where call_status is not null',
      )
    ).rows;
    const t = (d: Date) => new Date(d).getTime();
    const between = (pick: (r: (typeof rows)[number]) => [Date | null, Date | null]) =>
      rows.flatMap((r) => {
        const [from, to] = pick(r);
        return from && to ? [t(to) - t(from)] : [];
      });
    const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
    const [dayStats] = (json.data as { days: Record<string, unknown>[] }).days;
    expect(dayStats).toMatchObject({
      day: today,
      calls: rows.length,
      byStatus: {
        completed: count((r) => r.call_status === 'completed'),
        missed: count((r) => r.call_status === 'missed'),
        rejected: count((r) => r.call_status === 'rejected'),
        failed: count((r) => r.call_status === 'failed'),
      },
      byEndReason: { completed: 1, cancelled: 1, declined: 2, ice_failed: 1 },
      answerRate: count((r) => r.answered_at !== null) / rows.length,
      mosBuckets: { '4.0': 1, '3.0': 1 },
      relayShare: 0.5,
    });
    expect(rows.length).toBe(5);
    // Every call reached a device; the one rung on return waited for it.
    const dialToRinging = between((r) => [r.created_at, r.ringing_at]);
    expect(dialToRinging).toHaveLength(5);
    expect(Math.max(...dialToRinging)).toBeGreaterThanOrEqual(400);
    expect(dayStats?.dialToRingingMs).toEqual(percentiles(dialToRinging));
    expect(dayStats?.ringToAnswerMs).toEqual(percentiles(between((r) => [r.ringing_at, r.answered_at])));
    expect(dayStats?.acceptToAudioMs).toEqual({ p50: expect.any(Number), p90: expect.any(Number) });
    // A day without calls is not listed.
    const before = (await get('/api/ops/analytics?from=2020-01-01&to=2020-01-31', OPERATOR_KEY)).json.data;
    expect(before).toEqual({ from: '2020-01-01', to: '2020-01-31', days: [] });
  });

  it('refuses customers, providers, strangers and bad ranges', async () => {
    const { user, provider } = await world.pair();
    const q = `/api/ops/analytics?from=${today}&to=${today}`;
    for (const token of [user.token, provider.token, null, 'not-the-key']) {
      expect((await get(q, token)).status).toBe(401);
    }
    expect((await get('/api/ops/analytics?from=2026-02-01&to=2026-01-01', OPERATOR_KEY)).json.code).toBe(
      'invalid_payload',
    );
    expect((await get('/api/ops/analytics?from=2020-01-01&to=2026-01-01', OPERATOR_KEY)).json.code).toBe(
      'invalid_payload',
    );
    expect((await get('/api/ops/analytics?from=yesterday&to=today', OPERATOR_KEY)).json.code).toBe('invalid_payload');
  });
});

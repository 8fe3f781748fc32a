import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import { ANSWER, CANDIDATE, connectCall, expectOk } from '../support/calls';
import { connect } from '../support/sockets';

describe('logs', () => {
  const lines: string[] = [];
  let server: TestServer;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    server = await startTestServer({ logger: pino({ level: 'debug' }, sink) });
  });
  afterAll(() => server?.close());

  it('one JSON line per call transition, with no phone number, token or SDP body', async () => {
    const user = await server.createUser({ role: 'user' });
    const provider = await server.createUser({ role: 'provider' });
    const booking = await server.createBooking({ userId: user.id, providerId: provider.id });
    const u = await connect(server.url, user.token);
    const p = await connect(server.url, provider.token);
    const callId = await connectCall(u, p, booking.id);
    expectOk(await p.emit('call:ice-candidate', { callId, bookingId: booking.id, candidate: CANDIDATE }));
    expectOk(await u.emit('call:end', { callId, bookingId: booking.id }));
    await p.next('call:ended');
    u.close();
    p.close();
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const transitions = records.filter((r) => r.msg === 'call transition' && r.callId === callId);
    expect(transitions.map((t) => t.to)).toEqual(['ringing', 'connecting', 'connected', 'ended']);
    expect(transitions.at(-1)).toMatchObject({ reason: 'completed', status: 'completed', endedBy: user.id });
    const all = lines.join('\n');
    for (const secret of [
      user.phone,
      provider.phone,
      user.token,
      provider.token,
      ANSWER.sdp.slice(0, 20),
      CANDIDATE.candidate,
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { connectCall, sleep } from '../support/calls';
import { api, dataOf } from '../support/http';
import { connect } from '../support/sockets';
import { DATABASES, useServer } from '../support/world';

describe.each(DATABASES)('hanging up over REST on %s', (db) => {
  const world = useServer(db, { RECONNECT_GRACE_S: '20' });

  /** What navigator.sendBeacon sends: a text/plain POST, token and device in the body, no headers of ours. */
  const beacon = (callId: string, body: object) =>
    api(world.server.url, 'POST', `/api/calls/${callId}/end`, {
      raw: JSON.stringify(body),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });

  it('a page that closes mid-call: its beacon ends the call completed at once, with the talk billed, not the grace', async () => {
    const { user, provider, booking } = await world.pair();
    const caller = await connect(world.server.url, user.token, { deviceId: 'closing-page-1' });
    const receiver = await connect(world.server.url, provider.token, { deviceId: 'provider-page-1' });
    try {
      const callId = await connectCall(caller, receiver, booking.id);
      await sleep(1100);
      const socketId = caller.socket.id;
      // The page goes away: the socket closes and the beacon is all that is left of the hang-up.
      caller.close();
      const sent = Date.now();
      const res = await beacon(callId, { token: user.token, deviceId: 'closing-page-1', socketId });
      expect(dataOf(res)).toMatchObject({ callId, bookingId: booking.id, reason: 'completed', duration: 1 });
      const ended = await receiver.next('call:ended', 2000);
      expect(ended).toMatchObject({ callId, reason: 'completed', endedBy: user.id, duration: 1 });
      expect(Date.now() - sent).toBeLessThan(2000);
      expect((await world.server.callLogs(booking.id))[0]).toMatchObject({
        id: callId,
        call_status: 'completed',
        end_reason: 'completed',
        duration: 1,
      });
      // A retry of the same hang-up changes nothing.
      expect((await beacon(callId, { token: user.token, deviceId: 'closing-page-1' })).body).toMatchObject({
        status: 'error',
        code: 'no_live_call',
      });
    } finally {
      receiver.close();
    }
  });

  it("refuses strangers, bad tokens, malformed bodies and a party's other device while the call is live on one", async () => {
    const { user, provider, booking } = await world.pair();
    const stranger = await world.server.createUser({ role: 'user' });
    const caller = await connect(world.server.url, user.token, { deviceId: 'live-page-2' });
    const receiver = await connect(world.server.url, provider.token, { deviceId: 'provider-page-2' });
    try {
      const callId = await connectCall(caller, receiver, booking.id);
      const refusals: [object | string, number, string][] = [
        [{ token: stranger.token }, 403, 'forbidden'],
        [{ token: `${user.token}x` }, 401, 'unauthorized'],
        [{}, 401, 'unauthorized'],
        [{ token: user.token, deviceId: 'other-device-2' }, 403, 'forbidden'],
        [{ token: user.token, deviceId: 'bad id!' }, 400, 'invalid_payload'],
        [{ token: user.token, reason: 'declined' }, 400, 'invalid_payload'],
        [{ token: user.token, extra: 1 }, 400, 'invalid_payload'],
        ['{not json', 400, 'invalid_payload'],
      ];
      for (const [body, status, code] of refusals) {
        const res =
          typeof body === 'string'
            ? await api(world.server.url, 'POST', `/api/calls/${callId}/end`, {
                raw: body,
                headers: { 'content-type': 'text/plain' },
              })
            : await beacon(callId, body);
        expect([res.status, (res.body as { code?: string }).code], JSON.stringify(body)).toEqual([status, code]);
      }
      const wrongId = await beacon('00000000-0000-4000-8000-000000000000', { token: user.token });
      expect(wrongId.body).toMatchObject({ status: 'error', code: 'no_live_call' });
      // Nothing of that touched the call: it is still live, and its device ends it over REST with a header.
      await receiver.none('call:ended', 200);
      const res = await api(world.server.url, 'POST', `/api/calls/${callId}/end`, {
        token: user.token,
        body: { deviceId: 'live-page-2' },
      });
      expect(dataOf(res)).toMatchObject({ callId, reason: 'completed' });
      expect(await receiver.next('call:ended')).toMatchObject({ callId, reason: 'completed' });
    } finally {
      caller.close();
      receiver.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { type Call, durationOf, isGlare, isRetryOf, statusOf } from '../../src/calls/engine/call';
import { nextDeadline, transition } from '../../src/calls/engine/transitions';
import { connected, ringing, step, T0, timing } from './fixtures';

describe('call engine', () => {
  it('accept binds the accepting socket, clears the ring deadline and tells caller and other devices', () => {
    const r = step(
      ringing(),
      { type: 'accept', userId: 'bob', socketId: 'sB', deviceId: null, protocol: 2 },
      T0 + 3000,
    );
    expect(r.call).toMatchObject({
      state: 'connecting',
      answeredAt: T0 + 3000,
      receiverSocketId: 'sB',
      ringDeadline: null,
      setupDeadline: T0 + 3000 + 30_000,
    });
    expect(r.notifications.map((n) => [n.event, n.to])).toEqual([
      ['call:accepted', { socketId: 'sA' }],
      ['call:answered-elsewhere', { userId: 'bob', exceptSocketId: 'sB' }],
    ]);
  });

  it('only the receiver may accept or reject, and only while ringing', () => {
    expect(
      transition(
        ringing(),
        { type: 'accept', userId: 'alice', socketId: 'x', deviceId: null, protocol: 2 },
        T0,
        timing,
      ),
    ).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(
      transition(
        ringing(),
        { type: 'reject', userId: 'mallory', reason: 'declined', socketId: 'x', deviceId: null },
        T0,
        timing,
      ),
    ).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(
      transition(
        connected(),
        { type: 'accept', userId: 'bob', socketId: 'x', deviceId: null, protocol: 2 },
        T0,
        timing,
      ),
    ).toMatchObject({
      ok: false,
      code: 'no_live_call',
    });
  });

  it('hang-up reasons: cancelled by a ringing caller, declined by a ringing receiver, completed after media', () => {
    expect(
      step(ringing(), { type: 'hangup', userId: 'alice', socketId: 'sA', deviceId: null }, T0 + 1).call.endReason,
    ).toBe('cancelled');
    expect(
      step(ringing(), { type: 'hangup', userId: 'bob', socketId: 'sB', deviceId: null }, T0 + 1).call.endReason,
    ).toBe('declined');
    const ended = step(
      connected(),
      { type: 'hangup', userId: 'bob', socketId: 'sB', deviceId: null },
      T0 + 3500 + 61_900,
    ).call;
    expect(ended).toMatchObject({ state: 'ended', endReason: 'completed', endedBy: 'bob' });
    expect(durationOf(ended)).toBe(61);
    expect(statusOf(ended)).toBe('completed');
  });

  it('a client-reported reason is kept (ice_failed after accept logs failed)', () => {
    const accepted = step(
      ringing(),
      { type: 'accept', userId: 'bob', socketId: 'sB', deviceId: null, protocol: 2 },
      T0 + 1,
    ).call;
    const ended = step(
      accepted,
      { type: 'hangup', userId: 'alice', reason: 'ice_failed', socketId: 'sA', deviceId: null },
      T0 + 2,
    ).call;
    expect([ended.endReason, statusOf(ended), durationOf(ended)]).toEqual(['ice_failed', 'failed', 0]);
  });

  it('call_status follows what the server saw', () => {
    const end = (c: Call, reason: Call['endReason']) =>
      statusOf({ ...c, state: 'ended', endReason: reason, endedAt: T0 + 9000 });
    expect(end(ringing(), 'no_answer')).toBe('missed');
    expect(end(ringing(), 'callee_offline')).toBe('missed');
    expect(end(ringing(), 'cancelled')).toBe('missed');
    expect(end(ringing(), 'declined')).toBe('rejected');
    expect(end(ringing(), 'busy')).toBe('rejected');
    expect(end(ringing(), 'media_permission_denied')).toBe('failed');
    expect(end(ringing({ answeredAt: T0 + 1 }), 'cancelled')).toBe('failed');
    expect(end(connected(), 'connection_lost')).toBe('completed');
  });

  it('ring deadline ends as no_answer only once it has passed', () => {
    expect(step(ringing(), { type: 'deadline' }, T0 + 44_999).changed).toBe(false);
    const r = step(ringing(), { type: 'deadline' }, T0 + 45_000);
    expect(r.call).toMatchObject({ state: 'ended', endReason: 'no_answer', endedBy: null });
    expect(r.notifications.map((n) => [n.event, n.to])).toEqual([
      ['call:ended', { userId: 'alice' }],
      ['call:ended', { userId: 'bob' }],
    ]);
  });

  it('socket lost starts the grace period; resume within it rebinds; past it the call is lost', () => {
    const lost = step(connected(), { type: 'socket_lost', socketId: 'sA' }, T0 + 10_000);
    expect(lost.call).toMatchObject({ callerSocketId: null, awayUserIds: ['alice'], graceDeadline: T0 + 30_000 });
    expect(lost.notifications).toMatchObject([{ event: 'call:peer-reconnecting', to: { socketId: 'sB' } }]);
    expect(nextDeadline(lost.call)).toBe(T0 + 30_000);

    const back = step(
      lost.call,
      { type: 'resume', userId: 'alice', socketId: 'sA2', deviceId: null, protocol: 2 },
      T0 + 15_000,
    );
    expect(back.call).toMatchObject({ callerSocketId: 'sA2', awayUserIds: [], graceDeadline: null });
    expect(back.notifications).toMatchObject([{ event: 'call:peer-reconnected', to: { socketId: 'sB' } }]);

    const gone = step(lost.call, { type: 'deadline' }, T0 + 30_000).call;
    expect(gone).toMatchObject({ state: 'ended', endReason: 'connection_lost', endedBy: 'alice' });
  });

  it('a socket that is not bound to the call changes nothing', () => {
    expect(step(connected(), { type: 'socket_lost', socketId: 'other' }, T0).changed).toBe(false);
  });

  it('seed clients: a relayed answer is the connect time only when both sides are protocol 1', () => {
    const legacy = step(
      ringing({ callerProtocol: 1 }),
      { type: 'accept', userId: 'bob', socketId: 'sB', deviceId: null, protocol: 1 },
      T0 + 1000,
    ).call;
    expect(step(legacy, { type: 'answer_relayed' }, T0 + 1200).call).toMatchObject({
      state: 'connected',
      connectedAt: T0 + 1200,
    });
    const modern = step(
      ringing(),
      { type: 'accept', userId: 'bob', socketId: 'sB', deviceId: null, protocol: 2 },
      T0 + 1000,
    ).call;
    expect(step(modern, { type: 'answer_relayed' }, T0 + 1200).call).toMatchObject({
      state: 'connecting',
      connectedAt: null,
    });
  });

  it('an ended call accepts no further event', () => {
    const ended = step(ringing(), { type: 'hangup', userId: 'alice', socketId: 'sA', deviceId: null }, T0 + 1).call;
    expect(
      transition(ended, { type: 'hangup', userId: 'bob', socketId: 'sB', deviceId: null }, T0 + 2, timing),
    ).toMatchObject({
      ok: false,
      code: 'no_live_call',
    });
  });

  it('an answered call whose media never connects ends ice_failed at its setup deadline, once', () => {
    const accepted = step(
      ringing(),
      { type: 'accept', userId: 'bob', socketId: 'sB', deviceId: null, protocol: 2 },
      T0 + 3000,
    ).call;
    expect(nextDeadline(accepted)).toBe(T0 + 33_000);
    // Early: nothing happens, and the deadline stays armed.
    expect(step(accepted, { type: 'deadline' }, T0 + 32_999).changed).toBe(false);
    const r = step(accepted, { type: 'deadline' }, T0 + 33_000);
    expect(r.call).toMatchObject({ state: 'ended', endReason: 'ice_failed', endedBy: null, setupDeadline: null });
    expect(statusOf(r.call)).toBe('failed');
    expect(r.notifications.map((n) => n.event)).toEqual(['call:ended', 'call:ended']);
    expect(transition(r.call, { type: 'deadline' }, T0 + 40_000, timing)).toMatchObject({ ok: false });
  });

  it('media connecting clears the setup deadline, also for two seed clients on the relayed answer', () => {
    expect(connected().setupDeadline).toBeNull();
    expect(nextDeadline(connected())).toBeNull();
    const seed = ringing({ callerProtocol: 1 });
    const accepted = step(
      seed,
      { type: 'accept', userId: 'bob', socketId: 'sB', deviceId: null, protocol: 1 },
      T0 + 1000,
    ).call;
    const relayed = step(accepted, { type: 'answer_relayed' }, T0 + 1200).call;
    expect(relayed).toMatchObject({ state: 'connected', setupDeadline: null, connectedAt: T0 + 1200 });
  });

  it('a call that ends connection_lost bills talk only until the party dropped, not the grace period', () => {
    const live = connected(); // media at T0 + 3500
    const lost = step(live, { type: 'socket_lost', socketId: 'sB' }, T0 + 7_900).call;
    expect(lost.lostAt).toBe(T0 + 7_900);
    const ended = step(lost, { type: 'deadline' }, T0 + 27_900).call;
    expect(ended).toMatchObject({ endReason: 'connection_lost', endedAt: T0 + 27_900, lostAt: T0 + 7_900 });
    expect(durationOf(ended)).toBe(4);
    expect(statusOf(ended)).toBe('completed');
  });

  it('a party who resumes clears the loss: a later hang-up bills the whole talk', () => {
    const lost = step(connected(), { type: 'socket_lost', socketId: 'sB' }, T0 + 7_900).call;
    const back = step(
      lost,
      { type: 'resume', userId: 'bob', socketId: 'sB2', deviceId: null, protocol: 2 },
      T0 + 9_000,
    ).call;
    expect(back.lostAt).toBeNull();
    const ended = step(back, { type: 'hangup', userId: 'alice', socketId: 'sA', deviceId: null }, T0 + 63_500).call;
    expect(durationOf(ended)).toBe(60);
  });

  it('with both parties away, talk stops at the first loss', () => {
    const one = step(connected(), { type: 'socket_lost', socketId: 'sB' }, T0 + 10_500).call;
    const both = step(one, { type: 'socket_lost', socketId: 'sA' }, T0 + 12_000).call;
    expect(both.lostAt).toBe(T0 + 10_500);
    const ended = step(both, { type: 'deadline' }, T0 + 30_500).call;
    expect(durationOf(ended)).toBe(7);
  });

  describe('device binding', () => {
    const onDevices = () => {
      const r = ringing({ callerDeviceId: 'phone-A' });
      const accepted = step(
        r,
        { type: 'accept', userId: 'bob', socketId: 'sB', deviceId: 'tablet-B', protocol: 2 },
        T0 + 1,
      );
      return accepted.call;
    };
    const other = { socketId: 'sB2', deviceId: 'laptop-B' };

    it('another device of a party may not report media, hang up or take the call over', () => {
      const call = onDevices();
      for (const event of [
        { type: 'media_connected', userId: 'bob', ...other },
        { type: 'hangup', userId: 'bob', ...other },
        { type: 'resume', userId: 'bob', ...other, protocol: 2 },
      ] as const) {
        expect(transition(call, event, T0 + 2, timing)).toMatchObject({ ok: false, code: 'forbidden' });
      }
      expect(
        step(call, { type: 'media_connected', userId: 'bob', socketId: 'sB', deviceId: 'tablet-B' }, T0 + 2).changed,
      ).toBe(true);
    });

    it('the bound device on a new socket takes its call back before the old socket is noticed gone', () => {
      const back = step(
        onDevices(),
        { type: 'resume', userId: 'bob', socketId: 'sB-new', deviceId: 'tablet-B', protocol: 2 },
        T0 + 2,
      ).call;
      expect(back.receiverSocketId).toBe('sB-new');
      // The old socket is no longer the call's.
      expect(
        transition(back, { type: 'hangup', userId: 'bob', socketId: 'sB', deviceId: null }, T0 + 3, timing),
      ).toMatchObject({ ok: false, code: 'forbidden' });
    });

    it('once a side is away, any of its devices may resume it or hang up (over REST: no socket)', () => {
      const away = step(onDevices(), { type: 'socket_lost', socketId: 'sB' }, T0 + 2).call;
      expect(step(away, { type: 'resume', userId: 'bob', ...other, protocol: 2 }, T0 + 3).call).toMatchObject({
        receiverSocketId: 'sB2',
        receiverDeviceId: 'laptop-B',
      });
      const ended = step(away, { type: 'hangup', userId: 'bob', socketId: null, deviceId: null }, T0 + 3).call;
      expect(ended.state).toBe('ended');
    });

    it("a ringing call may be declined from any of the receiver's devices; a bound device naming no id keeps the old rule", () => {
      expect(step(ringing(), { type: 'hangup', userId: 'bob', ...other }, T0 + 1).call.endReason).toBe('declined');
      const legacy = step(
        ringing(),
        { type: 'accept', userId: 'bob', socketId: 'sB', deviceId: null, protocol: 1 },
        T0 + 1,
      ).call;
      expect(step(legacy, { type: 'resume', userId: 'bob', ...other, protocol: 1 }, T0 + 2).call.receiverSocketId).toBe(
        'sB2',
      );
    });
  });

  it('a retry: the same caller and device dialing the same booking while its call lives', () => {
    const mine = { ...ringing(), callerDeviceId: 'phone-1' };
    const again = { ...ringing({ id: 'call-2' }), callerDeviceId: 'phone-1' };
    expect(isRetryOf(mine, again)).toBe(true);
    expect(isRetryOf({ ...mine, state: 'connecting' }, again)).toBe(true);
    expect(isRetryOf(mine, { ...again, callerDeviceId: 'tablet-1' })).toBe(false);
    expect(isRetryOf({ ...mine, callerDeviceId: null }, { ...again, callerDeviceId: null })).toBe(false);
    expect(isRetryOf(mine, { ...again, bookingId: 'booking-2' })).toBe(false);
    expect(isRetryOf({ ...mine, state: 'ended' }, again)).toBe(false);
    expect(isRetryOf({ ...mine, state: 'connected' }, again)).toBe(false); // talking: a second tab is busy
    expect(
      isRetryOf(mine, {
        ...ringing({ id: 'call-2', callerId: 'bob', receiverId: 'alice' }),
        callerDeviceId: 'phone-1',
      }),
    ).toBe(false);
  });

  it('glare: a call the receiver wants to place back to its ringing caller, on the same booking', () => {
    const theirs = ringing();
    const reverse = ringing({ id: 'call-2', callerId: 'bob', receiverId: 'alice' });
    expect(isGlare(theirs, reverse)).toBe(true);
    expect(isGlare(theirs, ringing({ id: 'call-2', callerId: 'bob', receiverId: 'carol' }))).toBe(false);
    expect(isGlare(theirs, { ...reverse, bookingId: 'booking-2' })).toBe(false);
    expect(isGlare(connected(), reverse)).toBe(false);
  });

  it('accept, then decline before media: the call ends declined (rejected), from the accepting device only', () => {
    const accepted = step(
      ringing(),
      { type: 'accept', userId: 'bob', socketId: 'sB', deviceId: 'tablet', protocol: 2 },
      T0 + 1000,
    ).call;
    const other = { type: 'reject', userId: 'bob', reason: 'declined', socketId: 'sB2', deviceId: 'laptop' } as const;
    expect(transition(accepted, other, T0 + 1100, timing)).toMatchObject({ ok: false, code: 'forbidden' });
    const r = step(accepted, { ...other, socketId: 'sB', deviceId: 'tablet' }, T0 + 1100);
    expect(r.call).toMatchObject({ state: 'ended', endReason: 'declined', endedBy: 'bob' });
    expect(statusOf(r.call)).toBe('rejected');
    expect(r.notifications.map((n) => n.event)).toEqual(['call:rejected', 'call:ended', 'call:ended']);
    // Once media flowed it is a hang-up's business, not a decline.
    const live = step(
      accepted,
      { type: 'media_connected', userId: 'bob', socketId: 'sB', deviceId: 'tablet' },
      T0 + 1200,
    );
    expect(transition(live.call, { ...other, socketId: 'sB', deviceId: 'tablet' }, T0 + 1300, timing)).toMatchObject({
      ok: false,
      code: 'no_live_call',
    });
  });

  it('a peer that never comes back is billed until the other side stopped hearing it, when that was earlier', () => {
    const live = connected(); // media at T0 + 3500
    const report = { type: 'media_report', userId: 'alice', socketId: 'sA', deviceId: null } as const;
    // Alice stops hearing Bob at T0 + 6500 (reported 1 s into the silence); his socket is noticed gone 12 s later.
    const silent = step(live, { ...report, hearing: false, silentMs: 1000 }, T0 + 7_500).call;
    expect(silent.silentSince).toBe(T0 + 6_500);
    // A second report of the same silence keeps its start.
    expect(step(silent, { ...report, hearing: false, silentMs: 1000 }, T0 + 9_000).changed).toBe(false);
    const lost = step(silent, { type: 'socket_lost', socketId: 'sB' }, T0 + 19_500).call;
    const ended = step(lost, { type: 'deadline' }, T0 + 39_500).call;
    expect(ended.endReason).toBe('connection_lost');
    expect(durationOf(ended)).toBe(3);
  });

  it('hearing the peer again clears the silence; a silence report before media or from another device is refused', () => {
    const report = { type: 'media_report', userId: 'alice', socketId: 'sA', deviceId: null } as const;
    const silent = step(connected(), { ...report, hearing: false, silentMs: 1000 }, T0 + 7_500).call;
    const back = step(silent, { ...report, hearing: true, silentMs: 0 }, T0 + 8_000).call;
    expect(back.silentSince).toBeNull();
    const ended = step(back, { type: 'hangup', userId: 'bob', socketId: 'sB', deviceId: null }, T0 + 13_500).call;
    expect(durationOf(ended)).toBe(10);
    const accepted = step(
      ringing(),
      { type: 'accept', userId: 'bob', socketId: 'sB', deviceId: 'b1', protocol: 2 },
      T0,
    ).call;
    expect(transition(accepted, { ...report, hearing: false, silentMs: 0 }, T0 + 1, timing)).toMatchObject({
      ok: false,
      code: 'no_live_call',
    });
    const bound = step(
      accepted,
      { type: 'media_connected', userId: 'bob', socketId: 'sB', deviceId: 'b1' },
      T0 + 2,
    ).call;
    expect(
      transition(
        bound,
        { type: 'media_report', userId: 'bob', socketId: 'sX', deviceId: 'b2', hearing: false, silentMs: 0 },
        T0 + 3,
        timing,
      ),
    ).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

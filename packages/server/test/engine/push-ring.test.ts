import { describe, expect, it } from 'vitest';
import type { Call } from '../../src/calls/engine/call';
import { createCall } from '../../src/calls/engine/create';
import { ringPushes, ringVia } from '../../src/calls/engine/push-ring';
import { transition } from '../../src/calls/engine/transitions';

const timing = { ringTimeoutMs: 30_000, reconnectGraceMs: 10_000, setupTimeoutMs: 20_000 };
const NOW = 1_000_000;

/** A customer's new call to a provider, made by the engine itself. */
function ringingCall(now: number): Call {
  const created = createCall(
    {
      callId: 'call-1',
      booking: {
        id: 'booking-1',
        userId: 'caller-1',
        providerId: 'receiver-1',
        status: 'accepted',
        serviceName: 'Plumbing',
        userName: 'Casey',
        providerName: 'Pat',
        userRelayOnly: false,
        providerRelayOnly: false,
      },
      request: { requesterId: 'caller-1', requesterRole: 'user' },
      callerSocketId: 's-caller',
      callerDeviceId: null,
      callerProtocol: 3,
      relayPolicy: 'never',
      turnAvailable: false,
    },
    now,
    timing,
  );
  if (!created.ok) throw new Error(created.message);
  return created.call;
}

describe('ringPushes: which devices a transition wakes or calms', () => {
  const pushed = ringVia(ringingCall(NOW), 'push', NOW);
  const after = (event: Parameters<typeof transition>[1]): Call => {
    const r = transition(pushed, event, NOW + 1000, timing);
    if (!r.ok) throw new Error(r.message);
    return r.call;
  };

  it('a new call to a receiver reached by push rings its devices until the ring deadline', () => {
    expect(ringPushes(null, pushed, NOW)).toEqual([
      {
        userId: pushed.receiverId,
        exceptDeviceId: null,
        message: {
          type: 'call_ringing',
          callId: pushed.id,
          bookingId: pushed.bookingId,
          callerName: pushed.callerName,
        },
        expiresAt: pushed.ringDeadline,
      },
    ]);
  });

  it('a call rung on sockets pushes nothing, now or when it stops', () => {
    const onSockets = ringVia(ringingCall(NOW), 'sockets', NOW);
    expect(ringPushes(null, onSockets, NOW)).toEqual([]);
    const cancelled = transition(
      onSockets,
      { type: 'hangup', userId: onSockets.callerId, socketId: 's-caller', deviceId: null },
      NOW,
      timing,
    );
    if (!cancelled.ok) throw new Error('cancel refused');
    expect(ringPushes(onSockets, cancelled.call, NOW)).toEqual([]);
  });

  it('answered on one device: every other device is told to stop, not the one that answered', () => {
    const accepted = after({
      type: 'accept',
      userId: pushed.receiverId,
      socketId: 's-phone',
      deviceId: 'phone-1',
      protocol: 3,
    });
    const [stop] = ringPushes(pushed, accepted, NOW + 1000);
    expect(stop).toMatchObject({
      exceptDeviceId: 'phone-1',
      message: { type: 'call_ring_stopped', callId: pushed.id },
    });
    expect(stop?.expiresAt).toBeGreaterThan(NOW + 60_000);
  });

  it.each([
    ['cancelled', { type: 'hangup', userId: 'caller-1', socketId: 's-caller', deviceId: null }],
    ['timed out', { type: 'deadline' }],
  ] as const)('%s: every device is told to stop', (_what, event) => {
    const ended =
      event.type === 'deadline'
        ? transition(pushed, event, (pushed.ringDeadline ?? 0) + 1, timing)
        : transition(pushed, event, NOW + 1000, timing);
    if (!ended.ok) throw new Error(ended.message);
    expect(ended.call.state).toBe('ended');
    expect(ringPushes(pushed, ended.call, NOW + 1000)).toMatchObject([
      { exceptDeviceId: null, message: { reason: 'missed' } },
    ]);
  });

  it('declined on one of the receiver devices: the others are told it was declined', () => {
    const declined = after({
      type: 'reject',
      userId: pushed.receiverId,
      reason: 'declined',
      socketId: null,
      deviceId: 'laptop',
    });
    expect(ringPushes(pushed, declined, NOW + 1000)).toMatchObject([{ message: { reason: 'declined' } }]);
  });

  it('a transition that keeps the call ringing pushes nothing', () => {
    expect(ringPushes(pushed, { ...pushed }, NOW)).toEqual([]);
  });
});

describe('when a call rang: dial to ringing', () => {
  it('a receiver with a live socket rings at once; by push or on return only when a device connects', () => {
    expect(ringVia(ringingCall(NOW), 'sockets', NOW + 3).ringingAt).toBe(NOW + 3);
    for (const reach of ['push', 'returning', 'none'] as const) {
      expect(ringVia(ringingCall(NOW), reach, NOW + 3).ringingAt).toBeNull();
    }
  });

  it('the first device that connects while it rings marks the time; later ones and ended calls do not', () => {
    const pushed = ringVia(ringingCall(NOW), 'push', NOW);
    const rang = transition(pushed, { type: 'rang' }, NOW + 2400, timing);
    if (!rang.ok) throw new Error(rang.message);
    expect(rang).toMatchObject({ changed: true, notifications: [] });
    expect(rang.call.ringingAt).toBe(NOW + 2400);
    const again = transition(rang.call, { type: 'rang' }, NOW + 5000, timing);
    expect(again).toMatchObject({ ok: true, changed: false });
    if (again.ok) expect(again.call.ringingAt).toBe(NOW + 2400);
    const accepted = transition(
      pushed,
      { type: 'accept', userId: pushed.receiverId, socketId: 's-r', deviceId: 'd-r', protocol: 3 },
      NOW + 100,
      timing,
    );
    if (!accepted.ok) throw new Error(accepted.message);
    expect(transition(accepted.call, { type: 'rang' }, NOW + 200, timing)).toMatchObject({ ok: true, changed: false });
  });
});

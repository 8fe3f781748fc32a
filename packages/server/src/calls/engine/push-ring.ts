import type { PushMessage } from '@calling/protocol';
import type { Call } from './call';

/** A push to a person's devices that have a push target, but not to `exceptDeviceId` (it answered). */
export interface PushRing {
  userId: string;
  exceptDeviceId: string | null;
  message: PushMessage;
  /** Epoch ms after which the push is useless and the push service may drop it. */
  expiresAt: number;
}

/** A stop may reach a device long after the ring did (a phone offline for a while): its ring must still go. */
const STOP_KEEP_MS = 10 * 60_000;

/**
 * Which devices to wake or calm for this transition: a new call whose receiver has no live socket rings its
 * devices by push; when such a call stops ringing (answered, cancelled, declined, timed out) the devices are
 * told to take the ring down, all but the one that answered.
 */
export function ringPushes(before: Call | null, after: Call, now: number): PushRing[] {
  if (!after.ringsByPush) return [];
  if (before === null) {
    if (after.state !== 'ringing') return [];
    const message: PushMessage = {
      type: 'call_ringing',
      callId: after.id,
      bookingId: after.bookingId,
      callerName: after.callerName,
    };
    return [{ userId: after.receiverId, exceptDeviceId: null, message, expiresAt: after.ringDeadline ?? now }];
  }
  if (before.state !== 'ringing' || after.state === 'ringing') return [];
  return [
    {
      userId: after.receiverId,
      exceptDeviceId: after.state === 'ended' ? null : after.receiverDeviceId,
      message: { type: 'call_ring_stopped', callId: after.id, reason: stopReason(after) },
      expiresAt: now + STOP_KEEP_MS,
    },
  ];
}

const stopReason = (call: Call) =>
  call.state !== 'ended' ? 'answered' : call.endReason === 'declined' ? 'declined' : 'missed';

/**
 * How the receiver of a new call is rung: on its live sockets, by push to its devices, on a device that left
 * moments ago once it is back, or not at all.
 */
export type ReceiverReach = 'sockets' | 'push' | 'returning' | 'none';

/**
 * The new call as it rings: a receiver reached only by push is marked, so any node sends the stop later. One
 * with a live socket rings now; the others ring when a device connects (the `rang` event).
 */
export const ringVia = (call: Call, reach: ReceiverReach, now: number): Call => ({
  ...call,
  ringsByPush: reach === 'push',
  ringingAt: reach === 'sockets' ? now : null,
});

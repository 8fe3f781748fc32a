import type { IceServer } from '@calling/protocol';
import type { Presence } from '../presence/presence';
import type { PushRinger } from '../push/ringer';
import { type Call, takesEarlyOffer } from './engine/call';
import { earlyOfferMessages } from './engine/early-offer';
import { addressed, type Notification, notify } from './engine/notifications';
import type { ReceiverReach } from './engine/push-ring';

/**
 * A receiver with a live socket rings there. One with none but with push targets rings by push (also a phone
 * whose app was just put away: its socket is gone, and it may not come back unless woken). One whose device
 * left moments ago (between two networks) and has no push target rings when it is back (call:incoming on
 * connect). Else nobody is there.
 */
export async function receiverReach(
  deps: { presence: Presence; push?: PushRinger | null | undefined },
  userId: string,
): Promise<ReceiverReach> {
  const { presence, push } = deps;
  if ((await presence.devices(userId).catch(() => 0)) > 0) return 'sockets';
  if (push && (await push.canRing(userId).catch(() => false))) return 'push';
  return (await presence.reachable(userId).catch(() => false)) ? 'returning' : 'none';
}

/** `call:incoming` for a ringing call, with the receiver's ICE servers. */
export function incomingNotification(call: Call, to: Notification['to'], iceServers: IceServer[], now: number) {
  return notify(to, 'call:incoming', {
    callId: call.id,
    bookingId: call.bookingId,
    callerId: call.callerId,
    callerName: call.callerName,
    callerType: call.callerType,
    serviceName: call.serviceName,
    expiresAt: new Date(call.ringDeadline ?? now).toISOString(),
    iceServers,
    relayOnly: call.relayOnly,
  });
}

/** What a device that connects while its user's call rings is sent: the ring, and on protocol 3 the offer. */
export function ringOnConnectMessages(
  call: Call,
  socketId: string,
  protocol: number,
  iceServers: IceServer[],
  now: number,
): Notification[] {
  const to = { socketId };
  const early = call.earlyOffer && takesEarlyOffer(protocol) ? earlyOfferMessages(call, call.earlyOffer, 3) : [];
  return [incomingNotification(call, to, iceServers, now), ...addressed(to, early)];
}

import { message } from '../../calls/engine/notifications';
import { defineHandler } from '../define-handler';

/**
 * A device's own quality level goes to its peer only (the live call's other bound socket), so each side sees
 * whether the other hears it well. It changes nothing in the call; a peer that is away gets it on return.
 */
export const quality = defineHandler('call:quality', async (payload, { me, socket, calls }) => {
  const route = await calls.relay.route(me.userId, socket.id, payload, undefined);
  const ids = { callId: route.call.id, bookingId: route.call.bookingId };
  const reasons = [...new Set(payload.reasons)];
  // A level the peer cannot get right now is stale by the time it could: it is not worth an error.
  await calls.relay.toPeer(route, [
    message('call:peer-quality', { ...ids, level: payload.level, reasons, from: me.userId }),
  ]);
  return ids;
});

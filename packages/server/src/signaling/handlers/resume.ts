import { peerOf, roleOf } from '../../calls/engine/call';
import { fromDevice } from '../context';
import { defineHandler } from '../define-handler';

/**
 * After a socket reconnect (to this node or any other), this socket takes over the user's side of the call
 * and gets what its peer relayed while it was away.
 */
export const resume = defineHandler('call:resume', async (payload, ctx) => {
  const { me, socket, calls, afterAck } = ctx;
  const resumed = await calls.act(me.userId, payload, { type: 'resume', ...fromDevice(ctx), protocol: me.protocol });
  // After the ack, so the client knows it is back in the call before the offer or candidates it missed.
  afterAck(() => calls.relay.deliverMissed(resumed.id, me.userId, socket.id));
  return {
    callId: resumed.id,
    bookingId: resumed.bookingId,
    state: resumed.state,
    peerId: peerOf(resumed, me.userId),
    role: roleOf(resumed, me.userId) ?? 'caller',
  };
});

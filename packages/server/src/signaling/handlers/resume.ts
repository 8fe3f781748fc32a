import { peerOf, roleOf } from '../../calls/engine/call';
import { defineHandler } from '../define-handler';

/** After a socket reconnect (to this node or any other), this socket takes over the user's side of the call. */
export const resume = defineHandler('call:resume', async (payload, { me, socket, calls }) => {
  const resumed = await calls.act(me.userId, payload, {
    type: 'resume',
    userId: me.userId,
    socketId: socket.id,
    deviceId: me.deviceId,
    legacy: me.legacy,
  });
  return {
    callId: resumed.id,
    bookingId: resumed.bookingId,
    state: resumed.state,
    peerId: peerOf(resumed, me.userId),
    role: roleOf(resumed, me.userId) ?? 'caller',
  };
});

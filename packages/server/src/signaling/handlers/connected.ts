import { defineHandler } from '../define-handler';

/** A client reports media flowing: the server's connect time, the start of the billed duration. */
export const connected = defineHandler('call:connected', async (payload, { me, socket, calls }) => {
  const call = await calls.act(me.userId, payload, {
    type: 'media_connected',
    userId: me.userId,
    socketId: socket.id,
    deviceId: me.deviceId,
  });
  return { callId: call.id, bookingId: call.bookingId };
});

import { defineHandler } from '../define-handler';

export const reject = defineHandler('call:reject', async (payload, { me, socket, calls }) => {
  const call = await calls.act(me.userId, payload, {
    type: 'reject',
    userId: me.userId,
    reason: payload.reason,
    socketId: socket.id,
    deviceId: me.deviceId,
  });
  return { callId: call.id, bookingId: call.bookingId };
});

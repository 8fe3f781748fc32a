import { CallingError } from '@calling/protocol';
import { defineHandler } from '../define-handler';

export const end = defineHandler('call:end', async (payload, { me, socket, calls }) => {
  if (payload.userId && payload.userId !== me.userId) throw new CallingError('forbidden', 'userId must be your own id');
  const call = await calls.act(me.userId, payload, {
    type: 'hangup',
    userId: me.userId,
    reason: payload.reason,
    socketId: socket.id,
    deviceId: me.deviceId,
  });
  return { callId: call.id, bookingId: call.bookingId };
});

import { defineHandler } from '../define-handler';

/** What this device hears from its peer: the start of a silence is the talk's end if the peer never comes back. */
export const media = defineHandler('call:media', async (payload, { me, socket, calls }) => {
  const call = await calls.act(me.userId, payload, {
    type: 'media_report',
    userId: me.userId,
    hearing: payload.hearing,
    silentMs: payload.silentMs ?? 0,
    socketId: socket.id,
    deviceId: me.deviceId,
  });
  return { callId: call.id, bookingId: call.bookingId };
});

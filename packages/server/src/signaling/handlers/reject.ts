import { defineHandler } from '../define-handler';

export const reject = defineHandler('call:reject', async (payload, { me, calls }) => {
  const call = calls.resolve(me.userId, payload);
  await calls.apply(call.id, { type: 'reject', userId: me.userId, reason: payload.reason });
  return { callId: call.id, bookingId: call.bookingId };
});

import { fromDevice } from '../context';
import { defineHandler } from '../define-handler';

/** A party's camera turned on or off: the peer is told (and asked, never switched), the call keeps the time. */
export const video = defineHandler('call:video', async (payload, ctx) => {
  const { me, calls } = ctx;
  const call = await calls.act(me.userId, payload, { type: 'video', ...fromDevice(ctx), on: payload.on });
  return { callId: call.id, bookingId: call.bookingId };
});

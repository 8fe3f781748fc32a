import { fromDevice } from '../context';
import { defineHandler } from '../define-handler';

export const reject = defineHandler('call:reject', async (payload, ctx) => {
  const { me, calls } = ctx;
  const call = await calls.act(me.userId, payload, { type: 'reject', ...fromDevice(ctx), reason: payload.reason });
  return { callId: call.id, bookingId: call.bookingId };
});

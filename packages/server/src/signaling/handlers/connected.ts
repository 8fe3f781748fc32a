import { fromDevice } from '../context';
import { defineHandler } from '../define-handler';

/** A client reports media flowing: the server's connect time, the start of the billed duration. */
export const connected = defineHandler('call:connected', async (payload, ctx) => {
  const { me, calls } = ctx;
  const call = await calls.act(me.userId, payload, { type: 'media_connected', ...fromDevice(ctx) });
  return { callId: call.id, bookingId: call.bookingId };
});

import { fromDevice } from '../context';
import { defineHandler } from '../define-handler';

/** What this device hears from its peer: the start of a silence is the talk's end if the peer never comes back. */
export const media = defineHandler('call:media', async (payload, ctx) => {
  const { me, calls } = ctx;
  const call = await calls.act(me.userId, payload, {
    type: 'media_report',
    ...fromDevice(ctx),
    hearing: payload.hearing,
    silentMs: payload.silentMs ?? 0,
  });
  return { callId: call.id, bookingId: call.bookingId };
});

import { CallingError } from '@calling/protocol';
import { fromDevice } from '../context';
import { defineHandler } from '../define-handler';

export const end = defineHandler('call:end', async (payload, ctx) => {
  const { me, calls } = ctx;
  if (payload.userId && payload.userId !== me.userId) throw new CallingError('forbidden', 'userId must be your own id');
  const call = await calls.act(me.userId, payload, { type: 'hangup', ...fromDevice(ctx), reason: payload.reason });
  return { callId: call.id, bookingId: call.bookingId };
});

import { CallingError } from '@calling/protocol';
import { fromDevice } from '../context';
import { defineHandler } from '../define-handler';

export const accept = defineHandler('call:accept', async (payload, ctx) => {
  const { me, calls } = ctx;
  if (payload.receiverId && payload.receiverId !== me.userId) {
    throw new CallingError('forbidden', 'receiverId must be your own id');
  }
  const accepted = await calls.act(me.userId, payload, { type: 'accept', ...fromDevice(ctx), legacy: me.legacy });
  return {
    callId: accepted.id,
    bookingId: accepted.bookingId,
    callerId: accepted.callerId,
    callerName: accepted.callerName,
    iceServers: calls.iceServers(me.userId).iceServers,
    relayOnly: accepted.relayOnly,
  };
});

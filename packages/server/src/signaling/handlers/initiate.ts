import { fromDevice } from '../context';
import { defineHandler } from '../define-handler';

export const initiate = defineHandler('call:initiate', async (payload, ctx) => {
  const { me, calls, send, afterAck } = ctx;
  const {
    calleeOffline,
    afterAck: followUps,
    ...result
  } = await calls.initiate({ ...fromDevice(ctx), role: me.role, protocol: me.protocol }, payload);
  // Nobody to ring: the call ends at once as callee_offline, after the caller has its callId.
  if (followUps?.length) afterAck(() => followUps.forEach(send));
  if (calleeOffline) afterAck(async () => void (await calls.apply(result.callId, { type: 'callee_offline' })));
  return result;
});

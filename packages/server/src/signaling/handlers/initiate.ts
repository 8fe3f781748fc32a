import { defineHandler } from '../define-handler';

export const initiate = defineHandler('call:initiate', async (payload, { me, socket, calls, afterAck }) => {
  const { calleeOffline, ...result } = await calls.initiate(
    { userId: me.userId, role: me.role, socketId: socket.id, deviceId: me.deviceId, legacy: me.legacy },
    payload,
  );
  // Nobody to ring: the call ends at once as callee_offline, after the caller has its callId.
  if (calleeOffline) afterAck(async () => void (await calls.apply(result.callId, { type: 'callee_offline' })));
  return result;
});

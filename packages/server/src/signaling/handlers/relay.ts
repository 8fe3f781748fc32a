import { defineHandler } from '../define-handler';

/**
 * Offer, answer and ICE candidates go only between the two bound sockets of a live call. This path never
 * touches the database: the route comes from the in-memory index of live calls.
 */
export const offer = defineHandler('call:offer', async (payload, { me, socket, calls, send }) => {
  const { call, peerSocketId } = calls.relayRoute(me.userId, socket.id, payload, payload.to);
  const ids = { callId: call.id, bookingId: call.bookingId };
  if (peerSocketId)
    send({
      to: { socketId: peerSocketId },
      event: 'call:offer',
      payload: { ...ids, offer: payload.offer, from: me.userId },
    });
  return ids;
});

export const answer = defineHandler('call:answer', async (payload, { me, socket, calls, send, afterAck }) => {
  const { call, peerSocketId } = calls.relayRoute(me.userId, socket.id, payload, payload.to);
  const ids = { callId: call.id, bookingId: call.bookingId };
  if (peerSocketId)
    send({
      to: { socketId: peerSocketId },
      event: 'call:answer',
      payload: { ...ids, answer: payload.answer, from: me.userId },
    });
  // Recorded after the relay, off the hot path: for seed clients this is the connect time.
  afterAck(async () => void (await calls.apply(call.id, { type: 'answer_relayed' })));
  return ids;
});

export const iceCandidate = defineHandler('call:ice-candidate', async (payload, { me, socket, calls, send }) => {
  const { call, peerSocketId } = calls.relayRoute(me.userId, socket.id, payload, payload.to);
  const ids = { callId: call.id, bookingId: call.bookingId };
  if (peerSocketId) {
    send({
      to: { socketId: peerSocketId },
      event: 'call:ice-candidate',
      payload: { ...ids, candidate: payload.candidate, from: me.userId },
    });
  }
  return ids;
});

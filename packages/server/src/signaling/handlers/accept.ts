import { CallingError } from '@calling/protocol';
import { takesEarlyOffer } from '../../calls/engine/call';
import { earlyOfferMessages } from '../../calls/engine/early-offer';
import { addressed } from '../../calls/engine/notifications';
import { fromDevice } from '../context';
import { defineHandler } from '../define-handler';

export const accept = defineHandler('call:accept', async (payload, ctx) => {
  const { me, socket, calls, send, afterAck } = ctx;
  if (payload.receiverId && payload.receiverId !== me.userId) {
    throw new CallingError('forbidden', 'receiverId must be your own id');
  }
  const accepted = await calls.act(me.userId, payload, {
    type: 'accept',
    ...fromDevice(ctx),
    protocol: me.protocol,
    answer: payload.answer,
  });
  // An older device answers only after accepting: the offer that rang (on protocol 3 devices) follows its ack,
  // as a caller's offer after call:accepted always has. A protocol-3 device was sent it with the ring (or when
  // it came) and may have accepted before it landed: a second copy would only cross its answer.
  const early = accepted.earlyOffer;
  if (early && !payload.answer && !takesEarlyOffer(me.protocol)) {
    afterAck(() => {
      for (const n of addressed({ socketId: socket.id }, earlyOfferMessages(accepted, early, me.protocol))) send(n);
    });
  }
  return {
    callId: accepted.id,
    bookingId: accepted.bookingId,
    callerId: accepted.callerId,
    callerName: accepted.callerName,
    iceServers: calls.iceServers(me.userId).iceServers,
    relayOnly: accepted.relayOnly,
  };
});

import { CallingError } from '@calling/protocol';
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
  // Answered without the offer that rang (an older device, or one that tapped before it landed): it follows the
  // ack. A protocol-3 device that had it answers this copy with the answer it made already (no renegotiation),
  // which also reaches a caller whose socket died while the first answer was on its way.
  const early = accepted.earlyOffer;
  if (early && !payload.answer) {
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

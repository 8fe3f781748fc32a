import { type IceCandidate, limits } from '@calling/protocol';
import { type Call, type EarlyOffer, takesEarlyOffer } from './call';
import { type Audience, message, type ServerMessage } from './notifications';

/** What a ringing call holds of the caller's candidates for devices that ring later (two batches). */
export const EARLY_CANDIDATES_MAX = 2 * limits.candidatesPerBatch;

/**
 * Candidates in the form the receiving device's protocol reads: one batch for protocol 3, one event per
 * candidate (and the null end marker) for older devices.
 */
export function candidateMessages(
  protocol: number,
  m: { callId: string; bookingId: string; from: string; candidates: IceCandidate[]; done: boolean },
): ServerMessage[] {
  const { candidates, done, ...ids } = m;
  if (takesEarlyOffer(protocol)) {
    return candidates.length || done ? [message('call:ice-candidates', { ...ids, candidates, done })] : [];
  }
  const one = (candidate: IceCandidate | null) => message('call:ice-candidate', { ...ids, candidate });
  return [...candidates.map(one), ...(done ? [one(null)] : [])];
}

/** The early offer and what followed it, for a device that has not seen them (rung late, or answered without). */
export function earlyOfferMessages(call: Call, early: EarlyOffer, protocol: number): ServerMessage[] {
  const ids = { callId: call.id, bookingId: call.bookingId, from: call.callerId };
  const allInOffer = early.done && !early.candidates.length;
  const offer = takesEarlyOffer(protocol)
    ? message('call:offer', { ...ids, offer: early.offer, candidatesDone: allInOffer })
    : message('call:offer', { ...ids, offer: early.offer });
  const rest = allInOffer
    ? []
    : candidateMessages(protocol, { ...ids, candidates: early.candidates, done: early.done });
  return [offer, ...rest];
}

/**
 * Where the caller's early messages go: while it rings, every protocol-3 device of the receiver (older ones
 * get the offer only once they accept); once answered, the device that answered.
 */
export function earlyAudience(call: Call): { to: Audience; protocol: number } | null {
  if (call.state === 'ringing') return { to: { userId: call.receiverId, protocolAtLeast: 3 }, protocol: 3 };
  return call.receiverSocketId ? { to: { socketId: call.receiverSocketId }, protocol: call.receiverProtocol } : null;
}

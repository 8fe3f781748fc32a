import { z } from 'zod';
import { CallerType, EndReason, IceServer, Id, Name, QualityLevel, QualityReason } from '../domain';
import { limits } from '../limits';
import { Booking } from '../rest/bookings';
import { IceCandidate, SessionDescription } from './client-events';

const CallIds = { callId: Id, bookingId: Id };
const IsoTime = z.string();

export const IncomingEvent = z.object({
  ...CallIds,
  callerId: Id,
  callerName: Name,
  callerType: CallerType,
  serviceName: z.string(),
  expiresAt: IsoTime,
  iceServers: z.array(IceServer).optional(),
  relayOnly: z.boolean().optional(),
});
export type IncomingEvent = z.infer<typeof IncomingEvent>;

/** `answer`: the receiver answered the offer that rang with the call (protocol 3); otherwise it comes as `call:answer`. */
export const AcceptedEvent = z.object({ ...CallIds, receiverId: Id, answer: SessionDescription.optional() });
export type AcceptedEvent = z.infer<typeof AcceptedEvent>;

/**
 * Protocol 3: a ringing device's provisional answer (`call:pranswer`), to the caller while the call rings, with
 * no candidate in it. A receiver with several devices may send one from each; the answer with `call:accepted`
 * is the one that counts.
 */
export const PranswerEvent = z.object({ ...CallIds, answer: SessionDescription, from: Id });
export type PranswerEvent = z.infer<typeof PranswerEvent>;

export const RejectedEvent = z.object({ ...CallIds, reason: z.enum(['declined', 'busy']) });
export type RejectedEvent = z.infer<typeof RejectedEvent>;

export const AnsweredElsewhereEvent = z.object(CallIds);
export type AnsweredElsewhereEvent = z.infer<typeof AnsweredElsewhereEvent>;

export const OfferEvent = z.object({
  ...CallIds,
  offer: SessionDescription,
  from: Id,
  candidatesDone: z.boolean().optional(),
});
export type OfferEvent = z.infer<typeof OfferEvent>;

export const AnswerEvent = z.object({ ...CallIds, answer: SessionDescription, from: Id });
export type AnswerEvent = z.infer<typeof AnswerEvent>;

export const IceCandidateEvent = z.object({ ...CallIds, candidate: IceCandidate.nullable(), from: Id });
export type IceCandidateEvent = z.infer<typeof IceCandidateEvent>;

/** Protocol 3 devices only; older ones get each candidate as its own `call:ice-candidate`. */
export const IceCandidatesEvent = z.object({
  ...CallIds,
  candidates: z.array(IceCandidate).max(limits.candidatesPerBatch),
  done: z.boolean(),
  from: Id,
});
export type IceCandidatesEvent = z.infer<typeof IceCandidatesEvent>;

export const EndedEvent = z.object({
  ...CallIds,
  duration: z.number().int().min(0),
  endedBy: Id.nullable(),
  reason: EndReason,
});
export type EndedEvent = z.infer<typeof EndedEvent>;

export const PeerReconnectingEvent = z.object({ ...CallIds, userId: Id, graceExpiresAt: IsoTime });
export type PeerReconnectingEvent = z.infer<typeof PeerReconnectingEvent>;

export const PeerReconnectedEvent = z.object({ ...CallIds, userId: Id });
export type PeerReconnectedEvent = z.infer<typeof PeerReconnectedEvent>;

/** New: the peer's own quality level (its `call:quality`), so a person sees "they can't hear you well". */
export const PeerQualityEvent = z.object({
  ...CallIds,
  level: QualityLevel,
  reasons: z.array(QualityReason),
  from: Id,
});
export type PeerQualityEvent = z.infer<typeof PeerQualityEvent>;

/** New: the peer turned its camera on or off (its `call:video`). */
export const PeerVideoEvent = z.object({ ...CallIds, on: z.boolean(), from: Id });
export type PeerVideoEvent = z.infer<typeof PeerVideoEvent>;

/**
 * New: a booking of this person was created or moved (accepted, declined, started, completed, cancelled, or
 * changed by the host), sent to both parties' devices after the change is stored. `booking` is as
 * `GET /api/bookings/:id` returns it to the receiving party, so a screen can put it in place of the one it
 * shows. Clients that do not know this event ignore it.
 */
export const BookingChangedEvent = z.object({ booking: Booking });
export type BookingChangedEvent = z.infer<typeof BookingChangedEvent>;

/** Server-to-client events and their payload schemas. */
export const serverEventSchemas = {
  'call:incoming': IncomingEvent,
  'call:accepted': AcceptedEvent,
  'call:pranswer': PranswerEvent,
  'call:rejected': RejectedEvent,
  'call:answered-elsewhere': AnsweredElsewhereEvent,
  'call:offer': OfferEvent,
  'call:answer': AnswerEvent,
  'call:ice-candidate': IceCandidateEvent,
  'call:ice-candidates': IceCandidatesEvent,
  'call:ended': EndedEvent,
  'call:peer-reconnecting': PeerReconnectingEvent,
  'call:peer-reconnected': PeerReconnectedEvent,
  'call:peer-quality': PeerQualityEvent,
  'call:peer-video': PeerVideoEvent,
  'booking:changed': BookingChangedEvent,
} as const;
export type ServerEventName = keyof typeof serverEventSchemas;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEventSchemas)[E]>;

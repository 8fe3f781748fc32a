import { z } from 'zod';
import { CallerType, EndReason, IceServer, Id, Name } from '../domain';
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

export const AcceptedEvent = z.object({ ...CallIds, receiverId: Id });
export type AcceptedEvent = z.infer<typeof AcceptedEvent>;

export const RejectedEvent = z.object({ ...CallIds, reason: z.enum(['declined', 'busy']) });
export type RejectedEvent = z.infer<typeof RejectedEvent>;

export const AnsweredElsewhereEvent = z.object(CallIds);
export type AnsweredElsewhereEvent = z.infer<typeof AnsweredElsewhereEvent>;

export const OfferEvent = z.object({ ...CallIds, offer: SessionDescription, from: Id });
export type OfferEvent = z.infer<typeof OfferEvent>;

export const AnswerEvent = z.object({ ...CallIds, answer: SessionDescription, from: Id });
export type AnswerEvent = z.infer<typeof AnswerEvent>;

export const IceCandidateEvent = z.object({ ...CallIds, candidate: IceCandidate.nullable(), from: Id });
export type IceCandidateEvent = z.infer<typeof IceCandidateEvent>;

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

/** Server-to-client events and their payload schemas. */
export const serverEventSchemas = {
  'call:incoming': IncomingEvent,
  'call:accepted': AcceptedEvent,
  'call:rejected': RejectedEvent,
  'call:answered-elsewhere': AnsweredElsewhereEvent,
  'call:offer': OfferEvent,
  'call:answer': AnswerEvent,
  'call:ice-candidate': IceCandidateEvent,
  'call:ended': EndedEvent,
  'call:peer-reconnecting': PeerReconnectingEvent,
  'call:peer-reconnected': PeerReconnectedEvent,
} as const;
export type ServerEventName = keyof typeof serverEventSchemas;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEventSchemas)[E]>;

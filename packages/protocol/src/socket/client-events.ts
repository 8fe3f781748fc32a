import { z } from 'zod';
import { CallerType, ClientEndReason, Id, Name, QualityLevel, QualityReason } from '../domain';
import { limits } from '../limits';

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;
const boundedText = (maxBytes: number) =>
  z.string().refine((s) => s.length <= maxBytes && utf8Bytes(s) <= maxBytes, {
    message: `must be at most ${maxBytes} bytes`,
  });

export const SessionDescription = z.object({
  type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: boundedText(limits.sdpBytes),
});
export type SessionDescription = z.infer<typeof SessionDescription>;

export const IceCandidate = z.object({
  candidate: boundedText(limits.candidateBytes),
  sdpMid: z.string().max(limits.idChars).nullish(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullish(),
  usernameFragment: z.string().max(256).nullish(),
});
export type IceCandidate = z.infer<typeof IceCandidate>;

/**
 * Old clients identify a call by bookingId alone; new ones add callId. Either way the server
 * resolves the live call and checks that the sender is part of it.
 */
const CallRef = { bookingId: Id, callId: Id.optional() };

/** `join`: the seed sends a bare userId string; it must be the token's own user. */
export const JoinPayload = z.union([
  z.string().max(limits.idChars),
  z.object({ userId: z.string().max(limits.idChars) }),
]);

export const InitiatePayload = z.object({
  bookingId: Id,
  // The seed's fields: accepted for compatibility, checked against the token, never trusted.
  callerId: Id.optional(),
  callerName: Name.optional(),
  callerType: CallerType.optional(),
  receiverId: Id.optional(),
  receiverName: Name.optional(),
  /**
   * Glare: when the other party of this booking is calling this person right now, answer that call instead
   * of refusing this one as busy (both want to talk). Without it (older clients) the second call is busy.
   */
  onGlare: z.literal('answer').optional(),
});
export type InitiatePayload = z.infer<typeof InitiatePayload>;

/**
 * Protocol 3: a receiver that got the caller's offer while ringing answers it in the accept itself, so the
 * caller has the answer with `call:accepted` and no round trip is left after the tap.
 */
export const AcceptPayload = z.object({ ...CallRef, receiverId: Id.optional(), answer: SessionDescription.optional() });
export type AcceptPayload = z.infer<typeof AcceptPayload>;

/**
 * Protocol 3: a ringing device's answer to the offer that rang, made while it rings and without any candidate,
 * so the caller can set it up as a provisional answer (pranswer) before the tap. It says nothing of the
 * device's network (the server drops any candidate in it); the answer that counts still comes with the accept.
 */
export const PranswerPayload = z.object({ ...CallRef, answer: SessionDescription });
export type PranswerPayload = z.infer<typeof PranswerPayload>;

export const RejectPayload = z.object({ ...CallRef, reason: z.enum(['declined', 'busy']).default('declined') });
export type RejectPayload = z.infer<typeof RejectPayload>;

/**
 * `to` is the seed's addressing; when present it must be the peer of the sender's call. Protocol 3: the caller
 * sends its first offer while the call rings (the candidates gathered so far are in its SDP);
 * `candidatesDone` says no more will follow.
 */
export const OfferPayload = z.object({
  ...CallRef,
  offer: SessionDescription,
  to: Id.optional(),
  candidatesDone: z.boolean().optional(),
});
export type OfferPayload = z.infer<typeof OfferPayload>;

export const AnswerPayload = z.object({ ...CallRef, answer: SessionDescription, to: Id.optional() });
export type AnswerPayload = z.infer<typeof AnswerPayload>;

/** A null candidate is the end-of-candidates marker. */
export const IceCandidatePayload = z.object({ ...CallRef, candidate: IceCandidate.nullable(), to: Id.optional() });
export type IceCandidatePayload = z.infer<typeof IceCandidatePayload>;

/** Protocol 3: candidates in one message; `done` is the end-of-candidates marker. */
export const IceCandidatesPayload = z.object({
  ...CallRef,
  candidates: z.array(IceCandidate).max(limits.candidatesPerBatch),
  done: z.boolean(),
  to: Id.optional(),
});
export type IceCandidatesPayload = z.infer<typeof IceCandidatesPayload>;

export const EndPayload = z.object({ ...CallRef, userId: Id.optional(), reason: ClientEndReason.optional() });
export type EndPayload = z.infer<typeof EndPayload>;

/** New: the client reports that media flows. */
export const ConnectedPayload = z.object({ callId: Id, bookingId: Id.optional() });
export type ConnectedPayload = z.infer<typeof ConnectedPayload>;

/**
 * New: what this device hears from its peer. `hearing: false` when inbound audio stopped (for `silentMs`, at
 * most 10 s, before the report), `true` when it is back. If the peer then drops for good (`connection_lost`),
 * its talk is billed until the silence began, not until the server noticed its socket was gone.
 */
export const MediaPayload = z.object({
  callId: Id,
  bookingId: Id.optional(),
  hearing: z.boolean(),
  silentMs: z.number().int().min(0).max(10_000).optional(),
});
export type MediaPayload = z.infer<typeof MediaPayload>;

/** New: this device's own quality level, sent when it changes; the peer gets it as `call:peer-quality`. */
export const QualityPayload = z
  .object({
    callId: Id,
    bookingId: Id.optional(),
    level: QualityLevel,
    reasons: z.array(QualityReason).max(3),
  })
  .strict();
export type QualityPayload = z.infer<typeof QualityPayload>;

/**
 * New: this device turned its camera on or off in a connected call. The peer gets it as `call:peer-video` (and
 * is asked whether to show its own: it never turns on by itself); the server keeps how long video ran.
 */
export const VideoPayload = z.object({ callId: Id, bookingId: Id.optional(), on: z.boolean() }).strict();
export type VideoPayload = z.infer<typeof VideoPayload>;

/** New: after a socket reconnect, rebind this socket to the call. */
export const ResumePayload = z.object({ callId: Id });
export type ResumePayload = z.infer<typeof ResumePayload>;

/** Client-to-server events and the schema each payload must pass. */
export const clientEventSchemas = {
  join: JoinPayload,
  'call:initiate': InitiatePayload,
  'call:accept': AcceptPayload,
  'call:pranswer': PranswerPayload,
  'call:reject': RejectPayload,
  'call:offer': OfferPayload,
  'call:answer': AnswerPayload,
  'call:ice-candidate': IceCandidatePayload,
  'call:ice-candidates': IceCandidatesPayload,
  'call:end': EndPayload,
  'call:connected': ConnectedPayload,
  'call:media': MediaPayload,
  'call:quality': QualityPayload,
  'call:video': VideoPayload,
  'call:resume': ResumePayload,
} as const;
export type ClientEventName = keyof typeof clientEventSchemas;
export const CLIENT_EVENTS = Object.keys(clientEventSchemas) as ClientEventName[];
/** What a client sends with each event (before the schema's defaults are applied). */
export type ClientEventPayload<E extends ClientEventName> = z.input<(typeof clientEventSchemas)[E]>;

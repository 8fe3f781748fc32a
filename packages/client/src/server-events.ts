import type { Booking, IncomingEvent, PeerQualityEvent, PeerVideoEvent } from '@calling/protocol';
import type { CallMedia } from './call-media';
import type { CallResources } from './call-resources';
import type { FlowInput } from './flow';
import type { SignalingHandlers } from './signaling';

/** Where the server's events go: the call flow, the current call's media, its quality and video, the bookings. */
export interface ServerEventSink {
  apply(input: FlowInput): Promise<void>;
  /** Media work on the current call's resources (offer, answer, candidates); nothing for any other call. */
  withCall(callId: string, fn: (res: CallResources) => Promise<void>): Promise<void> | undefined;
  /** Read at each event, not when the handlers are made (the client builds its media after its signaling). */
  media(): CallMedia;
  peerQuality(e: PeerQualityEvent): void;
  peerVideo(e: PeerVideoEvent): void;
  /** One of this person's bookings changed (`booking:changed`); no call depends on it. */
  bookingChanged(booking: Booking): void;
}

/**
 * The socket's and the server's events, each turned into a flow input, or (offer/answer/candidates of the
 * current call) into media work that decides nothing; a booking's change is passed on as it is.
 */
export function serverEventHandlers(sink: ServerEventSink): SignalingHandlers {
  const { apply, withCall } = sink;
  return {
    connect: (firstTime) => void apply({ type: 'socket', up: true, firstTime }),
    disconnect: () => void apply({ type: 'socket', up: false }),
    refused: (error) => void apply({ type: 'refused', error }),
    'call:incoming': (e) => void apply({ type: 'incoming', call: incomingCall(e), media: incomingMedia(e) }),
    'call:accepted': (e) => void apply({ type: 'accepted', ...e }),
    'call:rejected': (e) => void apply({ type: 'ended', ...e }),
    'call:answered-elsewhere': (e) => void apply({ ...e, type: 'ended', reason: 'answered_elsewhere' }),
    'call:ended': (e) => void apply({ type: 'ended', ...e }),
    'call:offer': (e) => void apply({ type: 'remote-offer', callId: e.callId, offer: e.offer }),
    'call:pranswer': (e) => void apply({ type: 'pranswer', callId: e.callId, answer: e.answer }),
    'call:answer': (e) => void withCall(e.callId, (res) => sink.media().acceptAnswer(res, e.answer)),
    'call:ice-candidate': (e) => void withCall(e.callId, (res) => sink.media().addRemoteCandidate(res, e.candidate)),
    'call:ice-candidates': (e) =>
      void withCall(e.callId, async (res) => {
        for (const c of e.candidates) await sink.media().addRemoteCandidate(res, c);
      }),
    'call:peer-reconnecting': (e) => void apply({ type: 'peer-reconnecting', callId: e.callId, reconnecting: true }),
    'call:peer-reconnected': (e) => void apply({ type: 'peer-reconnecting', callId: e.callId, reconnecting: false }),
    'call:peer-quality': (e) => sink.peerQuality(e),
    'call:peer-video': (e) => sink.peerVideo(e),
    'booking:changed': (e) => sink.bookingChanged(e.booking),
  };
}

function incomingMedia(e: IncomingEvent) {
  return e.iceServers ? { iceServers: e.iceServers, relayOnly: e.relayOnly ?? false } : null;
}

function incomingCall(e: IncomingEvent) {
  return {
    callId: e.callId,
    bookingId: e.bookingId,
    direction: 'incoming' as const,
    peerId: e.callerId,
    peerName: e.callerName,
    serviceName: e.serviceName,
    relayOnly: e.relayOnly ?? false,
  };
}

import { CallingError, type ServerEventPayload } from '@calling/protocol';
import { boundSocketOf, type Call, peerOf } from './engine/call';
import { type Notification, notify } from './engine/notifications';
import type { Relayed, RelayMailbox } from './live/mailbox';
import type { LiveCallStore } from './live/store';
import { type CallRef, resolveCall } from './resolve-call';

type RelayedEvent = 'call:offer' | 'call:answer' | 'call:ice-candidate';

/**
 * Offer, answer and candidates between the two devices bound to a live call, on whichever nodes they are: a
 * read of the shared live-call store, never a write. To a peer whose socket is away they wait in its mailbox.
 */
export class CallRelay {
  constructor(private readonly d: { live: LiveCallStore; mailbox: RelayMailbox; send(n: Notification): void }) {}

  /** Who the sender's message goes to: refused unless the call is answered and this socket is the sender's bound one. */
  async route(userId: string, socketId: string, ref: CallRef, to: string | undefined) {
    const { call } = await resolveCall(this.d.live, userId, ref);
    if (call.state === 'ringing') throw new CallingError('no_live_call', 'the call has not been answered yet');
    if (boundSocketOf(call, userId) !== socketId) {
      throw new CallingError('forbidden', 'this device is not the one in the call');
    }
    const peerId = peerOf(call, userId);
    if (to !== undefined && to !== peerId) throw new CallingError('forbidden', '`to` is not your peer in this call');
    return { call, peerId, peerSocketId: boundSocketOf(call, peerId) };
  }

  /** To the peer's bound socket, or into its mailbox while it is away. False if the mailbox is full. */
  async toPeer<E extends RelayedEvent>(
    route: { call: Call; peerId: string; peerSocketId: string | null },
    event: E,
    payload: ServerEventPayload<E>,
  ) {
    if (route.peerSocketId) {
      this.d.send(notify({ socketId: route.peerSocketId }, event, payload));
      return true;
    }
    return this.d.mailbox.put(route.call.id, route.peerId, { event, payload } as Relayed);
  }

  /** What the peer relayed while this party was away, to the socket that just resumed, in order. */
  async deliverMissed(callId: string, userId: string, socketId: string) {
    for (const message of await this.d.mailbox.take(callId, userId)) this.d.send({ ...message, to: { socketId } });
  }
}

import { CallingError } from '@calling/protocol';
import { boundSocketOf, type Call, peerOf, protocolOf } from './engine/call';
import { addressed, type Notification, type ServerMessage } from './engine/notifications';
import type { RelayMailbox } from './live/mailbox';
import type { LiveCallStore } from './live/store';
import { type CallRef, resolveCall } from './resolve-call';

export interface RelayRoute {
  call: Call;
  peerId: string;
  peerSocketId: string | null;
  /** What the peer's bound device speaks: candidates go to it batched (3) or one by one. */
  peerProtocol: number;
}

/**
 * Offer, answer and candidates between the two devices bound to a live call, on whichever nodes they are: a
 * read of the shared live-call store, never a write. To a peer whose socket is away they wait in its mailbox.
 */
export class CallRelay {
  constructor(private readonly d: { live: LiveCallStore; mailbox: RelayMailbox; send(n: Notification): void }) {}

  /** Who the sender's message goes to: refused unless the call is answered and this socket is the sender's bound one. */
  async route(userId: string, socketId: string, ref: CallRef, to: string | undefined): Promise<RelayRoute> {
    const { call } = await resolveCall(this.d.live, userId, ref);
    return this.routeFor(call, userId, socketId, to);
  }

  /** The same for a call already read (a handler that looked at it first). */
  routeFor(call: Call, userId: string, socketId: string, to: string | undefined): RelayRoute {
    if (call.state === 'ringing') throw new CallingError('no_live_call', 'the call has not been answered yet');
    if (boundSocketOf(call, userId) !== socketId) {
      throw new CallingError('forbidden', 'this device is not the one in the call');
    }
    const peerId = peerOf(call, userId);
    if (to !== undefined && to !== peerId) throw new CallingError('forbidden', '`to` is not your peer in this call');
    return { call, peerId, peerSocketId: boundSocketOf(call, peerId), peerProtocol: protocolOf(call, peerId) };
  }

  /**
   * Protocol 3: a ringing device's provisional answer goes to the caller's device; refused once the call is
   * answered (the answer then rides with the accept) and from anyone but the receiver.
   */
  routeToRingingCaller(call: Call, userId: string): RelayRoute {
    if (call.state !== 'ringing') throw new CallingError('no_live_call', 'the call is no longer ringing');
    if (userId !== call.receiverId) throw new CallingError('forbidden', 'only the receiver answers a ringing call');
    if (!call.earlyOffer) throw new CallingError('invalid_payload', 'there is no offer to answer yet');
    const peerId = call.callerId;
    return { call, peerId, peerSocketId: boundSocketOf(call, peerId), peerProtocol: protocolOf(call, peerId) };
  }

  /** To the peer's bound socket, or into its mailbox while it is away. False if the mailbox is full. */
  async toPeer(route: RelayRoute, messages: ServerMessage[]) {
    if (route.peerSocketId) {
      for (const n of addressed({ socketId: route.peerSocketId }, messages)) this.d.send(n);
      return true;
    }
    for (const m of messages) if (!(await this.d.mailbox.put(route.call.id, route.peerId, m))) return false;
    return true;
  }

  /** What the peer relayed while this party was away, to the socket that just resumed, in order. */
  async deliverMissed(callId: string, userId: string, socketId: string) {
    for (const message of await this.d.mailbox.take(callId, userId)) this.d.send({ ...message, to: { socketId } });
  }
}

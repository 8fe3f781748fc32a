import type { Ack, ClientAckResults } from './acks';
import type { ClientEventName, ClientEventPayload } from './client-events';
import type { ServerEventName, ServerEventPayload } from './server-events';

/** socket.io's event map of what a client sends, for a typed client socket. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>, ack: (ack: Ack<ClientAckResults[E]>) => void) => void;
};

/** What the server receives: nothing is trusted until the event's schema has parsed it. */
export type UntrustedClientEvents = { [E in ClientEventName]: (payload: unknown, ack?: (ack: Ack) => void) => void };

/** What the server sends, to both kinds of socket. */
export type ServerToClientEvents = { [E in ServerEventName]: (payload: ServerEventPayload<E>) => void };

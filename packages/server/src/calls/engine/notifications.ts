import type { ServerEventName, ServerEventPayload } from '@calling/protocol';

/**
 * Where a server event goes: every device of a user, one socket, a user's devices but one, or a user's devices
 * that speak at least this protocol.
 */
export type Audience =
  | { userId: string }
  | { socketId: string }
  | { userId: string; exceptSocketId: string }
  | { userId: string; protocolAtLeast: number };

/** A server event before it is addressed. */
export interface ServerMessage<E extends ServerEventName = ServerEventName> {
  event: E;
  payload: ServerEventPayload<E>;
}

export interface Notification<E extends ServerEventName = ServerEventName> extends ServerMessage<E> {
  to: Audience;
}

export function message<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>) {
  return { event, payload } as ServerMessage;
}

export function notify<E extends ServerEventName>(to: Audience, event: E, payload: ServerEventPayload<E>) {
  return { to, event, payload } as Notification;
}

export const addressed = (to: Audience, messages: ServerMessage[]): Notification[] =>
  messages.map((m) => ({ ...m, to }));

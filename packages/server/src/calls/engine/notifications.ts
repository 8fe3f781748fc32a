import type { ServerEventName, ServerEventPayload } from '@calling/protocol';

/** Where a server event goes: every device of a user, one socket, or a user's devices but one. */
export type Audience = { userId: string } | { socketId: string } | { userId: string; exceptSocketId: string };

export interface Notification<E extends ServerEventName = ServerEventName> {
  to: Audience;
  event: E;
  payload: ServerEventPayload<E>;
}

export function notify<E extends ServerEventName>(to: Audience, event: E, payload: ServerEventPayload<E>) {
  return { to, event, payload } as Notification;
}

import type { Role, ServerToClientEvents, UntrustedClientEvents } from '@calling/protocol';
import type { Socket } from 'socket.io';
import type { Notification } from '../calls/engine/notifications';
import type { CallService } from '../calls/service';

/** Who is on a socket, from the verified token only. */
export interface SocketIdentity {
  userId: string;
  role: Role;
  name: string;
  /** The handshake's protocolVersion (1, the seed's, when it names none). */
  protocol: number;
  /** The handshake's deviceId; null for clients that name none. */
  deviceId: string | null;
}

/** What the server keeps on each socket. */
export interface SocketData {
  identity: SocketIdentity;
}
export type CallingSocket = Socket<UntrustedClientEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface HandlerContext {
  socket: CallingSocket;
  me: SocketIdentity;
  calls: CallService;
  send(n: Notification): void;
  /** Work to do once the ack has gone out (so the client knows the callId before later events). */
  afterAck(fn: () => Promise<void> | void): void;
}

export const userRoom = (userId: string) => `user:${userId}`;
/** A user's devices that speak protocol 3 (the early offer rings there). */
export const protocol3Room = (userId: string) => `user:${userId}:p3`;
export const identityOf = (socket: CallingSocket) => socket.data.identity;

/** Who acts and from which socket and device, as the call engine's events name it. */
export const fromDevice = ({ me, socket }: Pick<HandlerContext, 'me' | 'socket'>) => ({
  userId: me.userId,
  socketId: socket.id,
  deviceId: me.deviceId,
});

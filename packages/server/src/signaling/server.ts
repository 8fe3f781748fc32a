import type { Server as HttpServer } from 'node:http';
import { CallingError, type ClientEventName, HandshakeAuth, limits, PROTOCOL_VERSION } from '@calling/protocol';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { Server } from 'socket.io';
import type { TokenService } from '../auth/tokens';
import type { Notification } from '../calls/engine/notifications';
import type { CallService } from '../calls/service';
import type { Logger } from '../ops/logger';
import type { Metrics } from '../ops/metrics';
import { type HandlerContext, identityOf, type SocketIdentity, userRoom } from './context';
import { errorAck, parsePayload } from './define-handler';
import { handlers } from './handlers';

/** Hanging up or declining is never refused as rate_limited: a call must always be endable. */
const NEVER_LIMITED: ReadonlySet<ClientEventName> = new Set(['call:end', 'call:reject']);

export interface SignalingDeps {
  tokens: TokenService;
  logger: Logger;
  metrics: Metrics;
  corsOrigins: string[];
  eventsPer10s: number;
}

export function createSignaling(http: HttpServer, deps: SignalingDeps) {
  const io = new Server(http, {
    maxHttpBufferSize: limits.messageBytes,
    // A dead network is noticed within ~15 s, so the reconnect grace period starts promptly.
    pingInterval: 10_000,
    pingTimeout: 5_000,
    cors: { origin: deps.corsOrigins.length ? deps.corsOrigins : false, credentials: true },
  });
  const limiter = new RateLimiterMemory({ points: deps.eventsPer10s, duration: 10 });

  const send = (n: Notification) => {
    const to = n.to;
    if ('socketId' in to) io.to(to.socketId).emit(n.event, n.payload);
    else if ('exceptSocketId' in to) io.to(userRoom(to.userId)).except(to.exceptSocketId).emit(n.event, n.payload);
    else io.to(userRoom(to.userId)).emit(n.event, n.payload);
  };
  const isOnline = (userId: string) => (io.sockets.adapter.rooms.get(userRoom(userId))?.size ?? 0) > 0;

  // The handshake must carry a valid token; identity and the personal room come from it alone.
  io.use(async (socket, next) => {
    const auth = HandshakeAuth.safeParse(socket.handshake.auth);
    try {
      const claims = await deps.tokens.verify(auth.success ? auth.data.token : null);
      const identity: SocketIdentity = {
        userId: claims.sub,
        role: claims.role,
        name: claims.name,
        legacy: (auth.success ? (auth.data.protocolVersion ?? 1) : 1) < PROTOCOL_VERSION,
      };
      socket.data.identity = identity;
      next();
    } catch (err) {
      const body = err instanceof CallingError ? err.toBody() : { code: 'unauthorized', message: 'invalid token' };
      next(Object.assign(new Error(body.message), { data: body }));
    }
  });

  function attach(calls: CallService) {
    io.on('connection', (socket) => {
      const me = identityOf(socket);
      socket.join(userRoom(me.userId));
      // A device that comes online while a call rings for this user rings too.
      const live = calls.live.ofUser(me.userId);
      if (live && live.state === 'ringing' && live.receiverId === me.userId) {
        send(calls.incomingFor(live, { socketId: socket.id }));
      }

      // One socket's events run one at a time, in arrival order: a candidate never overtakes its offer, and
      // a hang-up sent just before the socket closes is handled before the disconnect.
      let queue: Promise<void> = Promise.resolve();
      const inOrder = (fn: () => Promise<void>) => {
        queue = queue.then(fn, fn);
      };
      for (const handler of handlers) {
        socket.on(handler.event, (...args: unknown[]) => inOrder(() => runHandler(handler, socket, me, args)));
      }
      socket.on('disconnect', () => {
        limiter.delete(socket.id).catch(() => {});
        inOrder(() =>
          calls.socketLost(me.userId, socket.id).catch((err) => refused('disconnect' as ClientEventName, err)),
        );
      });
    });

    async function runHandler(
      handler: (typeof handlers)[number],
      socket: HandlerContext['socket'],
      me: SocketIdentity,
      args: unknown[],
    ) {
      const last = args[args.length - 1];
      const ack = typeof last === 'function' ? (last as (a: unknown) => void) : () => {};
      const afters: (() => Promise<void> | void)[] = [];
      const ctx: HandlerContext = { socket, me, calls, send, afterAck: (fn) => afters.push(fn) };
      try {
        if (!NEVER_LIMITED.has(handler.event)) {
          await limiter.consume(socket.id).catch(() => {
            throw new CallingError('rate_limited', 'too many events; slow down');
          });
        }
        const payload = parsePayload(handler.event, args[0]);
        ack({ ok: true, ...(await handler.run(payload as never, ctx)) });
      } catch (err) {
        refused(handler.event, err);
        ack(errorAck(err));
        return;
      }
      // Bookkeeping after the ack (a database write) must not hold up this socket's next relayed message.
      void (async () => {
        for (const fn of afters) {
          try {
            await fn();
          } catch (err) {
            refused(handler.event, err);
          }
        }
      })();
    }
  }

  function refused(event: ClientEventName, err: unknown) {
    const code = err instanceof CallingError ? err.code : 'internal';
    deps.metrics.refused.inc({ event, code });
    if (code === 'internal') deps.logger.error({ event, err: (err as Error).message }, 'event handler failed');
    else deps.logger.debug({ event, code }, 'event refused');
  }

  return { io, send, isOnline, attach };
}
export type Signaling = ReturnType<typeof createSignaling>;

import { join } from 'node:path';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createTokenService, resolveJwtSecret } from './auth/tokens';
import { turnConfigured } from './calls/ice-servers';
import { CallService } from './calls/service';
import type { Config } from './config';
import { type DemoAccount, seedDemo } from './demo/seed';
import type { HttpDeps } from './http/deps';
import { errorReply, installErrorHandling } from './http/errors';
import { registerRoutes } from './http/route';
import { authRoutes } from './http/routes/auth';
import { bookingRoutes } from './http/routes/bookings';
import { callRoutes } from './http/routes/calls';
import { meRoutes } from './http/routes/me';
import { demoRoutes, registerOpsRoutes } from './http/routes/ops';
import { registerWebApps } from './http/web-apps';
import { createLogger, type Logger } from './ops/logger';
import { createMetrics } from './ops/metrics';
import { createSignaling } from './signaling/server';
import { bookingsRepo } from './store/bookings';
import { callLogsRepo } from './store/call-logs';
import { type Db, openPglite, openPostgres } from './store/db';
import { migrate } from './store/migrate';
import { usersRepo } from './store/users';

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  db: Db;
  calls: CallService;
  logger: Logger;
  demoAccounts: DemoAccount[] | null;
  webApps: string[];
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** An already open database (tests share one PGlite across restarts). Not closed by close(). */
  db?: Db;
}

/** Opens the store, wires REST + signaling on one HTTP server, restores live calls, listens. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const ownsDb = !opts.db;
  const db =
    opts.db ??
    (config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(join(config.dataDir, 'pglite')));
  await migrate(db);

  const tokens = createTokenService({
    secret: await resolveJwtSecret(config.jwtSecret, config.dataDir),
    jwksUrl: config.jwksUrl,
    issuer: config.jwtIssuer,
    ttlS: config.jwtTtlS,
  });
  const users = usersRepo(db);
  const bookings = bookingsRepo(db);
  const callLogs = callLogsRepo(db);
  const demoAccounts = config.demo ? await seedDemo(users, bookings) : null;

  const app = Fastify({
    // Request lines are noise at this volume; errors still log at warn and above.
    loggerInstance: logger.child({ part: 'http' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    // Malformed or overlong paths are refused before routing; they get the error envelope too.
    frameworkErrors: errorReply,
  }) as unknown as FastifyInstance;
  let shuttingDown = false;
  let calls: CallService | undefined;
  const metrics = createMetrics({
    connectedSockets: () => signaling.io.engine.clientsCount,
    liveCallsByState: () => {
      const counts: Record<string, number> = {};
      for (const c of calls?.live.all() ?? []) counts[c.state] = (counts[c.state] ?? 0) + 1;
      return counts;
    },
  });
  const signaling = createSignaling(app.server, {
    tokens,
    logger: logger.child({ part: 'signaling' }),
    metrics,
    corsOrigins: config.corsOrigins,
    eventsPer10s: config.socketEventsPer10s,
  });
  const service = new CallService({
    calls: callLogs,
    bookings,
    users,
    send: signaling.send,
    isOnline: signaling.isOnline,
    timing: { ringTimeoutMs: config.ringTimeoutS * 1000, reconnectGraceMs: config.reconnectGraceS * 1000 },
    ice: config,
    relayPolicy: config.relayOnly,
    logger: logger.child({ part: 'calls' }),
    metrics,
  });
  calls = service;

  installErrorHandling(app);
  await app.register(cors, { origin: config.corsOrigins.length ? config.corsOrigins : false });
  await app.register(rateLimit, { max: config.apiRateLimitPerMin, timeWindow: 60_000 });
  const deps: HttpDeps = {
    config,
    db,
    tokens,
    users,
    bookings,
    callLogs,
    calls: service,
    metrics,
    demoAccounts,
    isShuttingDown: () => shuttingDown,
  };
  registerOpsRoutes(app, deps);
  registerRoutes(app, tokens, [
    ...authRoutes(deps),
    ...meRoutes(deps),
    ...bookingRoutes(deps),
    ...callRoutes(deps),
    ...demoRoutes(deps),
  ]);
  const webApps = await registerWebApps(app, config.webAppsDir);
  app.setNotFoundHandler((req, reply) => {
    const spa = req.method === 'GET' ? webApps.fallback(req.url.split('?')[0] ?? '') : null;
    if (spa) return reply.sendFile('index.html', spa.root);
    return reply
      .status(404)
      .send({ status: 'error', code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
  });

  await service.start();
  signaling.attach(service);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  if (!turnConfigured(config)) {
    logger.warn(
      'no TURN server configured (TURN_URLS/TURN_SECRET): calls between networks that block direct UDP will fail',
    );
  }

  return {
    url,
    port,
    config,
    db,
    calls: service,
    logger,
    demoAccounts,
    webApps: webApps.served,
    async close() {
      // Calls stay live in the database: clients resume on the next start (or another node).
      shuttingDown = true;
      await service.stop();
      await new Promise<void>((resolve) => signaling.io.close(() => resolve()));
      await app.close().catch(() => {});
      if (ownsDb) await db.close();
    },
  };
}

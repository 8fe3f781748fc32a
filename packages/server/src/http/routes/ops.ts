import { CallingError } from '@calling/protocol';
import type { FastifyInstance } from 'fastify';
import { turnConfigured } from '../../calls/ice-servers';
import type { HttpDeps } from '../deps';
import { defineRoute } from '../route';

/** Probes and metrics: plain responses for orchestrators and Prometheus, outside the API envelope. */
export function registerOpsRoutes(app: FastifyInstance, { db, mode, metrics, config, isShuttingDown }: HttpDeps) {
  // Probes are never rate limited: a load balancer checks every node several times a second.
  const probe = { config: { rateLimit: false } };
  app.get('/healthz', probe, async () => ({ ok: true }));
  app.get('/readyz', probe, async (_req, reply) => {
    if (isShuttingDown()) return reply.status(503).send({ ready: false, reason: 'shutting down' });
    const [database, redis] = await Promise.all([
      db.ping().then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      mode.kind === 'single'
        ? ('none' as const)
        : mode.ping().then(
            () => 'up' as const,
            () => 'down' as const,
          ),
    ]);
    const down = [database === 'down' && 'database', redis === 'down' && 'redis'].filter(Boolean);
    const turn = turnConfigured(config);
    const body = {
      ready: down.length === 0,
      node: mode.nodeId,
      database: db.kind,
      dependencies: { database, redis },
      turn,
      ...(down.length ? { reason: `${down.join(' and ')} unreachable` } : {}),
      ...(turn ? {} : { warning: 'no TURN server configured: calls between networks that block direct UDP will fail' }),
    };
    return reply.status(down.length ? 503 : 200).send(body);
  });
  app.get('/metrics', probe, async (_req, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

/** Demo mode only: the login screens list these accounts so a newcomer can call in seconds. */
export const demoRoutes = ({ demoAccounts }: HttpDeps) => [
  defineRoute({
    method: 'GET',
    url: '/api/demo/accounts',
    auth: false,
    async handler() {
      if (!demoAccounts) throw new CallingError('not_found', 'demo mode is off');
      return { accounts: demoAccounts };
    },
  }),
];

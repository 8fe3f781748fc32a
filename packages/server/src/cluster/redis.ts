import { CallingError } from '@calling/protocol';
import { Redis } from 'ioredis';

/**
 * A Redis connection for call state and presence. Commands time out and fail at once while Redis is away
 * (no offline queue), so an event gets a clear `unavailable` instead of hanging; ioredis reconnects by itself.
 */
export async function openRedis(url: string, opts: { commandTimeoutMs?: number; name: string }): Promise<Redis> {
  const redis = new Redis(url, {
    connectionName: opts.name,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // Commands issued in the same tick (many calls' relays and transitions) go out in one write.
    enableAutoPipelining: true,
    ...(opts.commandTimeoutMs ? { commandTimeout: opts.commandTimeoutMs } : {}),
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(50 * times, 500),
  });
  // A lost connection is reported by /readyz and by each failing command; it must not crash the process.
  redis.on('error', () => {});
  await redis.connect();
  return redis;
}

/** Runs a Redis command, turning a connection failure into the typed error clients understand. */
export async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CallingError) throw err;
    throw new CallingError('unavailable', `${what}: the call state store is unreachable; try again`);
  }
}

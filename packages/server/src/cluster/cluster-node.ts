import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { RedisMailbox } from '../calls/live/redis-mailbox';
import { RedisLiveCalls } from '../calls/live/redis-store';
import type { CallService } from '../calls/service';
import type { Logger } from '../ops/logger';
import { RedisPresence } from '../presence/redis-presence';
import type { Signaling } from '../signaling/server';
import { letGoOfDeadNodes } from './dead-nodes';
import type { NodeMode } from './node-mode';
import { NodeRegistry } from './nodes';
import { openRedis } from './redis';

export interface ClusterNodeOptions {
  redisUrl: string;
  nodeId: string;
  /** Prefix of every key (and the adapter's stream): clusters sharing one Redis keep apart. */
  prefix: string;
  deadAfterMs: number;
  /** How long messages for a party whose socket is away wait for it (the reconnect grace, and some). */
  mailboxKeepMs: number;
  /** How long a device that left still counts as reachable for a new call (the reconnect grace). */
  rejoinWindowMs: number;
  logger: Logger;
}
const BEAT_MS = 1000;

/**
 * One node of many: live calls, presence and limits in Redis, socket.io's Redis streams adapter for events
 * to sockets on other nodes. A node never takes over calls at start: they are already shared.
 */
export async function clusterNode(opts: ClusterNodeOptions): Promise<NodeMode> {
  const state = await openRedis(opts.redisUrl, { name: `calling-${opts.nodeId}`, commandTimeoutMs: 2000 });
  // The adapter's reader blocks on XREAD, so it gets its own connection, with an offline queue: while Redis
  // is away it waits instead of spinning, and resumes the stream from where it stopped.
  const bus = new Redis(opts.redisUrl, {
    connectionName: `calling-${opts.nodeId}-bus`,
    enableAutoPipelining: true,
    retryStrategy: (n) => Math.min(50 * n, 500),
  });
  bus.on('error', () => {});
  // Each start of a node is its own member of the cluster: a node restarted under the same NODE_ID must not have
  // its fresh sockets let go of when another node cleans up after its previous run.
  const member = `${opts.nodeId}#${randomBytes(4).toString('hex')}`;
  const registry = new NodeRegistry(state, { nodeId: member, prefix: opts.prefix, deadAfterMs: opts.deadAfterMs });
  const presence = new RedisPresence(state, registry, opts.prefix, opts.rejoinWindowMs);
  const live = new RedisLiveCalls(state, opts.prefix);
  let beat: NodeJS.Timeout | null = null;
  let signaling: Signaling | null = null;

  async function heartbeat() {
    if (!(await registry.beat()) && signaling) {
      // Another node thought this one dead and let go of its sockets: make every client reconnect and resume.
      opts.logger.warn({ member }, 'this node was declared dead; reconnecting its clients');
      for (const socket of signaling.io.of('/').sockets.values()) socket.conn.close();
    }
  }

  return {
    kind: 'cluster',
    nodeId: opts.nodeId,
    live,
    mailbox: new RedisMailbox(state, opts.prefix, opts.mailboxKeepMs),
    presence,
    adapter: createAdapter(bus, { streamName: `${opts.prefix}socket.io`, maxLen: 50_000 }),
    limiter: (name, points, duration) =>
      new RateLimiterRedis({ storeClient: state, keyPrefix: `${opts.prefix}limit:${name}`, points, duration }),
    ping: async () => {
      await state.ping();
    },
    async start(_calls: CallService, s: Signaling) {
      signaling = s;
      await heartbeat();
      beat = setInterval(() => void heartbeat(), BEAT_MS);
      beat.unref();
    },
    async sweepExtra(calls: CallService) {
      await letGoOfDeadNodes({ registry, presence, calls, logger: opts.logger });
    },
    async stop() {
      if (beat) clearInterval(beat);
      await registry.leave();
      state.disconnect();
      bus.disconnect();
    },
  };
}

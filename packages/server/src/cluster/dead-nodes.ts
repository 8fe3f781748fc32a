import type { CallService } from '../calls/service';
import type { Logger } from '../ops/logger';
import type { RedisPresence } from '../presence/redis-presence';
import type { NodeRegistry } from './nodes';

export interface DeadNodeCleanup {
  registry: Pick<NodeRegistry, 'claimDead' | 'markDead'>;
  presence: Pick<RedisPresence, 'socketsOf' | 'removeOf'>;
  calls: Pick<CallService, 'socketLost'>;
  logger: Logger;
}

/**
 * The sockets of nodes that died, let go of: each bound call enters its reconnect grace, then presence forgets
 * the socket. A node claimed here and not finished (a failed write) goes back on the list as dead, so a later
 * round of any node finishes it.
 */
export async function letGoOfDeadNodes({ registry, presence, calls, logger }: DeadNodeCleanup): Promise<void> {
  for (const dead of await registry.claimDead()) {
    try {
      const sockets = await presence.socketsOf(dead);
      logger.warn({ node: dead, sockets: sockets.length }, 'node is gone; letting go of its sockets');
      for (const [userId, socketId] of sockets) {
        // The call first: a socket forgotten before its call heard of it would stay bound to the call for good.
        await calls.socketLost(userId, socketId);
        await presence.removeOf(dead, userId, socketId);
      }
    } catch (err) {
      logger.warn({ node: dead, err: (err as Error).message }, 'letting go of a dead node failed; retrying');
      await registry.markDead(dead);
    }
  }
}

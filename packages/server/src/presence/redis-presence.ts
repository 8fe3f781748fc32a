import type { Redis } from 'ioredis';
import type { NodeRegistry } from '../cluster/nodes';
import { guarded, KEY_PREFIX } from '../cluster/redis';
import type { Presence } from './presence';

const devicesKey = (userId: string) => `${KEY_PREFIX}presence:${userId}`;
export const nodeSocketsKey = (nodeId: string) => `${KEY_PREFIX}node-sockets:${nodeId}`;

/**
 * Presence in Redis: per person, socket id -> node id; per node, the sockets it holds (so the sockets of a
 * node that died can be found and let go). A device counts only while its node is alive.
 */
export class RedisPresence implements Presence {
  constructor(
    private readonly redis: Redis,
    private readonly nodes: NodeRegistry,
  ) {}
  add(userId: string, socketId: string) {
    return guarded('presence', async () => {
      await this.redis
        .multi()
        .hset(devicesKey(userId), socketId, this.nodes.nodeId)
        .sadd(nodeSocketsKey(this.nodes.nodeId), `${userId} ${socketId}`)
        .exec();
    });
  }
  remove(userId: string, socketId: string) {
    return this.removeOf(this.nodes.nodeId, userId, socketId);
  }
  /** Lets go of a socket that `nodeId` held. */
  removeOf(nodeId: string, userId: string, socketId: string) {
    return guarded('presence', async () => {
      await this.redis
        .multi()
        .hdel(devicesKey(userId), socketId)
        .srem(nodeSocketsKey(nodeId), `${userId} ${socketId}`)
        .exec();
    });
  }
  devices(userId: string) {
    return guarded('presence', async () => {
      const nodes = await this.redis.hvals(devicesKey(userId));
      return nodes.filter((n) => this.nodes.isAlive(n)).length;
    });
  }
  /** The sockets a node held, as [userId, socketId]. */
  async socketsOf(nodeId: string): Promise<[string, string][]> {
    const members = await this.redis.smembers(nodeSocketsKey(nodeId));
    return members.map((m) => m.split(' ') as [string, string]);
  }
}

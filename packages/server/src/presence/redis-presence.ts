import type { Redis } from 'ioredis';
import type { NodeRegistry } from '../cluster/nodes';
import { guarded } from '../cluster/redis';
import type { Presence } from './presence';

/**
 * Presence in Redis: per person, socket id -> node id; per node, the sockets it holds (so the sockets of a
 * node that died can be found and let go). A device counts only while its node is alive.
 */
export class RedisPresence implements Presence {
  constructor(
    private readonly redis: Redis,
    private readonly nodes: NodeRegistry,
    private readonly prefix: string,
    /** How long a device that left still counts as reachable (the reconnect grace). */
    private readonly rejoinWindowMs: number,
  ) {}
  private devicesKey = (userId: string) => `${this.prefix}presence:${userId}`;
  private leftKey = (userId: string) => `${this.prefix}presence-left:${userId}`;
  private nodeSocketsKey = (nodeId: string) => `${this.prefix}node-sockets:${nodeId}`;
  add(userId: string, socketId: string) {
    return guarded('presence', async () => {
      await this.redis
        .multi()
        .hset(this.devicesKey(userId), socketId, this.nodes.nodeId)
        .sadd(this.nodeSocketsKey(this.nodes.nodeId), `${userId} ${socketId}`)
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
        .hdel(this.devicesKey(userId), socketId)
        .srem(this.nodeSocketsKey(nodeId), `${userId} ${socketId}`)
        .set(this.leftKey(userId), nodeId, 'PX', Math.max(1, this.rejoinWindowMs))
        .exec();
    });
  }
  devices(userId: string) {
    return guarded('presence', async () => {
      const nodes = await this.redis.hvals(this.devicesKey(userId));
      return nodes.filter((n) => this.nodes.isAlive(n)).length;
    });
  }
  reachable(userId: string) {
    return guarded('presence', async () => {
      if ((await this.devices(userId)) > 0) return true;
      return (await this.redis.exists(this.leftKey(userId))) === 1;
    });
  }
  /** The sockets a node held, as [userId, socketId]. */
  async socketsOf(nodeId: string): Promise<[string, string][]> {
    const members = await this.redis.smembers(this.nodeSocketsKey(nodeId));
    return members.map((m) => m.split(' ') as [string, string]);
  }
}

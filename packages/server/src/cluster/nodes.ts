import type { Redis } from 'ioredis';

/**
 * Heartbeat: fails (returns 0) if this node was declared dead meanwhile, so it knows it was fenced: claimed
 * (gone from the set) or marked dead for a later claim (score 0).
 */
const BEAT = `
local known = redis.call('zscore', KEYS[1], ARGV[1])
redis.call('zadd', KEYS[1], ARGV[2], ARGV[1])
if (known and tonumber(known) > 0) or ARGV[3] == '1' then return 1 end
return 0`;

export interface NodeRegistryOptions {
  /** This run of this node (NODE_ID and a per-start suffix). */
  nodeId: string;
  prefix: string;
  /** A node silent for this long is dead: its sockets are let go and its calls' parties count as away. */
  deadAfterMs: number;
  now?: () => number;
}

/**
 * The cluster's nodes, each with its last heartbeat (a sorted set in Redis). Every node beats; any node may
 * claim a dead one (ZREM succeeds for exactly one claimer) and let go of its sockets.
 */
export class NodeRegistry {
  readonly nodeId: string;
  /** Nodes whose last heartbeat is too old: their sockets do not count as online. */
  private silent = new Set<string>();
  private healthySince: number | null = null;
  private first = true;
  private readonly now: () => number;
  private readonly NODES: string;

  constructor(
    private readonly redis: Redis & { nodeBeat?(k: string, ...a: string[]): Promise<number> },
    private readonly opts: NodeRegistryOptions,
  ) {
    this.nodeId = opts.nodeId;
    this.now = opts.now ?? Date.now;
    this.NODES = `${opts.prefix}nodes`;
    redis.defineCommand('nodeBeat', { numberOfKeys: 1, lua: BEAT });
  }

  isAlive(nodeId: string) {
    return nodeId === this.nodeId || !this.silent.has(nodeId);
  }

  /** One heartbeat; returns false if this node had been declared dead (fenced) since its last one. */
  async beat(): Promise<boolean> {
    const now = this.now();
    try {
      const known = await this.redis.nodeBeat?.(this.NODES, this.nodeId, String(now), this.first ? '1' : '0');
      this.first = false;
      this.silent = new Set(await this.redis.zrangebyscore(this.NODES, '-inf', now - this.opts.deadAfterMs));
      this.healthySince ??= now;
      return known === 1;
    } catch {
      this.healthySince = null;
      return true;
    }
  }

  /**
   * Dead nodes this node now owns the cleanup of. Only after this node's own heartbeats have worked for a whole
   * dead-after period: after a Redis outage every node's last beat is old, and none is dead for that.
   */
  async claimDead(): Promise<string[]> {
    const now = this.now();
    if (this.healthySince === null || now - this.healthySince < this.opts.deadAfterMs) return [];
    const dead = await this.redis.zrangebyscore(this.NODES, '-inf', now - this.opts.deadAfterMs);
    const claimed: string[] = [];
    for (const id of dead) {
      if (id !== this.nodeId && (await this.redis.zrem(this.NODES, id)) === 1) claimed.push(id);
    }
    return claimed;
  }

  /** A node that stops on purpose marks itself dead at once, so another node lets go of what it held. */
  async leave() {
    await this.markDead(this.nodeId);
  }

  /** Puts a node on the list as long dead: the next claim (of any node) takes it, and its next beat is fenced. */
  async markDead(nodeId: string) {
    await this.redis.zadd(this.NODES, 0, nodeId).catch(() => {});
  }
}

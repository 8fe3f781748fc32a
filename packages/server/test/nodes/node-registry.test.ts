import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeRegistry } from '../../src/cluster/nodes';

// The machine's Redis (as the cluster tests use it), under a prefix of this file's own.
const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
const prefix = `test-registry-${randomUUID()}:`;
afterAll(async () => {
  await redis.del(`${prefix}nodes`);
  redis.disconnect();
});

describe('the node registry: a node declared dead learns it at its next heartbeat', () => {
  const clock = { now: 1_000_000 };
  const node = (nodeId: string) => new NodeRegistry(redis, { nodeId, prefix, deadAfterMs: 2000, now: () => clock.now });

  it('claimed by another node, or put back as dead after a cleanup that failed: fenced either way', async () => {
    const a = node('a#1');
    const b = node('b#1');
    expect(await a.beat()).toBe(true);
    expect(await b.beat()).toBe(true);
    // b has been healthy for a whole dead-after period; a has been silent for it.
    clock.now += 2500;
    expect(await b.beat()).toBe(true);
    expect(await b.claimDead()).toEqual(['a#1']);
    // b's cleanup of a failed halfway: a goes back on the list as dead, for a later claim.
    await b.markDead('a#1');
    expect(await a.beat()).toBe(false);
    // a beat again: alive, and not fenced twice.
    expect(await a.beat()).toBe(true);

    clock.now += 2500;
    expect(await b.beat()).toBe(true);
    expect(await b.claimDead()).toEqual(['a#1']);
    expect(await a.beat()).toBe(false);
  });
});

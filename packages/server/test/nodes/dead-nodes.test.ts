import { describe, expect, it } from 'vitest';
import { letGoOfDeadNodes } from '../../src/cluster/dead-nodes';
import { createLogger } from '../../src/ops/logger';

/** A registry, presence and call service in memory that log what was done to them, in order. */
function world(failSocketLostTimes: number) {
  const done: string[] = [];
  const deadList = new Set(['node-2#old']);
  const sockets = new Map<string, [string, string][]>([
    [
      'node-2#old',
      [
        ['alice', 's1'],
        ['bob', 's2'],
      ],
    ],
  ]);
  let failures = failSocketLostTimes;
  return {
    done,
    deadList,
    sockets,
    cleanup: {
      registry: {
        async claimDead() {
          const claimed = [...deadList];
          deadList.clear();
          return claimed;
        },
        async markDead(nodeId: string) {
          done.push(`dead again ${nodeId}`);
          deadList.add(nodeId);
        },
      },
      presence: {
        async socketsOf(nodeId: string) {
          return [...(sockets.get(nodeId) ?? [])];
        },
        async removeOf(nodeId: string, userId: string, socketId: string) {
          done.push(`forget ${userId} ${socketId}`);
          sockets.set(
            nodeId,
            (sockets.get(nodeId) ?? []).filter(([, s]) => s !== socketId),
          );
        },
      },
      calls: {
        async socketLost(userId: string, socketId: string) {
          if (failures-- > 0) throw new Error('the live call store timed out');
          done.push(`lost ${userId} ${socketId}`);
        },
      },
      logger: createLogger('silent'),
    },
  };
}

describe("letting go of a dead node's sockets", () => {
  it('tells each call before presence forgets the socket', async () => {
    const w = world(0);
    await letGoOfDeadNodes(w.cleanup);
    expect(w.done).toEqual(['lost alice s1', 'forget alice s1', 'lost bob s2', 'forget bob s2']);
    expect(w.deadList.size).toBe(0);
  });

  it('a failed write puts the node back as dead; the next round lets go of the rest', async () => {
    const w = world(1);
    await letGoOfDeadNodes(w.cleanup);
    // Nothing forgotten that its call has not heard of.
    expect(w.done).toEqual(['dead again node-2#old']);
    expect(w.sockets.get('node-2#old')).toHaveLength(2);
    await letGoOfDeadNodes(w.cleanup);
    expect(w.done.slice(1)).toEqual(['lost alice s1', 'forget alice s1', 'lost bob s2', 'forget bob s2']);
    expect(w.sockets.get('node-2#old')).toEqual([]);
    expect(w.deadList.size).toBe(0);
  });
});

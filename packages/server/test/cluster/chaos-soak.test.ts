import { expect, it } from 'vitest';
import { chaosSoak } from '../support/chaos';
import { useCluster } from '../support/cluster-world';

const CALLS = Number(process.env.SOAK_CALLS ?? 1000);
const ctx = useCluster({
  nodes: 3,
  env: { RING_TIMEOUT_S: '4', RECONNECT_GRACE_S: '5', NODE_DEAD_AFTER_MS: '1500', LOG_LEVEL: 'warn' },
});

it(`chaos soak: ${CALLS} calls over 3 nodes with nodes killed and devices dropping; none lost, duplicated or stuck`, async () => {
  const report = await chaosSoak(ctx.cluster, ctx.world, {
    calls: CALLS,
    pairs: 40,
    maxMs: 240_000,
    killEveryMs: 4000,
    dropEveryMs: 300,
    // Ring timeout 4 s + node declared dead 1.5 s + grace 5 s, with margin.
    settleMs: 13_000,
  });
  console.log(`chaos soak: ${JSON.stringify(report)}`);
  expect(report.started).toBeGreaterThanOrEqual(CALLS);
  expect(report.kills).toBeGreaterThan(0);
  expect(report.completed).toBeGreaterThan(CALLS / 2);
  expect(report.durationsCompared).toBeGreaterThan(CALLS / 2);
  expect({ lost: report.lost, duplicated: report.duplicated, stuck: report.stuck }).toEqual({
    lost: 0,
    duplicated: 0,
    stuck: 0,
  });
  expect(report.worstDurationErrorS).toBeLessThanOrEqual(1);
}, 330_000);

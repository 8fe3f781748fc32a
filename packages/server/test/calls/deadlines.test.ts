import { afterEach, describe, expect, it } from 'vitest';
import { sleep } from '../support/calls';
import { serviceWorld } from '../support/service-world';

describe('deadlines stored with the call', () => {
  let w: Awaited<ReturnType<typeof serviceWorld>> | null = null;
  afterEach(async () => {
    await w?.close();
    w = null;
  });

  it('a timer that fires before the deadline is due re-arms: the ring timeout still ends the call', async () => {
    w = await serviceWorld({ serviceLagMs: 120 });
    const { callId } = await w.ring();
    await sleep(800);
    expect(await w.live.get(callId)).toBeNull();
    expect(await w.row()).toMatchObject({ id: callId, call_status: 'missed', end_reason: 'no_answer' });
    expect(w.sent.filter((e) => e === 'call:ended')).toHaveLength(2);
  });

  it('a deadline whose store write fails once is applied on the next sweep', async () => {
    w = await serviceWorld();
    w.live.failEndedCommits = 1;
    const { callId } = await w.ring();
    await sleep(900);
    expect(w.live.failEndedCommits).toBe(0);
    expect(await w.row()).toMatchObject({ id: callId, call_status: 'missed', end_reason: 'no_answer' });
    expect(w.sent.filter((e) => e === 'call:ended')).toHaveLength(2);
  });

  it('an ended call whose log write fails is written by a later sweep, once', async () => {
    w = await serviceWorld();
    w.failFinishes.count = 1;
    const { callId } = await w.ring();
    await sleep(450);
    // Ended for the parties at the deadline; the row is still live until the retry.
    expect(await w.live.get(callId)).toBeNull();
    expect(w.sent.filter((e) => e === 'call:ended')).toHaveLength(2);
    expect((await w.live.finishing()).map((c) => c.id)).toEqual([callId]);
    await sleep(900);
    expect(await w.live.finishing()).toEqual([]);
    expect(await w.row()).toMatchObject({ id: callId, call_status: 'missed', end_reason: 'no_answer' });
  });
});
